// JSON Schemas for everything the secretariat types in YAML. Keys are Dutch: they
// are the secretariat's interface. Deeper rules (counts, references between files)
// are checked in scripts/model/rules.ts with messages that say what to do.
import { WOO_CATEGORIES } from "./woo-categories.ts";

type Schema = Record<string, unknown>;

const text: Schema = { type: "string", minLength: 1 };
const optionalText: Schema = { type: "string" };
const date: Schema = { type: "string", format: "datum" };
const month: Schema = { type: "string", format: "maand" };
const colour: Schema = { type: "string", pattern: "^#[0-9a-fA-F]{6}$" };
const ID_PATTERN = "^[a-z0-9-]+$";

/** An object with exactly these properties, `required` among them. */
function strict(required: string[], properties: Record<string, Schema>): Schema {
  return { type: "object", additionalProperties: false, required, properties };
}

/** A map from ids (lowercase, digits, hyphens) to items of one schema. */
function idMap(item: Schema, minProperties = 1): Schema {
  return { type: "object", ...(minProperties ? { minProperties } : {}), propertyNames: { pattern: ID_PATTERN }, additionalProperties: item };
}

const address = strict(["postcode", "plaats"], { straat: text, postbus: text, postcode: { type: "string", pattern: "^[1-9][0-9]{3} ?[A-Z]{2}$" }, plaats: text });

export const organisationSchema: Schema = {
  $id: "organisatie",
  type: "object",
  additionalProperties: false,
  required: ["naam", "korte_naam", "gemeentecode", "bezoekadres", "postadres", "telefoon", "email", "website", "college", "geadresseerde", "ondertekenaars", "huisstijl"],
  properties: {
    naam: text,
    korte_naam: text,
    gemeentecode: { type: "string", pattern: "^gm[0-9]{4}$" },
    bezoekadres: address,
    postadres: address,
    telefoon: text,
    fax: text,
    email: { type: "string", format: "email" },
    website: { type: "string", pattern: "^https?://" },
    college: text,
    geadresseerde: text,
    ondertekenaars: idMap(strict(["rol", "naam"], { rol: text, naam: text })),
    huisstijl: strict(["primaire_kleur", "accentkleur"], { primaire_kleur: colour, accentkleur: colour, logo: text }),
    /** Running header from page 2: one template, or one per document type with `standaard` for the rest. */
    vervolgkop: { anyOf: [text, idMap(text, 1)] },
  },
};

/** CBS's status of a figure (Perioden `Status`), in the words of StatLine. */
export const CBS_STATUSES = ["voorlopig", "nader voorlopig", "definitief"] as const;

const observation: Schema = {
  anyOf: [
    { type: "number" },
    strict(["waarde"], {
      waarde: { type: "number" },
      illustratief: { type: "boolean" },
      /** Set by `npm run import -- cbs`: CBS's status of the figure and the day it was fetched. */
      status: { enum: [...CBS_STATUSES] },
      opgehaald: date,
    }),
  ],
};

// Where `npm run import` finds a series' figures (scripts/import/mapping.ts). The
// block on the series holds what its regions share; a region names its own code,
// or a whole block of its own (another table).
const cbsTable: Schema = { type: "string", pattern: "^[0-9A-Za-z]{4,12}$" };
const cbsKey: Schema = { type: "string", pattern: "^[A-Za-z][A-Za-z0-9_]*$" };
const cbsRegion: Schema = { type: "string", pattern: "^[A-Z]{2}[0-9A-Z]{2,8}$" };
const cbsFields = {
  tabel: cbsTable,
  kolom: cbsKey,
  factor: { type: "number" },
  filters: { type: "object", minProperties: 1, propertyNames: { pattern: "^[A-Za-z][A-Za-z0-9_]*$" }, additionalProperties: text },
};
const excelColumn: Schema = { type: "string", pattern: "^[A-Z]{1,3}$" };
const seriesCbs = strict([], cbsFields);
const regionCbs: Schema = { anyOf: [cbsRegion, strict([], { ...cbsFields, regio: cbsRegion })] };
const seriesExcel = strict(["blad", "maanden"], { blad: text, maanden: excelColumn, vanaf_rij: { type: "number" } });

export const seriesSchema: Schema = {
  $id: "reeks",
  type: "object",
  additionalProperties: false,
  required: ["titel", "eenheid", "regios"],
  properties: {
    titel: text,
    eenheid: text,
    omschrijving: optionalText,
    /** Decimals of the values, for percentages and rates (5.3); 0 (default): counts. */
    decimalen: { type: "integer", minimum: 0, maximum: 3 },
    cbs: seriesCbs,
    excel: seriesExcel,
    regios: idMap(
      strict(["naam", "bron", "waarden"], {
        naam: text,
        bron: text,
        cbs: regionCbs,
        excel: excelColumn,
        waarden: { type: "object", minProperties: 1, propertyNames: { format: "maand" }, additionalProperties: observation },
      }),
    ),
    doelen: {
      type: "array",
      items: strict(["regio", "datum", "waarde", "omschrijving"], { regio: text, datum: date, waarde: { type: "number" }, omschrijving: text, illustratief: { type: "boolean" } }),
    },
    notities: { type: "array", items: text },
  },
};

export const siteSchema: Schema = {
  $id: "site",
  type: "object",
  additionalProperties: false,
  required: ["naam", "url"],
  properties: {
    naam: text,
    url: { type: "string", pattern: "^https?://[^/]+(/.*)?$" },
    beschrijving: optionalText,
    /** The site of one organisation: its name, logo, colours and contact on the site's own pages. */
    organisatie: text,
    /** Or who publishes a site of several organisations (a griffie, a regional service). */
    uitgever: strict(["naam", "email"], {
      naam: text,
      email: { type: "string", format: "email" },
      telefoon: text,
      website: { type: "string", pattern: "^https?://" },
      huisstijl: strict([], { primaire_kleur: colour, accentkleur: colour, logo: text }),
    }),
    /** Hosts the narratives may link to, e.g. [cbs.nl, emmen.nl]; subdomains included. */
    externe_links: { type: "array", uniqueItems: true, items: { type: "string", pattern: "^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$" } },
  },
};

/** Front-matter fields a document type may require or show in its reference block. */
export const REFERENCE_FIELDS = ["afdeling", "team", "ons_kenmerk", "uw_kenmerk", "bijlage", "behandeld_door", "datum", "telefoon", "email", "aan", "van", "jaar", "onderwerp"] as const;
const fieldList = { type: "array", uniqueItems: true, items: { enum: [...REFERENCE_FIELDS, "peildatum", "ondertekenaars"] } };

export const documentTypesSchema: Schema = {
  $id: "documentsoorten",
  ...idMap(
    strict(["naam", "meervoud", "layout"], {
      naam: text,
      meervoud: text,
      layout: { type: "string", pattern: ID_PATTERN },
      /** Fields this type requires beyond every document's own. */
      verplicht: fieldList,
      /** The reference block, in order. */
      kenmerkblok: fieldList,
      /** The Woo information category of its published documents (scripts/model/woo-categories.ts). */
      woo_categorie: { enum: WOO_CATEGORIES.map((c) => c.key) },
    }),
  ),
};

const seriesFigure = strict(["soort", "reeks", "regios", "vanaf"], {
  soort: { enum: ["vergelijking", "trend"] },
  reeks: text,
  regios: { type: "array", minItems: 1, uniqueItems: true, items: text },
  vanaf: month,
  titel: text,
});
const tableFigure = strict(["soort", "tabel"], {
  soort: { enum: ["indicatoren", "sectoren", "sectorgrafiek", "prognose", "begroting"] },
  tabel: text,
  titel: text,
});
/** A figure from a series (vergelijking, trend) or from a table (the other kinds); `soort` decides. */
const figure: Schema = {
  type: "object",
  required: ["soort"],
  properties: { soort: { enum: ["vergelijking", "trend", "indicatoren", "sectoren", "sectorgrafiek", "prognose", "begroting"] } },
  if: { properties: { soort: { enum: ["vergelijking", "trend"] } } },
  then: seriesFigure,
  else: tableFigure,
};

/** Fields that are text even when they look like numbers ("15.069821"). */
export const LETTER_TEXT_FIELDS = ["ons_kenmerk", "uw_kenmerk", "bijlage", "telefoon", "team", "afdeling", "corrigeert"] as const;

export const letterSchema: Schema = {
  $id: "brief",
  type: "object",
  additionalProperties: false,
  // Per document type more can be required (data/documentsoorten.yaml, `verplicht`).
  required: ["type", "organisatie", "datum", "onderwerp", "ons_kenmerk", "status"],
  properties: {
    type: text,
    organisatie: text,
    datum: date,
    peildatum: date,
    onderwerp: text,
    titel: text,
    ons_kenmerk: text,
    uw_kenmerk: optionalText,
    bijlage: optionalText,
    afdeling: text,
    team: optionalText,
    behandeld_door: text,
    telefoon: text,
    email: { type: "string", format: "email" },
    aan: text,
    van: text,
    jaar: { type: "integer", minimum: 1800, maximum: 2200 },
    aanhef: text,
    slot: text,
    namens: text,
    ondertekenaars: { type: "array", minItems: 1, uniqueItems: true, items: text },
    status: { enum: ["concept", "verzonden"] },
    reeks: strict(["naam", "volgnummer"], { naam: { type: "string", pattern: ID_PATTERN }, volgnummer: { type: "integer", minimum: 1 } }),
    figuren: idMap(figure, 0),
    illustratief: { type: "boolean" },
    corrigeert: text,
  },
};

/** TABLE_KINDS of tables.ts (which imports this module, so it cannot be imported here). */
const FROZEN_TABLE_KINDS = ["indicatoren", "sectoren", "prognose", "begroting"];

/** Schema of a frozen-figures file beside a published letter. */
export const frozenSchema: Schema = {
  $id: "bevroren",
  type: "object",
  additionalProperties: false,
  required: ["brief", "bevroren_op", "reeksen"],
  properties: {
    brief: text,
    bevroren_op: date,
    reeksen: { type: "object", additionalProperties: { $ref: "reeks" } },
    // Each table as in data/tabellen/, checked by the schema of its `soort` (tables.ts).
    tabellen: {
      type: "object",
      additionalProperties: {
        type: "object",
        required: ["soort"],
        properties: { soort: { enum: FROZEN_TABLE_KINDS } },
        allOf: FROZEN_TABLE_KINDS.map((kind) => ({ if: { properties: { soort: { const: kind } } }, then: { $ref: `tabel-${kind}` } })),
      },
    },
  },
};
