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
import type { IsoDate } from "../model/types.ts";
import { PdfError } from "./errors.ts";

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
export const PDF_PRODUCER = "Raadsbrief (Chromium, pdf-lib)";

export interface FinalizeOptions {
  /** Rewrites link targets (/URI actions), e.g. the printer's fake origin to the public site. */
  rewriteUri?: (uri: string) => string;
}

export async function finalizePdf(pdf: Uint8Array, meta: PdfMeta, options: FinalizeOptions = {}): Promise<Uint8Array> {
  const pdfDate = letterDateToPdfDate(meta.date);
  // updateMetadata: false, or pdf-lib stamps its own producer and the clock.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
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

  // The trailer /ID must be unique per document but stable per content: hash the
  // file as saved without an /ID, then save again with it.
  ctx.trailerInfo.ID = undefined;
  const withoutId = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  const id = createHash("sha256").update(withoutId).digest("hex").slice(0, 32);
  ctx.trailerInfo.ID = ctx.obj([PDFHexString.of(id), PDFHexString.of(id)]);
  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
}

/** "2015-09-29" → "D:20150929120000+02'00'": noon in Amsterdam, never the clock. */
export function letterDateToPdfDate(date: IsoDate): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const check = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !check || check.toISOString().slice(0, 10) !== date) {
    throw new PdfError(`Ongeldige briefdatum '${date}' voor de PDF: verwacht JJJJ-MM-DD, bijvoorbeeld 2015-09-29.`);
  }
  // DST switches at 01:00 UTC, so the offset at 11:00 UTC is the one at local noon.
  const offset = amsterdamOffset(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 11));
  return `D:${m[1]}${m[2]}${m[3]}120000${offset}`;
}

function amsterdamOffset(utcMillis: number): string {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Amsterdam", timeZoneName: "longOffset" })
    .formatToParts(utcMillis)
    .find((p) => p.type === "timeZoneName")?.value;
  // "GMT+02:00"; plain "GMT" for a zero offset. Seconds (pre-1940 Amsterdam time) are dropped.
  const m = name ? /^GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name) : null;
  if (!m) throw new PdfError(`Tijdzone Europe/Amsterdam is niet beschikbaar in deze Node.js (${name ?? "geen"}).`);
  if (!m[1]) return "Z";
  return `${m[1]}${m[2]}'${m[3]}'`;
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

const NODE_ID = /^node(\d+)$/;

/**
 * Chromium names structure elements after DOM node ids ("node00000036"); they
 * differ between prints in a reused tab. Renumber them 1..n in their original
 * order, so the IDTree stays sorted and /Headers references stay valid.
 */
function renumberStructureIds(doc: PDFDocument): void {
  const ctx = doc.context;
  const root = doc.catalog.lookupMaybe(PDFName.of("StructTreeRoot"), PDFDict);
  if (!root) return;

  // Every place Chromium writes such an ID: a string value we can swap in place.
  const slots: { get: () => PDFObject | undefined; set: (v: PDFObject) => void }[] = [];
  const dictSlot = (dict: PDFDict, key: string) => {
    const name = PDFName.of(key);
    slots.push({ get: () => dict.get(name), set: (v) => dict.set(name, v) });
  };
  const arraySlots = (arr: PDFArray) => {
    for (let i = 0; i < arr.size(); i++) slots.push({ get: () => arr.get(i), set: (v) => arr.set(i, v) });
  };

  // Structure elements: /ID, and /Headers in table attributes.
  for (const [, obj] of ctx.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict)) continue;
    if (obj.lookupMaybe(PDFName.of("Type"), PDFName) !== PDFName.of("StructElem")) continue;
    dictSlot(obj, "ID");
    const attrs = obj.lookup(PDFName.of("A"));
    const attrList = attrs instanceof PDFArray ? attrs.asArray().map((a) => ctx.lookup(a)) : [attrs];
    for (const a of attrList) {
      if (!(a instanceof PDFDict)) continue;
      const headers = a.lookup(PDFName.of("Headers"));
      if (headers instanceof PDFArray) arraySlots(headers);
    }
  }
  // The /IDTree name tree: keys in /Names (every other entry) and /Limits.
  const seen = new Set<PDFDict>();
  const walk = (node: PDFObject | undefined) => {
    if (!(node instanceof PDFDict) || seen.has(node)) return;
    seen.add(node);
    const names = node.lookup(PDFName.of("Names"));
    if (names instanceof PDFArray) {
      for (let i = 0; i < names.size(); i += 2) slots.push({ get: () => names.get(i), set: (v) => names.set(i, v) });
    }
    const limits = node.lookup(PDFName.of("Limits"));
    if (limits instanceof PDFArray) arraySlots(limits);
    const kids = node.lookup(PDFName.of("Kids"));
    if (kids instanceof PDFArray) for (const k of kids.asArray()) walk(ctx.lookup(k));
  };
  walk(root.lookup(PDFName.of("IDTree")));

  const numbers = new Set<bigint>();
  const parsed = slots.map((slot) => {
    const v = slot.get();
    const s = v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined;
    const m = s ? NODE_ID.exec(s) : null;
    if (!m?.[1]) return undefined;
    const n = BigInt(m[1]);
    numbers.add(n);
    return n;
  });
  const rank = new Map([...numbers].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((n, i) => [n, i + 1]));
  slots.forEach((slot, i) => {
    const n = parsed[i];
    if (n === undefined) return;
    // Same zero-padded width as Chromium, so lexical order (required in a name tree) equals numeric order.
    slot.set(PDFString.of(`node${String(rank.get(n)).padStart(8, "0")}`));
  });
}
