// Post-processing of Chromium's PDF: archival metadata and byte-for-byte
// reproducible output (same letter in, same bytes out, on any day).
//
// What differs between two Chromium prints of the same HTML (checked with
// Chromium 156): /CreationDate and /ModDate in /Info, and the structure-element
// IDs ("node00000036"): they are DOM node ids, which keep growing while a page
// is reused, so a second print in the same tab gets other numbers. Font subset
// tags (AAAAAA+, BAAAAA+) and object numbering are already stable. Chromium
// writes no trailer /ID and no XMP stream.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  PDFArray,
  PDFBool,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRef,
  PDFString,
  type PDFObject,
} from "pdf-lib";
import { isIsoDate } from "../figures/months.ts";
import { letterTimestamp } from "../format/timestamp.ts";
import type { IsoDate } from "../model/types.ts";
import { markPageArtifacts } from "./artifacts.ts";
import { loadPdf } from "./load-pdf.ts";
import { PdfError } from "./errors.ts";
import { flateStream } from "./stream-bytes.ts";

export interface PdfMeta {
  title: string;
  author: string;
  subject?: string;
  keywords?: string[];
  /** BCP 47 language tag of the letter, e.g. "nl-NL". */
  lang: string;
  /** The letter's date; used as creation date so a rebuild gives the same file. */
  date: IsoDate;
}

export const PDF_CREATOR = "Raadsbrief";
/** Zlib-licensed sRGB profile (scripts/pdf/icc/LICENSE.txt). */
const SRGB_ICC = fileURLToPath(new URL("./icc/sRGB.icc", import.meta.url));
/** The PDF/A conformance we claim: 2B ("basic"), the level we can vouch for without veraPDF. */
export const PDFA = { part: 2, conformance: "B" } as const;
/** PDF/UA-1 (ISO 14289-1): claimed in the XMP; tests/pdfua.ts checks what a program can decide. */
export const PDFUA_PART = 1;
export const PDF_PRODUCER = "Raadsbrief (Chromium, pdf-lib)";

export interface FinalizeOptions {
  /** Rewrites link targets (/URI actions), e.g. the printer's fake origin to the public site. */
  rewriteUri?: (uri: string) => string;
}

export async function finalizePdf(pdf: Uint8Array, meta: PdfMeta, options: FinalizeOptions = {}): Promise<Uint8Array> {
  return finalizeDocument(await loadPdf(pdf), meta, options);
}

/** finalizePdf on a PDF pdf-lib has read already (loadPdf): changes `doc`, returns the archived bytes. */
export async function finalizeDocument(doc: PDFDocument, meta: PdfMeta, options: FinalizeOptions = {}): Promise<Uint8Array> {
  const pdfDate = letterDateToPdfDate(meta.date);
  const ctx = doc.context;

  // Replace Chromium's /Info entirely: it holds the browser's user agent and the print time.
  const info = ctx.obj({});
  info.set(PDFName.of("Title"), text(meta.title));
  info.set(PDFName.of("Author"), text(meta.author));
  if (meta.subject) info.set(PDFName.of("Subject"), text(meta.subject));
  if (meta.keywords && meta.keywords.length > 0) {
    // Comma-separated, because keywords may themselves contain spaces.
    info.set(PDFName.of("Keywords"), text(meta.keywords.join(", ")));
  }
  info.set(PDFName.of("Creator"), text(PDF_CREATOR));
  info.set(PDFName.of("Producer"), text(PDF_PRODUCER));
  info.set(PDFName.of("CreationDate"), PDFString.of(pdfDate));
  info.set(PDFName.of("ModDate"), PDFString.of(pdfDate));
  const oldInfo = ctx.trailerInfo.Info;
  if (oldInfo instanceof PDFRef) ctx.assign(oldInfo, info);
  else ctx.trailerInfo.Info = ctx.register(info);

  // Screen readers pick the language from here; viewers show the title instead of the file name.
  doc.catalog.set(PDFName.of("Lang"), PDFString.of(meta.lang));
  // Set by hand: pdf-lib's ViewerPreferences helper adds a /Type key the spec does not define.
  const prefs = doc.catalog.lookupMaybe(PDFName.of("ViewerPreferences"), PDFDict) ?? ctx.obj({});
  prefs.set(PDFName.of("DisplayDocTitle"), PDFBool.True);
  doc.catalog.set(PDFName.of("ViewerPreferences"), prefs);

  renumberStructureIds(doc);
  if (options.rewriteUri) rewriteLinks(doc, options.rewriteUri);
  archivalAnnotations(doc);
  // PDF/UA: Chromium's Strong and Em are PDF 2.0 types, unknown to PDF 1.7: map them to Span.
  mapNonStandardRoles(doc);
  // PDF/UA: what Chromium leaves untagged (margin boxes, backgrounds, rules, watermark) becomes an artifact.
  markPageArtifacts(doc);

  // PDF/A-2: XMP metadata matching /Info, and an sRGB output intent.
  // UTF-8 bytes: given a string, pdf-lib would write Latin-1 and mangle the BOM and é, ë, ’.
  const xmp = ctx.stream(new TextEncoder().encode(xmpPacket(meta, letterDateToXmpDate(meta.date))), { Type: "Metadata", Subtype: "XML" });
  doc.catalog.set(PDFName.of("Metadata"), ctx.register(xmp));
  const icc = flateStream(ctx, readFileSync(SRGB_ICC), { N: 3 });
  const intent = ctx.obj({
    Type: "OutputIntent",
    S: "GTS_PDFA1",
    OutputConditionIdentifier: PDFString.of("sRGB IEC61966-2.1"),
    Info: PDFString.of("sRGB IEC61966-2.1"),
    DestOutputProfile: ctx.register(icc),
  });
  doc.catalog.set(PDFName.of("OutputIntents"), ctx.obj([intent]));

  // The trailer /ID must be unique per document but stable per content: save once
  // with a placeholder ID of the same length, hash that file and write the hash
  // over the placeholder (saving twice cost a third of this function's time).
  ctx.trailerInfo.ID = ctx.obj([PDFHexString.of(ID_PLACEHOLDER), PDFHexString.of(ID_PLACEHOLDER)]);
  const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity });
  const id = createHash("sha256").update(bytes).digest("hex").slice(0, ID_PLACEHOLDER.length);
  return patchTrailerId(bytes, id);
}

const ID_PLACEHOLDER = "0".repeat(32);

/** Replaces the placeholder ID in the trailer (the file's last bytes) with `id`. */
function patchTrailerId(bytes: Uint8Array, id: string): Uint8Array {
  const placeholder = Buffer.from(`<${ID_PLACEHOLDER}>`, "latin1");
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tail = Math.max(0, buffer.length - 4096);
  let patched = 0;
  for (let at = buffer.indexOf(placeholder, tail); at >= 0; at = buffer.indexOf(placeholder, at + placeholder.length)) {
    buffer.write(id, at + 1, "latin1");
    patched++;
  }
  if (patched !== 2) throw new PdfError(`De trailer-ID van de PDF kon niet worden gezet (${patched} plaatsen gevonden).`);
  return bytes;
}

/** "2015-09-29" → "2015-09-29T12:00:00+02:00": the XMP form, the same instant as /CreationDate. */
export function letterDateToXmpDate(date: IsoDate): string {
  letterDateToPdfDate(date); // validates, with the PDF step's own error
  return letterTimestamp(date);
}

const xmlEscape = (v: string) => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

/** The XMP packet: the same title, author, dates and producer as /Info (PDF/A requires they agree). */
export function xmpPacket(meta: PdfMeta, xmpDate: string): string {
  const keywords = meta.keywords && meta.keywords.length > 0 ? meta.keywords.join(", ") : undefined;
  return [
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
    `<x:xmpmeta xmlns:x="adobe:ns:meta/">`,
    `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`,
    `<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">`,
    `<pdfaid:part>${PDFA.part}</pdfaid:part>`,
    `<pdfaid:conformance>${PDFA.conformance}</pdfaid:conformance>`,
    `<pdfuaid:part>${PDFUA_PART}</pdfuaid:part>`,
    // PDF/A-2 knows pdfuaid only when the file describes it (an extension schema).
    `<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">`,
    `<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>`,
    `<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>`,
    `<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>`,
    `<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">`,
    `<pdfaProperty:name>part</pdfaProperty:name>`,
    `<pdfaProperty:valueType>Integer</pdfaProperty:valueType>`,
    `<pdfaProperty:category>internal</pdfaProperty:category>`,
    `<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>`,
    `</rdf:li></rdf:Seq></pdfaSchema:property>`,
    `</rdf:li></rdf:Bag></pdfaExtension:schemas>`,
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(meta.title)}</rdf:li></rdf:Alt></dc:title>`,
    `<dc:creator><rdf:Seq><rdf:li>${xmlEscape(meta.author)}</rdf:li></rdf:Seq></dc:creator>`,
    ...(meta.subject ? [`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(meta.subject)}</rdf:li></rdf:Alt></dc:description>`] : []),
    `<dc:language><rdf:Bag><rdf:li>${xmlEscape(meta.lang)}</rdf:li></rdf:Bag></dc:language>`,
    `<xmp:CreateDate>${xmpDate}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${xmpDate}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${xmpDate}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${xmlEscape(PDF_CREATOR)}</xmp:CreatorTool>`,
    `<pdf:Producer>${xmlEscape(PDF_PRODUCER)}</pdf:Producer>`,
    ...(keywords ? [`<pdf:Keywords>${xmlEscape(keywords)}</pdf:Keywords>`] : []),
    `</rdf:Description>`,
    `</rdf:RDF>`,
    `</x:xmpmeta>`,
    `<?xpacket end="r"?>`,
  ].join("\n");
}

/** PDF/A: every annotation must be printable (/F 4) and a link should say where it goes (/Contents). */
function archivalAnnotations(doc: PDFDocument): void {
  for (const page of doc.getPages()) {
    const annots = page.node.Annots();
    if (!annots || annots.size() === 0) continue;
    // PDF/UA: with annotations on a page, tab order follows the structure.
    page.node.set(PDFName.of("Tabs"), PDFName.of("S"));
    for (let i = 0; i < annots.size(); i++) {
      const annot = annots.lookup(i);
      if (!(annot instanceof PDFDict)) continue;
      annot.set(PDFName.of("F"), doc.context.obj(4));
      if (annot.lookup(PDFName.of("Subtype")) !== PDFName.of("Link") || annot.has(PDFName.of("Contents"))) continue;
      // PDF/UA: a link says where it goes: the address, or the place in this document.
      const action = annot.lookup(PDFName.of("A"));
      const uri = action instanceof PDFDict ? action.lookup(PDFName.of("URI")) : undefined;
      const dest = annot.lookup(PDFName.of("Dest"));
      if (uri instanceof PDFString || uri instanceof PDFHexString) annot.set(PDFName.of("Contents"), text(`Link naar ${uri.decodeText()}`));
      else annot.set(PDFName.of("Contents"), text(internalLinkText(dest)));
    }
  }
}

/** What an internal link points to, in Dutch: "Link naar voetnoot 1", or a place in the document. */
function internalLinkText(dest: PDFObject | undefined): string {
  const name = dest instanceof PDFName ? dest.decodeText() : dest instanceof PDFString || dest instanceof PDFHexString ? dest.decodeText() : "";
  const note = /noot-(\d+)$/.exec(name)?.[1];
  return note ? `Link naar voetnoot ${note}` : "Link naar een andere plaats in dit document";
}

/** Structure types of PDF 2.0 that Chromium writes, as the PDF 1.7 type they mean. */
const ROLE_MAP: Record<string, string> = { Strong: "Span", Em: "Span", Mark: "Span", Sub: "Span", Title: "H1", FENote: "Note", Aside: "Div" };

function mapNonStandardRoles(doc: PDFDocument): void {
  const root = doc.catalog.lookupMaybe(PDFName.of("StructTreeRoot"), PDFDict);
  if (!root) return;
  const used = new Set<string>();
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.lookupMaybe(PDFName.of("Type"), PDFName) !== PDFName.of("StructElem")) continue;
    const s = obj.lookup(PDFName.of("S"));
    if (s instanceof PDFName && ROLE_MAP[s.decodeText()]) used.add(s.decodeText());
  }
  if (used.size === 0) return;
  const map = root.lookupMaybe(PDFName.of("RoleMap"), PDFDict) ?? doc.context.obj({});
  for (const role of [...used].sort()) map.set(PDFName.of(role), PDFName.of(ROLE_MAP[role]!));
  root.set(PDFName.of("RoleMap"), map);
}

/** "2015-09-29" → "D:20150929120000+02'00'": noon in Amsterdam, never the clock. */
export function letterDateToPdfDate(date: IsoDate): string {
  if (!isIsoDate(date)) {
    throw new PdfError(`Ongeldige briefdatum '${date}' voor de PDF: verwacht JJJJ-MM-DD, bijvoorbeeld 2015-09-29.`);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:([+-])(\d{2}):(\d{2})|Z)$/.exec(letterTimestamp(date))!;
  return `D:${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}${m[6]}${m[7] ? `${m[7]}${m[8]}'${m[9]}'` : "Z"}`;
}

function text(value: string): PDFHexString {
  // UTF-16BE with BOM: survives every character in Dutch titles (é, ë, ’, €).
  return PDFHexString.fromText(value);
}

/** Applies `rewrite` to every URI link annotation on every page. */
function rewriteLinks(doc: PDFDocument, rewrite: (uri: string) => string): void {
  for (const page of doc.getPages()) {
    const annots = page.node.Annots();
    if (!annots) continue;
    for (let i = 0; i < annots.size(); i++) {
      const annot = annots.lookup(i);
      if (!(annot instanceof PDFDict)) continue;
      const action = annot.lookup(PDFName.of("A"));
      if (!(action instanceof PDFDict) || action.lookup(PDFName.of("S")) !== PDFName.of("URI")) continue;
      const uri = action.lookup(PDFName.of("URI"));
      if (!(uri instanceof PDFString || uri instanceof PDFHexString)) continue;
      const before = uri.decodeText();
      const after = rewrite(before);
      if (after !== before) action.set(PDFName.of("URI"), PDFString.of(after));
    }
  }
}

const NODE_ID = /^node\d+$/;

const textValue = (v: PDFObject | undefined): string | undefined => (v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined);
const nodeId = (n: number) => PDFString.of(`node${String(n).padStart(8, "0")}`);

/**
 * Chromium names structure elements after DOM node ids ("node00000036"). Blink hands
 * those ids out lazily, so their order depends on what the tab did before (a reused
 * tab, a busy machine), not only on the document. Rename them 1..n in the structure
 * tree's own order (depth first, as the document reads), rewrite /Headers to match and
 * write the /IDTree afresh, sorted by the new names.
 */
function renumberStructureIds(doc: PDFDocument): void {
  const ctx = doc.context;
  const root = doc.catalog.lookupMaybe(PDFName.of("StructTreeRoot"), PDFDict);
  if (!root) return;

  // The elements in document order, each visited once.
  const order: PDFDict[] = [];
  const seen = new Set<PDFDict>();
  const visit = (kid: PDFObject | undefined): void => {
    const k = kid instanceof PDFRef ? ctx.lookup(kid) : kid;
    if (k instanceof PDFArray) return k.asArray().forEach(visit);
    if (!(k instanceof PDFDict) || seen.has(k) || k.lookupMaybe(PDFName.of("Type"), PDFName) === PDFName.of("OBJR")) return;
    seen.add(k);
    order.push(k);
    visit(k.get(PDFName.of("K")));
  };
  visit(root.get(PDFName.of("K")));

  const renamed = new Map<string, number>();
  for (const elem of order) {
    const id = textValue(elem.lookup(PDFName.of("ID")));
    if (id && NODE_ID.test(id) && !renamed.has(id)) renamed.set(id, renamed.size + 1);
  }
  for (const elem of order) {
    const id = textValue(elem.lookup(PDFName.of("ID")));
    if (id && renamed.has(id)) elem.set(PDFName.of("ID"), nodeId(renamed.get(id)!));
    const attrs = elem.lookup(PDFName.of("A"));
    for (const a of attrs instanceof PDFArray ? attrs.asArray().map((x) => ctx.lookup(x)) : [attrs]) {
      const headers = a instanceof PDFDict ? a.lookup(PDFName.of("Headers")) : undefined;
      if (!(headers instanceof PDFArray)) continue;
      for (let i = 0; i < headers.size(); i++) {
        const h = textValue(headers.get(i));
        if (h && renamed.has(h)) headers.set(i, nodeId(renamed.get(h)!));
      }
    }
  }

  // The /IDTree (a name tree: keys sorted), written again as one flat /Names array.
  const tree = root.lookup(PDFName.of("IDTree"));
  if (!(tree instanceof PDFDict)) return;
  const pairs: [string, PDFObject][] = [];
  const nodes = new Set<PDFDict>();
  const collect = (node: PDFObject | undefined): void => {
    if (!(node instanceof PDFDict) || nodes.has(node)) return;
    nodes.add(node);
    const names = node.lookup(PDFName.of("Names"));
    if (names instanceof PDFArray) {
      for (let i = 0; i + 1 < names.size(); i += 2) {
        const key = textValue(names.get(i));
        if (key !== undefined) pairs.push([renamed.has(key) ? textValue(nodeId(renamed.get(key)!))! : key, names.get(i + 1)]);
      }
    }
    const kids = node.lookup(PDFName.of("Kids"));
    if (kids instanceof PDFArray) {
      for (const k of kids.asArray()) {
        collect(ctx.lookup(k));
        // The old node goes: left in the file, its old (order-dependent) keys would still be written.
        if (k instanceof PDFRef) ctx.delete(k);
      }
    }
  };
  collect(tree);
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  tree.delete(PDFName.of("Kids"));
  tree.delete(PDFName.of("Limits")); // a name tree's root has none
  tree.set(PDFName.of("Names"), ctx.obj(pairs.flatMap(([key, value]) => [PDFString.of(key), value])));
}
