// Reads a printed PDF back for the layout audit (audit.ts): the structure tree
// (pdf-lib) joined with where each piece of tagged text landed (page-text.ts, our port
// of pdf.js's text extraction for Chromium's PDFs; pdf.js itself for other PDFs). Only the
// PDF's bytes go in, so an archived PDF is read exactly like a fresh one.
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, type PDFObject } from "pdf-lib";
import { FontCache } from "./content-fonts.ts";
import { loadPdf } from "./load-pdf.ts";
import { UnsupportedContent } from "./content-lexer.ts";
import { pageContent, pageTextItems } from "./page-text.ts";
import { loadPdfJs } from "./pdfjs.ts";

/** A text run as pdf.js places it, in PDF points (origin bottom left). */
export interface TextRun {
  text: string;
  page: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Baseline of horizontal text; NaN for rotated text (an axis title). */
  baseline: number;
  /** The structure element this text belongs to; undefined for untagged text (running header, watermark). */
  element?: StructNode;
}

export interface StructNode {
  role: string;
  parent?: StructNode;
  children: StructNode[];
  /** Marked content of this element itself, as "page:mcid". */
  content: string[];
  /** Text runs of this element and its descendants, filled by readPdf. */
  runs: TextRun[];
  alt?: string;
}

export interface PdfPage {
  number: number;
  width: number;
  height: number;
  runs: TextRun[];
}

export interface ReadPdf {
  pages: PdfPage[];
  root?: StructNode;
  /** Which reader found the text (pdf.js when ours met something it does not read). */
  textReader: TextReader;
}

/** Standard structure types; anything else is looked up in the RoleMap. */
const roleOf = (role: string, roleMap: Map<string, string>): string => {
  let r = role;
  for (let i = 0; i < 10 && roleMap.has(r); i++) r = roleMap.get(r)!;
  return r;
};

function readStructTree(doc: PDFDocument): StructNode | undefined {
  const ctx = doc.context;
  const rootDict = doc.catalog.lookupMaybe(PDFName.of("StructTreeRoot"), PDFDict);
  if (!rootDict) return undefined;
  const pageIndex = new Map<string, number>(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const roleMap = new Map<string, string>();
  const rm = rootDict.lookup(PDFName.of("RoleMap"));
  if (rm instanceof PDFDict) for (const [k, v] of rm.entries()) roleMap.set(k.decodeText(), v instanceof PDFName ? v.decodeText() : String(v));
  const seen = new Set<PDFObject>();
  const visit = (obj: PDFObject | undefined, parent: StructNode, pg: number | undefined): void => {
    const value = obj instanceof PDFRef ? ctx.lookup(obj) : obj;
    if (value === undefined || seen.has(value)) return;
    if (value instanceof PDFNumber) {
      if (pg !== undefined) parent.content.push(`${pg}:${value.asNumber()}`);
      return;
    }
    if (value instanceof PDFArray) {
      for (const kid of value.asArray()) visit(kid, parent, pg);
      return;
    }
    if (!(value instanceof PDFDict)) return;
    seen.add(value);
    const type = value.lookup(PDFName.of("Type"));
    const pgRef = value.get(PDFName.of("Pg"));
    const ownPg = pgRef instanceof PDFRef ? pageIndex.get(pgRef.toString()) : pg;
    if (type === PDFName.of("MCR")) {
      const mcid = value.lookup(PDFName.of("MCID"));
      if (mcid instanceof PDFNumber && ownPg !== undefined) parent.content.push(`${ownPg}:${mcid.asNumber()}`);
      return;
    }
    if (type === PDFName.of("OBJR")) return;
    const s = value.lookup(PDFName.of("S"));
    if (!(s instanceof PDFName)) return;
    const alt = value.lookup(PDFName.of("Alt"));
    const node: StructNode = { role: roleOf(s.decodeText(), roleMap), parent, children: [], content: [], runs: [] };
    if (alt && "decodeText" in alt) node.alt = (alt as { decodeText(): string }).decodeText();
    parent.children.push(node);
    visit(value.get(PDFName.of("K")), node, ownPg);
  };
  const root: StructNode = { role: "StructTreeRoot", children: [], content: [], runs: [] };
  visit(rootDict.get(PDFName.of("K")), root, undefined);
  return root;
}

interface PdfjsTextItem {
  str?: string;
  type?: string;
  id?: string;
  transform?: number[];
  width?: number;
  height?: number;
}

/** The box of a text run: along its direction for its width, up for its height. */
function runBox(item: PdfjsTextItem): Omit<TextRun, "text" | "page" | "element"> {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform ?? [];
  const len = Math.hypot(a, b) || 1;
  const up = Math.hypot(c, d) || 1;
  const w = item.width ?? 0;
  const h = item.height ?? 0;
  const xs = [e, e + (a / len) * w, e + (c / up) * h, e + (a / len) * w + (c / up) * h];
  const ys = [f, f + (b / len) * w, f + (d / up) * h, f + (b / len) * w + (d / up) * h];
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys), baseline: Math.abs(b) < 1e-6 ? f : Number.NaN };
}

/** Which reader finds the text: ours (page-text.ts, pdf.js where it cannot), or pdf.js alone. */
export type TextReader = "fast" | "pdf.js";

/** The PDF's pages with their text runs, each joined to its structure element. */
export async function readPdf(bytes: Uint8Array, reader: TextReader = "fast", loaded?: PDFDocument): Promise<ReadPdf> {
  // pdf-lib and pdf.js each take the bytes; pdf.js may detach the buffer it is given.
  // `loaded`: these bytes as pdf-lib already read them (only read here, not changed).
  const doc = loaded ?? (await loadPdf(bytes));
  const root = readStructTree(doc);
  const byContent = new Map<string, StructNode>();
  const index = (n: StructNode) => {
    for (const c of n.content) byContent.set(c, n);
    n.children.forEach(index);
  };
  if (root) index(root);
  let pages: PdfPage[] | undefined;
  if (reader === "fast") {
    try {
      pages = readPagesFast(doc, byContent);
    } catch (error) {
      if (!(error instanceof UnsupportedContent)) throw error;
      // Not as Chromium writes it (an archived PDF of another printer): pdf.js reads it,
      // from scratch: the pages read so far left their runs in the structure tree.
      const clear = (n: StructNode) => {
        n.runs.length = 0;
        n.children.forEach(clear);
      };
      if (root) clear(root);
    }
  }
  const textReader: TextReader = pages ? "fast" : "pdf.js";
  pages ??= await readPagesPdfjs(bytes, byContent);
  return root ? { pages, root, textReader } : { pages, textReader };
}

function readPagesFast(doc: PDFDocument, byContent: Map<string, StructNode>): PdfPage[] {
  const fonts = new FontCache(doc.context);
  return doc.getPages().map((page, i) => {
    const n = i + 1;
    const media = page.getMediaBox();
    const crop = page.getCropBox();
    // pdf.js's page.view: the crop box within the media box.
    const view = [Math.max(media.x, crop.x), Math.max(media.y, crop.y), Math.min(media.x + media.width, crop.x + crop.width), Math.min(media.y + media.height, crop.y + crop.height)];
    const content = pageContent(doc.context, page.node.get(PDFName.of("Contents")));
    const items = pageTextItems(doc.context, content, page.node.Resources(), view, fonts, `p${n}`);
    return { number: n, width: view[2]! - view[0]!, height: view[3]! - view[1]!, runs: joinRuns(items, n, byContent) };
  });
}

async function readPagesPdfjs(bytes: Uint8Array, byContent: Map<string, StructNode>): Promise<PdfPage[]> {
  const { getDocument } = await loadPdfJs();
  // A plain copy: pdf.js refuses a Node Buffer (a Uint8Array subclass), and Buffer#slice is a view.
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false });
  const pdf = await task.promise;
  const pages: PdfPage[] = [];
  try {
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const [vx0 = 0, vy0 = 0, vx1 = 0, vy1 = 0] = page.view;
      const content = await page.getTextContent({ includeMarkedContent: true });
      pages.push({ number: n, width: vx1 - vx0, height: vy1 - vy0, runs: joinRuns(content.items as PdfjsTextItem[], n, byContent) });
      page.cleanup();
    }
  } finally {
    await task.destroy();
  }
  return pages;
}

/** A page's text items as runs, each joined to the structure element its marked content belongs to. */
function joinRuns(items: readonly PdfjsTextItem[], n: number, byContent: Map<string, StructNode>): TextRun[] {
  const runs: TextRun[] = [];
  const open: (StructNode | undefined)[] = [];
  for (const item of items) {
    if (item.type === "beginMarkedContentProps" || item.type === "beginMarkedContent") {
      const mcid = item.id ? /_mc(\d+)$/.exec(item.id)?.[1] : undefined;
      open.push(mcid !== undefined ? byContent.get(`${n}:${mcid}`) : open[open.length - 1]);
      continue;
    }
    if (item.type === "endMarkedContent") {
      open.pop();
      continue;
    }
    if (!item.str || item.str.trim() === "") continue;
    const element = open[open.length - 1];
    const run: TextRun = { text: item.str, page: n, ...runBox(item), ...(element ? { element } : {}) };
    runs.push(run);
    for (let e: StructNode | undefined = element; e; e = e.parent) e.runs.push(run);
  }
  return runs;
}

/** Loads and compiles the reader (pdf-lib, page-text.ts) ahead of the first audit, e.g. while Chromium prints; pdf.js loads only when a PDF needs it. */
export async function warmReader(): Promise<void> {
  const doc = await PDFDocument.create();
  doc.addPage([10, 10]);
  await readPdf(await doc.save());
}
