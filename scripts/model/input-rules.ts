// Checks on the text of every input file that no schema expresses: characters XML
// cannot carry, front-matter keys that would move or rename a letter's output, and
// an organisation's logo that must be an image in data/logos/.
import { readdirSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import type { Diagnostics } from "./diagnostics.ts";
import { controlCharacter } from "./narrative.ts";
import { suggest } from "./validate.ts";
import type { PathPart, YamlFile } from "./yaml.ts";

/** Reports every text (value or key) with a control character; false if there was one. */
export function checkControlCharacters(yaml: YamlFile, diags: Diagnostics): boolean {
  let ok = true;
  const report = (where: PathPart[], text: string, key: boolean) => {
    const found = controlCharacter(text);
    if (!found) return;
    ok = false;
    const field = where.length ? where.join(".") : "(bestand)";
    diags.error({
      code: "RB-STUURTEKEN",
      file: yaml.file,
      ...yaml.locate(where, { key }),
      message: `${key ? "De sleutel" : "De tekst van"} '${field}' bevat een onzichtbaar stuurteken (${found.code}).`,
      hint: "Verwijder het teken (het komt vaak mee bij kopiëren uit Word of een PDF, of als \\x.. of \\u.... tussen aanhalingstekens): XML, zoals de feed, het archief en de PDF, kan het niet bevatten.",
    });
  };
  const walk = (value: unknown, where: PathPart[]): void => {
    if (typeof value === "string") report(where, value, false);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...where, i]));
    else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        report([...where, k], k, true);
        walk(v, [...where, k]);
      }
    }
  };
  walk(yaml.value, []);
  return ok;
}

/**
 * Front-matter keys with a meaning to site generators (Eleventy's among them): a
 * letter's address, layout and listings are Raadsbrief's to decide.
 */
export const RESERVED_LETTER_KEYS = [
  "permalink",
  "permalinkBypassOutputDir",
  "dynamicPermalink",
  "layout",
  "tags",
  "pagination",
  "eleventyComputed",
  "eleventyExcludeFromCollections",
  "eleventyImport",
  "eleventyNavigation",
  "eleventyDataSchema",
  "templateEngineOverride",
] as const;

/** Reports and removes reserved keys, so the schema does not report them again; false if there was one. */
export function refuseReservedKeys(yaml: YamlFile, diags: Diagnostics): boolean {
  const value = yaml.value as Record<string, unknown>;
  let ok = true;
  for (const key of Object.keys(value)) {
    if (!(RESERVED_LETTER_KEYS as readonly string[]).includes(key) && !/^eleventy/i.test(key)) continue;
    ok = false;
    diags.error({
      code: "RB-VELD-NIET-TOEGESTAAN",
      file: yaml.file,
      ...yaml.locate([key], { key: true }),
      message: `Het veld '${key}' kan niet in een brief staan.`,
      hint: "Raadsbrief bepaalt zelf het adres, de opmaak en de plaats in de lijsten van een brief: /<organisatie>/<jaar>/<maand>/<naam>/, uit de organisatie, de datum en de bestandsnaam. Verwijder de regel; voor een ander adres geeft u het bestand een andere naam.",
    });
    delete value[key];
  }
  return ok;
}

const LOGO_PATH = /^logos\/(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const LOGO_TYPES = new Set([".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif"]);

/**
 * A logo (an organisation's `huisstijl.logo`, the site publisher's
 * `uitgever.huisstijl.logo`): an image file in data/logos/ (the site copies that folder only).
 */
export function checkLogo(root: string, yaml: YamlFile, diags: Diagnostics, where: string[] = ["huisstijl", "logo"]): void {
  let logo: unknown = yaml.value;
  for (const key of where) logo = logo !== null && typeof logo === "object" ? (logo as Record<string, unknown>)[key] : undefined;
  if (typeof logo !== "string") return;
  const error = (message: string, hint: string) => diags.error({ code: "RB-LOGO", file: yaml.file, ...yaml.locate(where), message, hint });
  const logos = path.join(root, "data", "logos");
  const available = () => {
    try {
      return readdirSync(logos).filter((f) => LOGO_TYPES.has(path.extname(f).toLowerCase())).map((f) => `logos/${f}`);
    } catch {
      return [];
    }
  };
  if (!LOGO_PATH.test(logo) || logo.split("/").some((part) => part === "." || part === "..")) {
    return error(`Het logo '${logo}' moet een bestand in data/logos/ zijn.`, "Zet het logo in data/logos/ en schrijf `logo: logos/<naam>.svg` (zonder / vooraan en zonder ..).");
  }
  if (!LOGO_TYPES.has(path.extname(logo).toLowerCase())) {
    return error(`Het logo '${logo}' is geen afbeelding.`, "Gebruik een SVG-, PNG-, JPEG-, WebP- of GIF-bestand.");
  }
  const file = path.join(root, "data", logo);
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) {
    const guess = suggest(logo, available());
    return error(`Het logo data/${logo} bestaat niet.`, guess ? `Bedoelde u '${guess}'?` : "Zet het bestand in data/logos/ of verbeter de naam.");
  }
  const real = path.relative(realpathSync(logos), realpathSync(file));
  if (real.startsWith("..") || path.isAbsolute(real)) error(`Het logo '${logo}' verwijst naar een bestand buiten data/logos/.`, "Zet het logo zelf in data/logos/.");
}

/** The running header's default: "Gemeente Emmen, 29 september 2015, blad 2". */
export const DEFAULT_CONTINUATION_HEADER = "{organisatie}, {datum}, blad {blad}";
export const CONTINUATION_FIELDS = ["organisatie", "datum", "kenmerk", "blad"] as const;
const PLACEHOLDER = /\{([^{}]*)\}/g;

/** An organisation's `vervolgkop`: known placeholders only, {blad} in each, a document type (or `standaard`) as key. */
export function checkContinuationHeader(yaml: YamlFile, documentTypes: ReadonlyMap<string, unknown>, diags: Diagnostics): void {
  const raw = (yaml.value as { vervolgkop?: unknown }).vervolgkop;
  if (raw === undefined) return;
  const entries: [string[], unknown][] = typeof raw === "string" ? [[["vervolgkop"], raw]] : Object.entries(raw as Record<string, unknown>).map(([k, v]) => [["vervolgkop", k], v]);
  for (const [where, template] of entries) {
    const error = (message: string, hint: string, key = false) => diags.error({ code: "RB-VERVOLGKOP", file: yaml.file, ...yaml.locate(where, { key }), message, hint });
    const type = where[1];
    if (type !== undefined && type !== "standaard" && !documentTypes.has(type)) {
      error(`'${type}' in 'vervolgkop' is geen documentsoort.`, `Gebruik 'standaard' of een documentsoort uit data/documentsoorten.yaml: ${[...documentTypes.keys()].join(", ")}.`, true);
      continue;
    }
    if (typeof template !== "string") continue; // the schema said so
    const unknown = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((f) => !(CONTINUATION_FIELDS as readonly string[]).includes(f));
    if (unknown.length) {
      error(`De vervolgkop '${template}' noemt {${unknown[0]}}; dat veld bestaat niet.`, `Gebruik ${CONTINUATION_FIELDS.map((f) => `{${f}}`).join(", ")}, bijvoorbeeld "${DEFAULT_CONTINUATION_HEADER}".`);
    } else if (!template.includes("{blad}")) {
      error(`De vervolgkop '${template}' heeft geen {blad}: de bladen zijn dan niet te onderscheiden.`, `Zet {blad} waar het bladnummer komt, bijvoorbeeld "Volgvel {blad}".`);
    } else if (/[{}]/.test(template.replace(PLACEHOLDER, ""))) {
      error(`De vervolgkop '${template}' heeft een losse accolade.`, "Schrijf velden als {organisatie}, {datum}, {kenmerk} of {blad}, elk met een openende en een sluitende accolade.");
    }
  }
}
