// Domain model of Raadsbrief. Everything the templates, charts and PDFs see is
// derived from these types; YAML keys (Dutch, typed by the secretariat) are mapped
// onto them in scripts/model/load.ts.

/** A calendar month as "YYYY-MM". */
export type Month = string;
/** A calendar date as "YYYY-MM-DD". */
export type IsoDate = string;

export interface Observation {
  month: Month;
  value: number;
  /** True when the figure is not from a real source document (sample data). */
  illustrative: boolean;
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
}

export interface DocumentType {
  id: string;
  name: string;
  plural: string;
  layout: string;
}

export type LetterStatus = "concept" | "verzonden";

/** A figure placed in a letter with {% figuur "id" %}. */
export type FigureDefinition =
  | { id: string; kind: "vergelijking"; series: string; regions: string[]; from: Month; title?: string }
  | { id: string; kind: "trend"; series: string; regions: string[]; from: Month; title?: string };

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
  status: LetterStatus;
  figures: FigureDefinition[];
  /** For an erratum: the ons kenmerk of the letter it corrects. */
  corrects?: string;
  /** Letter sequence, e.g. "investeringsplan", with its ordinal. */
  sequence?: { id: string; number: number };
  illustrative: boolean;
}

/** The data a letter's figures are computed from: frozen as-is at publication. */
export interface LetterData {
  series: Record<string, Series>;
}
