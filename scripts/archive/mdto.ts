// MDTO metadata sidecars for an archived letter: one document for the letter (the
// informatieobject) and one for its PDF (the bestand), as MDTO-XML 1.0.2 requires
// (an <MDTO> root holds exactly one of the two). Same input, same bytes: no clock,
// no randomness, fixed element order.
//
// Element order follows the xs:sequence in MDTO-XML1.0.2.xsd; a wrong order is a
// schema error, so the builders below list elements in schema order.
//
// Concepts (begrip) come from a begrippenlijst. Where the Nationaal Archief publishes
// one for MDTO we use its name as the NA's own examples spell it; where it does not,
// the list is ours and named "... Raadsbrief", so nobody mistakes it for an NA list.

import { letterDateToXmpDate } from "../pdf/metadata.ts";
import type { DocumentType, IsoDate, Letter, Organisation } from "../model/types.ts";

export interface ArchivedPdf {
  fileName: string;
  bytes: number;
  /** SHA-256 of the file, hex. */
  sha256: string;
  /** Version in the PDF header, e.g. "1.7". */
  pdfVersion: string;
  /** The PDF/A level the file claims (scripts/pdf/metadata.ts PDFA). Format identifiers
   *  (DROID, siegfried) report a PDF/A PUID for such a file, not the plain PDF one. */
  pdfa?: { part: number; conformance: string };
}

export interface MdtoInput {
  letter: Letter;
  organisation: Organisation;
  documentType: DocumentType;
  pdf: ArchivedPdf;
  /** The date the checksum was taken / the letter was archived (deterministic: passed in, never the clock). */
  archivedOn: IsoDate;
}

/** Invalid input for a sidecar; the message is Dutch, it is shown to the secretariat. */
export class MdtoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MdtoError";
  }
}

export const MDTO_NAMESPACE = "https://www.nationaalarchief.nl/mdto";
const XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance";
const SCHEMA_LOCATION = `${MDTO_NAMESPACE} https://www.nationaalarchief.nl/mdto/MDTO-XML1.0.2.xsd`;

// --- Begrippenlijsten -------------------------------------------------------------

interface Begrip {
  label: string;
  code?: string;
  lijst: string;
}

// NA lists, named as in the NA's MDTO examples and established MDTO tooling.
const AGGREGATIENIVEAU_ARCHIEFSTUK: Begrip = { label: "Archiefstuk", lijst: "Begrippenlijst Aggregatieniveaus MDTO" };
// A letter to the council is part of the council's decision-making record: kept permanently.
// The selectielijst category (informatiecategorie) is the archivist's call, so not set here.
const WAARDERING_BLIJVEND: Begrip = { label: "Blijvend te bewaren", code: "B", lijst: "Begrippenlijst Waarderingen MDTO" };
const CHECKSUM_SHA256: Begrip = { label: "SHA-256", lijst: "Begrippenlijst ChecksumAlgoritme MDTO" };
/** File formats: The National Archives' PRONOM registry, as MDTO recommends. */
export const PRONOM_LIJST = "PRONOM-register";

// Our own lists: MDTO 1.0 has no NA list for these.
const EVENT_VERZENDING: Begrip = { label: "Verzending", lijst: "Begrippenlijst Eventtypen Raadsbrief" };
const DEKKING_PEILDATUM: Begrip = { label: "Peildatum", lijst: "Begrippenlijst Dekking in tijd Raadsbrief" };
const BEPERKING_OPENBAAR: Begrip = { label: "Openbaar", lijst: "Begrippenlijst Beperkingen gebruik Raadsbrief" };

/** The municipality code (gm0114) is TOOI's code; the register is named as in MDTO tooling. */
const TOOI_GEMEENTEN = "TOOI register gemeenten compleet";
/** ISO 639-1 via xsd:language, as in the NA's MDTO examples. */
const TAAL = "nl";

// --- PRONOM ------------------------------------------------------------------------

// PUIDs from PRONOM (The National Archives, UK): one per PDF version.
const PDF_PUIDS: Record<string, string> = {
  "1.0": "fmt/14",
  "1.1": "fmt/15",
  "1.2": "fmt/16",
  "1.3": "fmt/17",
  "1.4": "fmt/18",
  "1.5": "fmt/19",
  "1.6": "fmt/20",
  "1.7": "fmt/276",
  "2.0": "fmt/1129",
};

const PDFA_PUIDS: Record<string, string> = {
  "1a": "fmt/95",
  "1b": "fmt/354",
  "2a": "fmt/476",
  "2b": "fmt/477",
  "2u": "fmt/478",
  "3a": "fmt/479",
  "3b": "fmt/480",
  "3u": "fmt/481",
};

/** PRONOM PUID for a PDF version: 1.4 → fmt/18, 1.7 → fmt/276, 2.0 → fmt/1129. */
export function pronomForPdf(version: string): { code: string; label: string } {
  const code = PDF_PUIDS[version];
  if (!code) {
    throw new MdtoError(`Onbekende PDF-versie '${version}': verwacht een van ${Object.keys(PDF_PUIDS).join(", ")}.`);
  }
  // PRONOM names PDF 2.0 without "Acrobat".
  const label = version === "2.0" ? "PDF 2.0 - Portable Document Format" : `Acrobat PDF ${version} - Portable Document Format`;
  return { code, label };
}

/** PRONOM PUID for a PDF/A level: part 2, conformance "B" → fmt/477. */
export function pronomForPdfA(part: number, conformance: string): { code: string; label: string } {
  const level = `${part}${conformance.toLowerCase()}`;
  const code = PDFA_PUIDS[level];
  if (!code) {
    throw new MdtoError(`Onbekend PDF/A-niveau '${part}${conformance}': verwacht een van ${Object.keys(PDFA_PUIDS).join(", ")}.`);
  }
  // PRONOM's name is the same for every level (the level is its "version"), so we append it.
  return { code, label: `Acrobat PDF/A - Portable Document Format ${level}` };
}

// --- XML builder ---------------------------------------------------------------------

type XmlNode =
  | { name: string; attrs?: [string, string][]; children: XmlNode[] }
  | { name: string; text: string };

/** An element with children; undefined children are left out (optional elements). */
function el(name: string, ...children: (XmlNode | undefined)[]): XmlNode {
  return { name, children: children.filter((c): c is XmlNode => c !== undefined) };
}

function leaf(name: string, text: string | number): XmlNode {
  return { name, text: String(text) };
}

// XML 1.0 Char production; anything else (control characters, lone surrogates) cannot be written.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function escapeXml(value: string): string {
  const bad = NOT_XML_CHAR.exec(value);
  if (bad) {
    const cp = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    throw new MdtoError(`Teken U+${cp} kan niet in XML staan (in '${value}').`);
  }
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    // A literal CR would be read back as LF.
    .replace(/\r/g, "&#13;");
}

function render(node: XmlNode, depth: number): string {
  const pad = "  ".repeat(depth);
  if ("text" in node) return `${pad}<${node.name}>${escapeXml(node.text)}</${node.name}>\n`;
  const attrs = (node.attrs ?? []).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join("");
  if (node.children.length === 0) return `${pad}<${node.name}${attrs}/>\n`;
  return `${pad}<${node.name}${attrs}>\n${node.children.map((c) => render(c, depth + 1)).join("")}${pad}</${node.name}>\n`;
}

function mdtoDocument(object: XmlNode): string {
  const root: XmlNode = {
    name: "MDTO",
    attrs: [
      ["xmlns", MDTO_NAMESPACE],
      ["xmlns:xsi", XSI_NAMESPACE],
      ["xsi:schemaLocation", SCHEMA_LOCATION],
    ],
    children: [object],
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, 0)}`;
}

// --- MDTO groups (gegevensgroepen) ---------------------------------------------------

interface Identificatie {
  kenmerk: string;
  bron: string;
}

interface Verwijzing {
  naam: string;
  identificatie?: Identificatie;
}

function identificatieNode(name: string, id: Identificatie): XmlNode {
  return el(name, leaf("identificatieKenmerk", id.kenmerk), leaf("identificatieBron", id.bron));
}

function verwijzingNode(name: string, v: Verwijzing): XmlNode {
  return el(
    name,
    leaf("verwijzingNaam", v.naam),
    v.identificatie ? identificatieNode("verwijzingIdentificatie", v.identificatie) : undefined,
  );
}

function begripNode(name: string, b: Begrip): XmlNode {
  return el(
    name,
    leaf("begripLabel", b.label),
    b.code !== undefined ? leaf("begripCode", b.code) : undefined,
    verwijzingNode("begripBegrippenlijst", { naam: b.lijst }),
  );
}

// --- Input checks ---------------------------------------------------------------------

function nonBlank(value: string | undefined, what: string, letter: Letter): string {
  // MDTO 1.0.2 "NietLegeWaarde": at least one non-space character.
  if (value === undefined || value.trim() === "") {
    throw new MdtoError(`${letter.inputPath}: ${what} ontbreekt; die is nodig voor de MDTO-metagegevens.`);
  }
  return value;
}

function isoDate(value: string, what: string, letter: Letter): IsoDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const check = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !check || check.toISOString().slice(0, 10) !== value) {
    throw new MdtoError(`${letter.inputPath}: ${what} '${value}' is geen geldige datum (JJJJ-MM-DD).`);
  }
  return value;
}

function checkInput(input: MdtoInput): void {
  const { letter, organisation, pdf } = input;
  // Only a sent letter is a record; a concept has no sending date to archive.
  if (letter.status !== "verzonden") {
    throw new MdtoError(`${letter.inputPath}: MDTO-metagegevens horen bij een verzonden brief; deze brief is nog een concept.`);
  }
  nonBlank(letter.onsKenmerk, "'ons kenmerk'", letter);
  nonBlank(letter.subject, "het onderwerp", letter);
  nonBlank(organisation.name, "de naam van de organisatie", letter);
  isoDate(letter.date, "de datum", letter);
  if (letter.peildatum) isoDate(letter.peildatum, "de peildatum", letter);
  isoDate(input.archivedOn, "de archiveringsdatum", letter);
  if (!/^gm\d{4}$/.test(organisation.municipalityCode)) {
    throw new MdtoError(`${letter.inputPath}: gemeentecode '${organisation.municipalityCode}' is geen TOOI-gemeentecode (bijvoorbeeld gm0114).`);
  }
  nonBlank(pdf.fileName, "de bestandsnaam van de PDF", letter);
  if (/[/\\]/.test(pdf.fileName)) {
    throw new MdtoError(`${letter.inputPath}: de bestandsnaam '${pdf.fileName}' mag geen map bevatten.`);
  }
  if (!Number.isSafeInteger(pdf.bytes) || pdf.bytes < 0) {
    throw new MdtoError(`${letter.inputPath}: omvang ${pdf.bytes} is geen geldig aantal bytes.`);
  }
  if (!/^[0-9a-fA-F]{64}$/.test(pdf.sha256)) {
    throw new MdtoError(`${letter.inputPath}: '${pdf.sha256}' is geen SHA-256 (64 hexadecimale tekens).`);
  }
}

// --- Shared pieces: the two documents point at each other with the same values --------

function letterIdentificatie(input: MdtoInput): Identificatie {
  return { kenmerk: input.letter.onsKenmerk, bron: `${input.organisation.name}, ons kenmerk` };
}

function pdfIdentificatie(input: MdtoInput): Identificatie {
  return { kenmerk: input.pdf.fileName, bron: "Raadsbrief archief, bestandsnaam" };
}

function archiefvormer(input: MdtoInput): Verwijzing {
  return { naam: input.organisation.name, identificatie: { kenmerk: input.organisation.municipalityCode, bron: TOOI_GEMEENTEN } };
}

function bestandsformaat(pdf: ArchivedPdf): Begrip {
  const format = pdf.pdfa ? pronomForPdfA(pdf.pdfa.part, pdf.pdfa.conformance) : pronomForPdf(pdf.pdfVersion);
  return { label: format.label, code: format.code, lijst: PRONOM_LIJST };
}

/** "Voortgangsrapportage van burgemeester en wethouders van Emmen aan de raad van de gemeente Emmen." */
function omschrijving(input: MdtoInput): string {
  const from = input.organisation.board.replace(/[\s,;:]+$/, "");
  const to = input.letter.addressee.trim();
  let text = `${input.documentType.name} van ${from}`;
  if (to) text += ` aan ${to}`;
  text += ".";
  if (input.letter.bijlage.trim()) text += ` Bijlage: ${input.letter.bijlage.trim()}.`;
  return text;
}

// --- Documents ------------------------------------------------------------------------

/** The letter as an MDTO informatieobject (archiefstuk). */
export function informatieobjectXml(input: MdtoInput): string {
  checkInput(input);
  const { letter } = input;
  const vormer = archiefvormer(input);
  return mdtoDocument(
    el(
      "informatieobject",
      identificatieNode("identificatie", letterIdentificatie(input)),
      leaf("naam", letter.subject),
      begripNode("aggregatieniveau", AGGREGATIENIVEAU_ARCHIEFSTUK),
      leaf("omschrijving", omschrijving(input)),
      // The figures in the letter run up to the peildatum.
      letter.peildatum
        ? el("dekkingInTijd", begripNode("dekkingInTijdType", DEKKING_PEILDATUM), leaf("dekkingInTijdBegindatum", letter.peildatum))
        : undefined,
      leaf("taal", TAAL),
      // The letter's date is the day it was sent to the council.
      el("event", begripNode("eventType", EVENT_VERZENDING), leaf("eventTijd", letter.date), verwijzingNode("eventVerantwoordelijkeActor", vormer)),
      begripNode("waardering", WAARDERING_BLIJVEND),
      verwijzingNode("heeftRepresentatie", { naam: input.pdf.fileName, identificatie: pdfIdentificatie(input) }),
      verwijzingNode("archiefvormer", vormer),
      el(
        "beperkingGebruik",
        begripNode("beperkingGebruikType", BEPERKING_OPENBAAR),
        leaf("beperkingGebruikNadereBeschrijving", "Geen beperkingen: een brief aan de gemeenteraad is openbaar."),
      ),
    ),
  );
}

/** The archived PDF as an MDTO bestand, pointing back at the letter. */
export function bestandXml(input: MdtoInput): string {
  checkInput(input);
  const { pdf } = input;
  return mdtoDocument(
    el(
      "bestand",
      identificatieNode("identificatie", pdfIdentificatie(input)),
      leaf("naam", pdf.fileName),
      leaf("omvang", pdf.bytes),
      begripNode("bestandsformaat", bestandsformaat(pdf)),
      el(
        "checksum",
        begripNode("checksumAlgoritme", CHECKSUM_SHA256),
        leaf("checksumWaarde", pdf.sha256.toLowerCase()),
        // xs:dateTime; noon in Amsterdam on the archiving day, like the PDF's own dates.
        leaf("checksumDatum", letterDateToXmpDate(input.archivedOn)),
      ),
      verwijzingNode("isRepresentatieVan", { naam: input.letter.subject, identificatie: letterIdentificatie(input) }),
    ),
  );
}
