// Domain model of Raadsbrief. Everything the templates, charts and PDFs see is
// derived from these types; YAML keys (Dutch, typed by the secretariat) are mapped
// onto them in scripts/model/load.ts.

/** A calendar month as "YYYY-MM". */
export type Month = string;
/** A calendar date as "YYYY-MM-DD". */
export type IsoDate = string;

/** CBS's status of a figure: provisional, revised provisional, final (`status` in data/reeksen). */
export type CbsStatus = "voorlopig" | "nader voorlopig" | "definitief";

export interface Observation {
  month: Month;
  value: number;
  /** True when the figure is not from a real source document (sample data). */
  illustrative: boolean;
  /** CBS's status, for figures `npm run import -- cbs` fetched; absent for figures typed or read from a spreadsheet. */
  status?: CbsStatus;
  /** The day the figure was fetched (`opgehaald`), with `status`. */
  retrieved?: IsoDate;
}

/** True for a figure CBS may still revise (voorlopig, nader voorlopig). */
export function isProvisional(o: Pick<Observation, "status">): boolean {
  return o.status === "voorlopig" || o.status === "nader voorlopig";
}

export interface RegionSeries {
  /** Key in the series file, e.g. "emmen". */
  id: string;
  /** Display name, e.g. "Emmen". */
  name: string;
  /** Source line, e.g. "CBS" or "CIV SAM gemeente Emmen". */
  source: string;
  /** Sorted ascending by month, months unique. */
  observations: Observation[];
}

export interface Target {
  region: string;
  date: IsoDate;
  value: number;
  label: string;
  illustrative: boolean;
}

export interface Series {
  id: string;
  title: string;
  /** Unit of a count, e.g. "uitkeringen". */
  unit: string;
  /** Decimals of the values (`decimalen`, 0–3): 0 for counts, e.g. 1 for a percentage such as 5,3. */
  decimals: number;
  regions: RegionSeries[];
  targets: Target[];
  notes: string[];
}

export interface Address {
  street?: string;
  poBox?: string;
  postcode: string;
  city: string;
}

export interface Signatory {
  id: string;
  role: string;
  name: string;
}

export interface Organisation {
  id: string;
  name: string;
  shortName: string;
  /** CBS municipality code, e.g. "gm0114". */
  municipalityCode: string;
  visitingAddress: Address;
  postalAddress: Address;
  phone: string;
  fax?: string;
  email: string;
  website: string;
  /** "burgemeester en wethouders van Emmen," */
  board: string;
  defaultAddressee: string;
  signatories: Signatory[];
  colours: { primary: string; accent: string };
  logo?: string;
  /**
   * Running header from page 2 per document type ("standaard" for the others), a
   * template with {organisatie}, {datum}, {kenmerk} and {blad} (input-rules.ts).
   */
  continuationHeader?: Record<string, string>;
}

/**
 * Who a page says it comes from: its name, logo, colours and contact. The site's own
 * pages wear the site's (data/site.yaml: `uitgever`, or one organisation's); an
 * organisation's pages and letters wear that organisation's.
 */
export interface Identity {
  /** The organisation's id, when this is an organisation's identity. */
  organisation?: string;
  name: string;
  /** In data/ ("logos/emmen.svg"), served from /assets/. */
  logo?: string;
  colours: { primary: string; accent: string };
  email: string;
  phone?: string;
  website?: string;
  visitingAddress?: Address;
  postalAddress?: Address;
}

export interface DocumentType {
  id: string;
  name: string;
  plural: string;
  layout: string;
  /** Front-matter fields required for this type (on top of every document's own). */
  required: string[];
  /** Front-matter fields shown in the reference block, in order. */
  referenceFields: string[];
  /** Woo information category of this type's published documents (scripts/site/woo.ts). */
  wooCategory: string;
}

export type LetterStatus = "concept" | "verzonden";

/** Indicator table: per indicator a target (taakstelling) and a realisation. */
export interface IndicatorTable {
  kind: "indicatoren";
  id: string;
  title: string;
  source: string;
  targetLabel: string;
  realisedLabel: string;
  rows: { indicator: string; target: number; realised: number }[];
  illustrative: boolean;
}

/** Sector table: per sector one or more measures in two years; change computed on one measure. */
export interface SectorTable {
  kind: "sectoren";
  id: string;
  title: string;
  source: string;
  years: [string, string];
  /** Measure id → column label, in display order. */
  measures: { id: string; label: string }[];
  /** The measure whose change (absolute and %) is computed. */
  changeOn: string;
  rows: { code: string; sector: string; values: Record<string, Record<string, number>> }[];
  /** Totals as stated in the source, checked against the computed sums. */
  statedTotal?: Record<string, Record<string, number>>;
  notes: string[];
  illustrative: boolean;
}

/** Yearly values, realised and forecast, optionally with a band. */
export interface ForecastTable {
  kind: "prognose";
  id: string;
  title: string;
  source: string;
  unit: string;
  years: { year: number; value: number; low?: number; high?: number; forecast: boolean; illustrative: boolean }[];
}

/** A budget breakdown: items summing to a stated total, plus items on top of it. */
export interface BudgetTable {
  kind: "begroting";
  id: string;
  title: string;
  total: number;
  items: { label: string; amount: number; onTop: boolean }[];
}

export type DataTable = IndicatorTable | SectorTable | ForecastTable | BudgetTable;

/** Figure kinds drawn from a table in data/tabellen/, and the table kind each needs. */
export const TABLE_FIGURE_KINDS = {
  indicatoren: "indicatoren",
  sectoren: "sectoren",
  sectorgrafiek: "sectoren",
  prognose: "prognose",
  begroting: "begroting",
} as const satisfies Record<string, DataTable["kind"]>;
export type TableFigureKind = keyof typeof TABLE_FIGURE_KINDS;

/** A figure computed from a monthly series in data/reeksen/. */
export interface SeriesFigureDefinition {
  id: string;
  kind: "vergelijking" | "trend";
  series: string;
  regions: string[];
  from: Month;
  title?: string;
}

/** A figure computed from a table in data/tabellen/. */
export interface TableFigureDefinition {
  id: string;
  kind: TableFigureKind;
  table: string;
  title?: string;
}

/** A figure placed in a letter with {% figuur "id" %}. */
export type FigureDefinition = SeriesFigureDefinition | TableFigureDefinition;

export function isSeriesFigure(def: FigureDefinition): def is SeriesFigureDefinition {
  return def.kind === "vergelijking" || def.kind === "trend";
}

export interface Letter {
  /** Path relative to the project root, e.g. "content/emmen/2015/2015-09-29-....md". */
  inputPath: string;
  /** File name without date prefix and extension. */
  slug: string;
  url: string;
  pdfUrl: string;
  type: string;
  organisation: string;
  date: IsoDate;
  peildatum: IsoDate;
  subject: string;
  title: string;
  onsKenmerk: string;
  uwKenmerk: string;
  bijlage: string;
  afdeling: string;
  team: string;
  behandeldDoor: string;
  phone: string;
  email: string;
  addressee: string;
  salutation: string;
  closing: string;
  signatories: string[];
  /** "van" of a memo: who sends it. */
  from: string;
  /** Report year (jaarverslag). */
  year?: number;
  /** Overrides the organisation's board line above the signatures ("Namens de voorzitter,"). */
  onBehalfOf?: string;
  status: LetterStatus;
  figures: FigureDefinition[];
  /** For an erratum: the ons kenmerk of the letter it corrects. */
  corrects?: string;
  /** Letter sequence, e.g. "investeringsplan", with its ordinal. */
  sequence?: { id: string; number: number };
  illustrative: boolean;
}

/**
 * What one page may show of another letter (listings, the feed, errata links): all
 * but its figures. Pages see no other letter's figures or text, so editing those
 * re-renders that letter's page only (pipeline/incremental.ts).
 */
export type LetterSummary = Omit<Letter, "figures">;

/** The data a letter's figures are computed from: frozen as-is at publication. */
export interface LetterData {
  series: Record<string, Series>;
  tables: Record<string, DataTable>;
}
