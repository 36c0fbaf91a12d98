// The shape archive/manifest.json must have: a JSON Schema (ajv) for each value,
// then what a schema cannot say (one entry's files belong together). Problems come
// back as Dutch sentences naming the place in the manifest.
import { Ajv, type ErrorObject } from "ajv";

/**
 * What an archived file is: the letter, its frozen figures, its PDF and the two MDTO
 * sidecars; and the article as the site shows it (article.ts): its HTML, its
 * stylesheet and the files it refers to (logo, images, linked files).
 */
export const ROLES = ["brief", "cijfers", "pdf", "mdto-informatieobject", "mdto-bestand", "artikel", "opmaak", "bestand"] as const;

// A path relative to the project root, under archive/ or content/, without "." or ".." steps.
const RELATIVE_PATH = { type: "string", pattern: "^(archive|content)(/[^/\\\\]+)+$", not: { pattern: "(^|/)\\.\\.?(/|$)" } };

const fileSchema = {
  type: "object",
  additionalProperties: false,
  required: ["pad", "bytes", "sha256", "rol"],
  properties: {
    pad: RELATIVE_PATH,
    bytes: { type: "integer", minimum: 0 },
    sha256: { type: "string", pattern: "^[0-9a-f]{64}$" },
    rol: { enum: [...ROLES] },
  },
};

const schema = {
  type: "object",
  additionalProperties: false,
  required: ["versie", "brieven"],
  properties: {
    versie: { const: 1 },
    brieven: {
      type: "object",
      propertyNames: { pattern: "^content/.+\\.md$", not: { pattern: "(^|/)\\.\\.?(/|$)" } },
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["kenmerk", "onderwerp", "gepubliceerd", "bestanden"],
        properties: {
          kenmerk: { type: "string", minLength: 1 },
          onderwerp: { type: "string" },
          gepubliceerd: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
          bestanden: { type: "array", minItems: 1, items: fileSchema },
        },
      },
    },
  },
};

// Compiled once when the module loads; a pure function from then on.
const validate = new Ajv({ allErrors: true, strict: true, validateSchema: false }).compile(schema);

/** "/brieven/content~1emmen~1….md/bestanden/2/sha256" → "brieven["content/emmen/….md"].bestanden[3].sha256". */
function place(instancePath: string): string {
  if (!instancePath) return "het bestand";
  const parts = instancePath.slice(1).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${Number(p) + 1}]` : p.includes("/") ? `["${p}"]` : `${i ? "." : ""}${p}`)).join("");
}

function describe(e: ErrorObject): string {
  const where = `'${place(e.instancePath)}'`;
  switch (e.keyword) {
    case "required":
      return `${where} mist het veld '${e.params.missingProperty}'`;
    case "additionalProperties":
      return `${where} heeft een onbekend veld '${e.params.additionalProperty}'`;
    case "type":
      return `${where} moet ${e.params.type === "integer" ? "een geheel getal" : e.params.type === "array" ? "een lijst" : e.params.type === "object" ? "een blok met velden" : "tekst"} zijn`;
    case "const":
      return `${where} moet ${JSON.stringify(e.params.allowedValue)} zijn`;
    case "enum":
      return `${where} moet een van ${(e.params.allowedValues as string[]).join(", ")} zijn`;
    case "propertyNames":
      return `${where} noemt '${e.params.propertyName}', geen pad van een brief onder content/`;
    default:
      return `${where} heeft een ongeldige waarde`;
  }
}

/** What is wrong with the parsed manifest, as Dutch sentences; empty when it is usable. */
export function manifestShapeProblems(value: unknown): string[] {
  if (!validate(value)) {
    // propertyNames reports the name and then, once more, the pattern it failed: keep one.
    return [...new Set((validate.errors ?? []).filter((e) => !(e.propertyName && e.keyword !== "propertyNames")).map(describe))];
  }
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const brieven = (value as { brieven: Record<string, { bestanden: { pad: string; rol: string }[] }> }).brieven;
  for (const [letter, entry] of Object.entries(brieven)) {
    const count = (rol: string) => entry.bestanden.filter((f) => f.rol === rol).length;
    const brief = entry.bestanden.find((f) => f.rol === "brief");
    if (count("brief") !== 1 || brief?.pad !== letter) problems.push(`'brieven["${letter}"]' moet de brief zelf precies één keer noemen, met rol 'brief'`);
    for (const rol of ["pdf", "mdto-informatieobject", "mdto-bestand"]) {
      if (count(rol) !== 1) problems.push(`'brieven["${letter}"]' moet precies één bestand met rol '${rol}' hebben`);
    }
    if (count("cijfers") > 1) problems.push(`'brieven["${letter}"]' heeft meer dan één bestand met rol 'cijfers'`);
    problems.push(...articleProblems(letter, entry.bestanden, count));
    for (const f of entry.bestanden) {
      const under = f.rol === "brief" || f.rol === "cijfers" ? "content/" : "archive/";
      if (!f.pad.startsWith(under)) problems.push(`'${f.pad}' (rol '${f.rol}') hoort onder ${under}`);
      const other = seen.get(f.pad);
      if (other !== undefined) problems.push(`'${f.pad}' staat twee keer in het manifest (bij ${other} en ${letter})`);
      seen.set(f.pad, letter);
    }
  }
  return problems;
}

/** The article comes whole (HTML and stylesheet, files only with them), in the PDF's folder. */
function articleProblems(letter: string, files: { pad: string; rol: string }[], count: (rol: string) => number): string[] {
  const problems: string[] = [];
  const where = `'brieven["${letter}"]'`;
  for (const rol of ["artikel", "opmaak"]) if (count(rol) > 1) problems.push(`${where} heeft meer dan één bestand met rol '${rol}'`);
  if (count("artikel") !== count("opmaak")) problems.push(`${where} moet een artikel en zijn opmaak samen hebben (rollen 'artikel' en 'opmaak'), of geen van beide`);
  if (count("bestand") > 0 && count("artikel") === 0) problems.push(`${where} heeft bestanden (rol 'bestand') zonder artikel`);
  const pdf = files.find((f) => f.rol === "pdf");
  if (!pdf) return problems;
  const folder = pdf.pad.slice(0, pdf.pad.lastIndexOf("/"));
  for (const f of files) {
    if ((f.rol === "artikel" || f.rol === "opmaak") && f.pad.slice(0, f.pad.lastIndexOf("/")) !== folder) problems.push(`'${f.pad}' (rol '${f.rol}') hoort in ${folder}/, naast de PDF`);
    if (f.rol === "bestand" && !f.pad.startsWith(`${folder}/bestanden/`)) problems.push(`'${f.pad}' (rol 'bestand') hoort onder ${folder}/bestanden/`);
  }
  return problems;
}
