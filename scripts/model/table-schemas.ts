// The JSON Schema of each kind of table in data/tabellen/ (chosen by `soort`). Apart
// from tables.ts, which converts and checks tables: validate.ts compiles these with
// the other schemas, and tables.ts validates through validate.ts (no import circle).
type Schema = Record<string, unknown>;

const text: Schema = { type: "string", minLength: 1 };
const count: Schema = { type: "number" };
const strict = (required: string[], properties: Record<string, Schema>): Schema => ({ type: "object", additionalProperties: false, required, properties });

export const TABLE_KINDS = ["indicatoren", "sectoren", "prognose", "begroting"] as const;

export const tableSchemas: Record<(typeof TABLE_KINDS)[number], Schema> = {
  indicatoren: {
    $id: "tabel-indicatoren",
    ...strict(["soort", "titel", "bron", "kolommen", "rijen"], {
      soort: { const: "indicatoren" },
      titel: text,
      bron: text,
      kolommen: strict(["taakstelling", "realisatie"], { taakstelling: text, realisatie: text }),
      rijen: { type: "array", minItems: 1, items: strict(["indicator", "taakstelling", "realisatie"], { indicator: text, taakstelling: count, realisatie: count }) },
      illustratief: { type: "boolean" },
    }),
  },
  sectoren: {
    $id: "tabel-sectoren",
    ...strict(["soort", "titel", "bron", "jaren", "maten", "verschil_op", "rijen"], {
      soort: { const: "sectoren" },
      titel: text,
      bron: text,
      jaren: { type: "array", minItems: 2, maxItems: 2, items: { type: ["integer", "string"] } },
      maten: { type: "object", minProperties: 1, propertyNames: { pattern: "^[a-z0-9_]+$" }, additionalProperties: text },
      verschil_op: text,
      rijen: {
        type: "array",
        minItems: 1,
        items: strict(["sector", "waarden"], { code: { type: ["string", "integer"] }, sector: text, waarden: { type: "object", additionalProperties: { type: "object", additionalProperties: count } } }),
      },
      totaal: { type: "object", additionalProperties: { type: "object", additionalProperties: count } },
      notities: { type: "array", items: text },
      illustratief: { type: "boolean" },
    }),
  },
  prognose: {
    $id: "tabel-prognose",
    ...strict(["soort", "titel", "bron", "eenheid", "jaren"], {
      soort: { const: "prognose" },
      titel: text,
      bron: text,
      eenheid: text,
      jaren: {
        type: "object",
        minProperties: 2,
        propertyNames: { pattern: "^[12][0-9]{3}$" },
        additionalProperties: {
          anyOf: [count, strict(["waarde"], { waarde: count, laag: count, hoog: count, prognose: { type: "boolean" }, illustratief: { type: "boolean" } })],
        },
      },
    }),
  },
  begroting: {
    $id: "tabel-begroting",
    ...strict(["soort", "titel", "totaal", "posten"], {
      soort: { const: "begroting" },
      titel: text,
      totaal: count,
      posten: { type: "array", minItems: 1, items: strict(["omschrijving", "bedrag"], { omschrijving: text, bedrag: count, bovenop: { type: "boolean" } }) },
    }),
  },
};
