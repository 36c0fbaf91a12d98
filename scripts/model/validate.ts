// Schema validation with ajv, translated into Dutch diagnostics that point at the
// offending key or value in the YAML source.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { closest, distance } from "fastest-levenshtein";
import { isIsoDate, isMonth } from "../figures/months.ts";
import type { Diagnostics } from "./diagnostics.ts";
import * as schemas from "./schemas.ts";
import { tableSchemas } from "./table-schemas.ts";
import type { PathPart, YamlFile } from "./yaml.ts";

export type SchemaName = "organisatie" | "reeks" | "site" | "documentsoorten" | "brief" | "bevroren" | `tabel-${"indicatoren" | "sectoren" | "prognose" | "begroting"}`;

// Module-level: compiled schemas (the schemas are constants of this code), the same for every build.
let ajv: Ajv | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

/** Every schema the validator knows, for the test that checks them against the meta-schema. */
export function allSchemas(): object[] {
  return [schemas.organisationSchema, schemas.seriesSchema, schemas.siteSchema, schemas.documentTypesSchema, schemas.letterSchema, schemas.frozenSchema, ...Object.values(tableSchemas)];
}

function validator(name: SchemaName): ValidateFunction {
  if (!ajv) {
    // validateSchema: false: checking our own schemas against the JSON Schema
    // meta-schema compiles that one first (~40 ms of every run); the unit tests do it
    // once (tests/unit/validation.test.ts). Strict mode still rejects unknown keywords.
    ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true, validateSchema: false });
    ajv.addFormat("datum", { type: "string", validate: isIsoDate });
    ajv.addFormat("maand", { type: "string", validate: isMonth });
    // A pragmatic e-mail check: the schema validator's job, not a full RFC 5322 parser.
    ajv.addFormat("email", { type: "string", validate: (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) });
    for (const schema of allSchemas()) ajv.addSchema(schema);
  }
  let fn = compiled.get(name);
  if (!fn) {
    fn = ajv.getSchema(name);
    if (!fn) throw new Error(`schema ${name} ontbreekt`);
    compiled.set(name, fn);
  }
  return fn;
}

/** The path of an instancePath; a number only where it indexes a list (a key like 2006 stays text). */
function pathParts(instancePath: string, root: unknown): PathPart[] {
  if (!instancePath) return [];
  const parts: PathPart[] = [];
  let value = root;
  for (const raw of instancePath.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const part = Array.isArray(value) && /^\d+$/.test(key) ? Number(key) : key;
    parts.push(part);
    value = value == null ? undefined : (value as Record<string | number, unknown>)[part];
  }
  return parts;
}

function fieldName(path: PathPart[]): string {
  return path.length ? path.map((p) => (typeof p === "number" ? `[${p + 1}]` : p)).join(".").replace(/\.\[/g, "[") : "(bestand)";
}

const TYPE_NL: Record<string, string> = {
  string: "tekst",
  number: "getal",
  integer: "geheel getal",
  boolean: "ja/nee-waarde (true of false)",
  object: "blok met velden",
  array: "lijst",
  null: "leeg",
};

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "leeg";
  if (Array.isArray(v)) return "een lijst";
  if (typeof v === "object") return "een blok met velden";
  if (typeof v === "number") return `het getal ${v}`;
  if (typeof v === "boolean") return `${v}`;
  return `de tekst "${String(v)}"`;
}

/** Suggest the nearest allowed name for a misspelt one ("bedoelde u …?"). */
export function suggest(name: string, allowed: readonly string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const best = closest(name, allowed as string[]);
  return distance(name, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

function valueAt(root: unknown, path: PathPart[]): unknown {
  let v: unknown = root;
  for (const p of path) v = v == null ? undefined : (v as Record<string | number, unknown>)[p];
  return v;
}

/**
 * An error about a number that number-places.ts has refused already: its own message
 * says more (the type error of "3,5", or an anyOf around `{ waarde: "3,5" }`).
 */
function aboutRefused(err: ErrorObject, refused: ReadonlySet<string>): boolean {
  if (refused.has(err.instancePath)) return true;
  const extra = (err.params as { additionalProperty?: string }).additionalProperty;
  if (err.keyword === "additionalProperties" && refused.has(`${err.instancePath}/${String(extra).replace(/~/g, "~0").replace(/\//g, "~1")}`)) return true;
  if (err.keyword !== "anyOf" && !err.schemaPath.includes("/anyOf/")) return false;
  for (const p of refused) if (p.startsWith(`${err.instancePath}/`)) return true;
  return false;
}

/**
 * Validates the parsed YAML against a schema; returns true when valid.
 * Every error becomes a Dutch diagnostic with the position of the key or value,
 * except for numbers in `refused` (pointers), which have their message already.
 */
export function validateSchema(name: SchemaName, yaml: YamlFile, diags: Diagnostics, refused: ReadonlySet<string> = new Set()): boolean {
  const fn = validator(name);
  if (fn(yaml.value)) return true;
  const errors = (fn.errors ?? []) as ErrorObject[];
  // anyOf reports every branch's failure; keep only the anyOf summary.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const seen = new Set<string>();
  for (const err of errors) {
    if (err.keyword !== "anyOf" && anyOfPaths.has(err.instancePath) && err.schemaPath.includes("/anyOf/")) continue;
    if (err.keyword === "if" || err.keyword === "$ref") continue;
    if (aboutRefused(err, refused)) continue;
    const path = pathParts(err.instancePath, yaml.value);
    const key = `${err.keyword}:${err.instancePath}:${JSON.stringify(err.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diags.add(translate(err, path, yaml));
  }
  return false;
}

function translate(err: ErrorObject, path: PathPart[], yaml: YamlFile) {
  const field = fieldName(path);
  const value = valueAt(yaml.value, path);
  const base = { severity: "error" as const, file: yaml.file };
  const parentSchema = err.parentSchema as { properties?: Record<string, unknown> } | undefined;
  switch (err.keyword) {
    case "required": {
      const missing = (err.params as { missingProperty: string }).missingProperty;
      return {
        ...base,
        code: "RB-VERPLICHT-VELD",
        ...yaml.locate(path, { key: true }),
        message: path.length ? `Verplicht veld '${missing}' ontbreekt in '${field}'.` : `Verplicht veld '${missing}' ontbreekt.`,
        hint: `Voeg een regel \`${missing}: …\` toe.`,
      };
    }
    case "additionalProperties": {
      const extra = (err.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys(parentSchema?.properties ?? {});
      const guess = suggest(extra, allowed);
      return {
        ...base,
        code: "RB-ONBEKEND-VELD",
        ...yaml.locate([...path, extra], { key: true }),
        message: `Onbekend veld '${extra}'${path.length ? ` in '${field}'` : ""}.`,
        hint: guess ? `Bedoelde u '${guess}'?` : `Toegestane velden: ${allowed.join(", ")}.`,
      };
    }
    case "type": {
      const expected = String((err.params as { type: string | string[] }).type)
        .split(",")
        .map((t) => TYPE_NL[t] ?? t)
        .join(" of ");
      const looksNumeric = typeof value === "number" && expected === "tekst";
      return {
        ...base,
        code: "RB-TYPE",
        ...yaml.locate(path),
        message: `'${field}' moet ${expected} zijn, maar is ${describeValue(value)}.`,
        hint: looksNumeric ? `Zet de waarde tussen aanhalingstekens, bijvoorbeeld "${yaml.sourceOf(path) ?? value}".` : `Vul een ${expected} in.`,
      };
    }
    case "format": {
      const format = (err.params as { format: string }).format;
      const isKey = err.propertyName !== undefined;
      const shown = isKey ? err.propertyName : String(value);
      const what = format === "datum" ? "geen geldige datum" : format === "maand" ? "geen geldige maand" : format === "email" ? "geen geldig e-mailadres" : `geen geldige ${format}`;
      const hint =
        format === "datum" ? "Schrijf een bestaande datum als JJJJ-MM-DD, bijvoorbeeld 2015-09-29." : format === "maand" ? "Schrijf een maand als JJJJ-MM, bijvoorbeeld 2015-08." : "Controleer de schrijfwijze.";
      return { ...base, code: `RB-${format.toUpperCase()}`, ...yaml.locate(isKey ? [...path, shown as string] : path, { key: isKey }), message: `'${shown}' in '${field}' is ${what}.`, hint };
    }
    case "propertyNames": {
      const name = (err.params as { propertyName: string }).propertyName;
      return {
        ...base,
        code: "RB-SLEUTEL",
        ...yaml.locate([...path, name], { key: true }),
        message: `'${name}' is geen geldige naam in '${field}'.`,
        hint: "Gebruik kleine letters, cijfers en streepjes (bijvoorbeeld 'emmen' of 'bijstand-trend').",
      };
    }
    case "const":
      return { ...base, code: "RB-KEUZE", ...yaml.locate(path), message: `'${field}' moet '${(err.params as { allowedValue: unknown }).allowedValue}' zijn.`, hint: "Controleer de waarde." };
    case "maxItems":
      return { ...base, code: "RB-TE-VEEL", ...yaml.locate(path), message: `'${field}' heeft te veel items.`, hint: `Hoogstens ${(err.params as { limit: number }).limit}.` };
    case "enum": {
      const allowed = (err.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const guess = typeof value === "string" ? suggest(value, allowed) : undefined;
      return {
        ...base,
        code: "RB-KEUZE",
        ...yaml.locate(path),
        message: `'${field}' is ${describeValue(value)}; toegestaan: ${allowed.join(", ")}.`,
        hint: guess ? `Bedoelde u '${guess}'?` : `Kies een van: ${allowed.join(", ")}.`,
      };
    }
    case "anyOf":
      if (path[path.length - 1] === "cbs") {
        return {
          ...base,
          code: "RB-TYPE",
          ...yaml.locate(path),
          message: `'${field}' moet een CBS-regiocode zijn (zoals GM0114 of NL01), of een blok met 'tabel', 'kolom', 'factor', 'filters' en 'regio', maar is ${describeValue(value)}.`,
          hint: "Bijvoorbeeld `cbs: GM0114`, of `cbs: { tabel: 37789ksz, kolom: TotaalBijstandsuitkeringen_11, factor: 1000 }`.",
        };
      }
      // Numbers written the Dutch way ("3.000", "3,5") never get here: number-places.ts refuses them first.
      return {
        ...base,
        code: "RB-WAARDE",
        ...yaml.locate(path),
        message: `'${field}' moet een getal zijn, of een blok met 'waarde' (en eventueel 'illustratief: true', of 'status' en 'opgehaald'), maar is ${describeValue(value)}.`,
        hint: "Bijvoorbeeld `2015-09: 3530`.",
      };
    case "pattern":
      return { ...base, code: "RB-PATROON", ...yaml.locate(path), message: `'${field}' heeft een ongeldige vorm: ${describeValue(value)}.`, hint: patternHint(path) };
    case "minLength":
      return { ...base, code: "RB-LEEG", ...yaml.locate(path), message: `'${field}' is leeg.`, hint: "Vul een waarde in of verwijder de regel." };
    case "minItems":
    case "minProperties":
      return { ...base, code: "RB-LEEG", ...yaml.locate(path), message: `'${field}' is leeg.`, hint: "Vul minstens één item in." };
    case "uniqueItems":
      return { ...base, code: "RB-DUBBEL", ...yaml.locate(path), message: `'${field}' bevat een waarde twee keer.`, hint: "Verwijder de dubbele waarde." };
    case "minimum":
      return { ...base, code: "RB-MINIMUM", ...yaml.locate(path), message: `'${field}' is te klein: ${describeValue(value)}.`, hint: `De waarde moet minstens ${(err.params as { limit: number }).limit} zijn.` };
    default:
      return { ...base, code: "RB-SCHEMA", ...yaml.locate(path), message: `'${field}': ${err.message ?? "ongeldige waarde"}.`, hint: "Controleer deze waarde." };
  }
}

function patternHint(path: PathPart[]): string {
  const last = path[path.length - 1];
  if (last === "postcode") return "Schrijf een postcode als 7811 AP.";
  if (last === "gemeentecode") return "Schrijf de CBS-gemeentecode als gm0114.";
  if (last === "website" || last === "url") return "Begin met https://.";
  if (typeof last === "string" && last.includes("kleur")) return "Schrijf een kleur als #RRGGBB, bijvoorbeeld #00528a.";
  if (path.includes("cbs")) {
    if (last === "tabel") return "Schrijf de tabelcode van CBS StatLine, bijvoorbeeld 82015NED of 37789ksz.";
    if (last === "kolom") return "Schrijf de sleutel (Key) uit de DataProperties van de tabel, bijvoorbeeld TotaalBijstandsuitkeringen_11.";
    if (last === "cbs" || last === "regio") return "Schrijf de CBS-regiocode in hoofdletters, bijvoorbeeld GM0114 of NL01.";
    return "Schrijf de naam van de dimensie zoals in de DataProperties van de tabel, bijvoorbeeld Uitkeringsgrondslag.";
  }
  if (path.includes("excel")) return "Schrijf de kolom als hoofdletter(s), bijvoorbeeld B.";
  return "Gebruik kleine letters, cijfers en streepjes.";
}
