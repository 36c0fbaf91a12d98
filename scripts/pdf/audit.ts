// The layout audit: reads a printed PDF back (audit-read.ts) and reports what a
// communications officer would not send: a heading or lead-in stranded at the foot of
// a page, a table split badly or without its header, a split chart, the closing alone
// on a page, a nearly empty page, text cut off, outside the page or overlapping.
// Depends on the PDF's bytes only (so its result can be cached with the PDF); the
// printer uses the same faults to move page breaks (print.ts, breaks.ts).
// Runs in the PDF finishing workers (finishers.ts); what the rest of the build needs of
// its faults is in layout-faults.ts, without pdf-lib and pdf.js.
import { LAYOUT_CODES, type BreakTarget, type ElementKind, type LayoutFault } from "./layout-faults.ts";
import { MIN_PAGE_FILL, MIN_ROWS_PER_PAGE, SMALL_TABLE_ROWS } from "./layout-rules.ts";
export { LAYOUT_CODES, type BreakTarget, type ElementKind, type LayoutFault } from "./layout-faults.ts";
import type { PDFDocument } from "pdf-lib";
import { readPdf, warmReader, type PdfPage, type ReadPdf, type StructNode, type TextRun } from "./audit-read.ts";

const PRINT_HINT = "Dit ligt aan de opmaak van Raadsbrief, niet aan uw tekst: meld het met deze melding. Een alinea eerder in het document iets korter of langer maken verschuift de bladovergang.";

const HEADING = /^H[1-6]?$/;
const BLOCK_ROLES = new Set(["P", "Table", "Figure", "LI", "BlockQuote", "Formula", "Caption"]);
const GROUPING = new Set(["StructTreeRoot", "Document", "Part", "Art", "Sect", "Div", "NonStruct", "L", "Caption"]);

interface Block {
  node: StructNode;
  /** Its own text runs (a grouping element with text of its own: only that text). */
  runs: TextRun[];
  pages: number[];
}

/** Loads the PDF reader ahead of the first audit; never fails (the audit reports what is wrong). */
export async function warmAudit(): Promise<void> {
  await warmReader().catch(() => {});
}

/** The layout faults of a PDF; `loaded`: its bytes as pdf-lib read them (audit-read.ts loadPdf), read only. */
export async function auditPdf(bytes: Uint8Array, loaded?: PDFDocument): Promise<LayoutFault[]> {
  let pdf: ReadPdf;
  try {
    pdf = await readPdf(bytes, "fast", loaded);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
    return [{ code: LAYOUT_CODES.unreadable, page: 1, message: `De opmaak van de PDF kon niet worden gecontroleerd: ${reason}.`, hint: PRINT_HINT }];
  }
  return auditRead(pdf);
}

export function auditRead(pdf: ReadPdf): LayoutFault[] {
  const ordinals = pdf.root ? elementOrdinals(pdf.root) : new Map<StructNode, BreakTarget>();
  const blocks = pdf.root ? blocksOf(pdf.root) : [];
  const faults = [
    ...strandedLeads(blocks, ordinals),
    ...(pdf.root ? tables(pdf.root, blocks, ordinals) : []),
    ...splitCharts(blocks, ordinals),
    ...(pdf.root ? closingAlone(pdf.root, blocks, ordinals) : []),
    ...pdf.pages.flatMap((p, i) => [...(i < pdf.pages.length - 1 ? emptyPage(p) : []), ...textFaults(p)]),
  ];
  return faults.sort((a, b) => a.page - b.page || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
}

const pagesOf = (runs: readonly TextRun[]) => [...new Set(runs.map((r) => r.page))].sort((a, b) => a - b);
const textOf = (runs: readonly TextRun[]) => runs.map((r) => r.text).join("").replace(/\s+/g, " ").trim();
const quote = (s: string) => `„${s.length > 60 ? `${s.slice(0, 57)}…` : s}”`;
const top = (runs: readonly TextRun[]) => Math.max(...runs.map((r) => r.y1));
const kindOf = (role: string): ElementKind | undefined =>
  HEADING.test(role) ? "heading" : role === "P" ? "paragraph" : role === "Table" ? "table" : role === "TR" ? "row" : role === "Figure" ? "figure" : role === "LI" ? "item" : undefined;

/** Every element the printer can break before, numbered per kind in document order. */
function elementOrdinals(root: StructNode): Map<StructNode, BreakTarget> {
  const counts = new Map<ElementKind, number>();
  const out = new Map<StructNode, BreakTarget>();
  const walk = (n: StructNode) => {
    const kind = kindOf(n.role);
    if (kind) {
      const ordinal = counts.get(kind) ?? 0;
      counts.set(kind, ordinal + 1);
      out.set(n, { kind, ordinal, text: textOf(n.runs).slice(0, 40) });
    }
    n.children.forEach(walk);
  };
  walk(root);
  return out;
}

/** The document as a sequence of blocks (headings, paragraphs, tables, figures, list items) that hold text. */
function blocksOf(root: StructNode): Block[] {
  const out: Block[] = [];
  const walk = (n: StructNode) => {
    if (HEADING.test(n.role) || (BLOCK_ROLES.has(n.role) && !(n.role === "Caption" && n.children.length > 0))) {
      if (n.runs.length) out.push({ node: n, runs: n.runs, pages: pagesOf(n.runs) });
      return;
    }
    if (GROUPING.has(n.role) || !n.role) {
      const own = n.runs.filter((r) => r.element === n);
      if (own.length) out.push({ node: n, runs: own, pages: pagesOf(own) });
    }
    n.children.forEach(walk);
  };
  walk(root);
  return out;
}

const isLead = (b: Block) => HEADING.test(b.node.role) || (b.node.role === "P" && /:$/.test(textOf(b.runs)));

/** A heading, or a sentence ending in ":", with what it introduces on a later page. */
function strandedLeads(blocks: Block[], ordinals: Map<StructNode, BreakTarget>): LayoutFault[] {
  const faults: LayoutFault[] = [];
  for (let i = 0; i < blocks.length - 1; i++) {
    const b = blocks[i]!;
    const next = blocks[i + 1]!;
    const page = b.pages[b.pages.length - 1]!;
    if (!isLead(b) || isLead(next) || next.pages[0]! <= page) continue;
    // The run of headings (and lead-ins) above it on the same page goes with it.
    let first = i;
    while (first > 0 && isLead(blocks[first - 1]!) && blocks[first - 1]!.pages.includes(page)) first--;
    const run = blocks.slice(first, i + 1);
    const what = run.map((x) => `${HEADING.test(x.node.role) ? "de kop" : "de inleidende zin"} ${quote(textOf(x.runs))}`).join(" en ");
    faults.push({
      code: LAYOUT_CODES.heading,
      page,
      message: `${what} ${run.length > 1 ? "staan" : "staat"} onderaan het blad; wat erop volgt, begint op blad ${next.pages[0]}.`,
      hint: PRINT_HINT,
      ...breakAt(ordinals, run[0]!.node),
    });
  }
  return faults;
}

function breakAt(ordinals: Map<StructNode, BreakTarget>, node: StructNode | undefined): { breakBefore?: BreakTarget } {
  const target = node ? ordinals.get(node) : undefined;
  return target ? { breakBefore: target } : {};
}

const descendants = (n: StructNode, role: string): StructNode[] => n.children.flatMap((c) => (c.role === role ? [c] : descendants(c, role)));
const isHeaderRow = (tr: StructNode) => tr.children.length > 0 && tr.children.every((c) => c.role === "TH");

/** The block before `node` in the document, when it is a lead-in: a break goes before both. */
function leadBefore(blocks: Block[], node: StructNode): StructNode {
  const i = blocks.findIndex((b) => b.node === node);
  let first = node;
  for (let j = i - 1; j >= 0 && isLead(blocks[j]!); j--) first = blocks[j]!.node;
  return first;
}

function tables(root: StructNode, blocks: Block[], ordinals: Map<StructNode, BreakTarget>): LayoutFault[] {
  const faults: LayoutFault[] = [];
  for (const table of descendants(root, "Table")) {
    const rows = descendants(table, "TR").filter((tr) => tr.runs.length > 0);
    const header = rows.find(isHeaderRow);
    const body = rows.filter((tr) => !isHeaderRow(tr));
    const caption = descendants(table, "Caption")[0];
    const name = caption ? quote(textOf(caption.runs)) : "zonder bijschrift";
    const perPage = new Map<number, StructNode[]>();
    for (const tr of body) {
      const page = tr.runs[0]!.page;
      perPage.set(page, [...(perPage.get(page) ?? []), tr]);
    }
    const pages = [...perPage.keys()].sort((a, b) => a - b);
    if (pages.length < 2) continue;
    const counts = pages.map((p) => perPage.get(p)!.length).join(" + ");
    if (body.length <= SMALL_TABLE_ROWS) {
      faults.push({
        code: LAYOUT_CODES.tableSplit,
        page: pages[0]!,
        message: `de tabel ${name} heeft ${body.length} rijen en is verdeeld over blad ${pages.join(" en ")} (${counts} rijen); een tabel van ${SMALL_TABLE_ROWS} rijen of minder hoort op één blad.`,
        hint: PRINT_HINT,
        ...breakAt(ordinals, leadBefore(blocks, table)),
      });
    } else {
      pages.forEach((p, i) => {
        const n = perPage.get(p)!.length;
        if (n >= MIN_ROWS_PER_PAGE) return;
        // Too few at the start: move the whole table; at the end: move more rows along.
        const moveRow = i === 0 ? undefined : body[body.indexOf(perPage.get(p)![0]!) - (MIN_ROWS_PER_PAGE - n)];
        faults.push({
          code: LAYOUT_CODES.tableSplit,
          page: p,
          message: `de tabel ${name} is verdeeld over blad ${pages.join(" en ")} (${counts} rijen); op blad ${p} staan er maar ${n}, minder dan ${MIN_ROWS_PER_PAGE}.`,
          hint: PRINT_HINT,
          ...breakAt(ordinals, moveRow ?? leadBefore(blocks, table)),
        });
      });
    }
    for (const p of pages.slice(1)) {
      if (header && header.runs.some((r) => r.page === p)) continue;
      faults.push({
        code: LAYOUT_CODES.tableHeader,
        page: p,
        message: `de tabel ${name} loopt door op blad ${p}, maar de kop van de tabel staat daar niet boven.`,
        hint: PRINT_HINT,
      });
    }
  }
  return faults;
}

function splitCharts(blocks: Block[], ordinals: Map<StructNode, BreakTarget>): LayoutFault[] {
  return blocks
    // A chart: a Figure that is not a wrapper around a table (those are tables, see tables()).
    .filter((b) => b.node.role === "Figure" && b.pages.length > 1 && descendants(b.node, "Table").length === 0)
    .map((b) => ({
      code: LAYOUT_CODES.chartSplit,
      page: b.pages[0]!,
      message: `de grafiek ${quote(b.node.alt ?? textOf(b.runs))} is verdeeld over blad ${b.pages.join(" en ")}.`,
      hint: PRINT_HINT,
      ...breakAt(ordinals, leadBefore(blocks, b.node)),
    }));
}

/** The closing and signatures (the article's last part) need the last lines of the text above them. */
function closingAlone(root: StructNode, blocks: Block[], ordinals: Map<StructNode, BreakTarget>): LayoutFault[] {
  const art = descendants(root, "Art")[0] ?? root.children[0];
  const parts = art?.children.filter((c) => c.runs.length > 0) ?? [];
  const closing = parts[parts.length - 1];
  // The closing: the article's last part, a group of paragraphs only (a document without
  // signatures ends with its text, a table or a chart: no closing to keep together).
  const within = (n: StructNode): StructNode[] => n.children.flatMap((c) => [c, ...within(c)]);
  const isClosing = (n: StructNode) => GROUPING.has(n.role) && within(n).some((c) => c.role === "P") && !within(n).some((c) => HEADING.test(c.role) || ["Table", "Figure", "L"].includes(c.role));
  if (!art || !closing || parts.length < 2 || !isClosing(closing)) return [];
  const page = Math.min(...closing.runs.map((r) => r.page));
  const closingTop = top(closing.runs.filter((r) => r.page === page));
  const inClosing = new Set(closing.runs);
  const above = art.runs.filter((r) => r.page === page && !inClosing.has(r) && r.y0 >= closingTop - 0.5 && !Number.isNaN(r.baseline));
  const lines = new Set(above.map((r) => Math.round(r.baseline)));
  const split = pagesOf(closing.runs).length > 1;
  if (lines.size >= 2 && !split) return [];
  // The repair: move the closing's predecessors along until they bring two lines of text.
  const firstBlock = blocks.findIndex((b) => b.runs.some((r) => inClosing.has(r)));
  let before: StructNode | undefined;
  let brought = 0;
  for (let i = firstBlock - 1; i >= 0 && brought < 2; i--) {
    before = blocks[i]!.node;
    const last = Math.max(...blocks[i]!.pages);
    brought += new Set(blocks[i]!.runs.filter((r) => r.page === last && !Number.isNaN(r.baseline)).map((r) => Math.round(r.baseline))).size;
  }
  return [
    {
      code: LAYOUT_CODES.closing,
      page,
      message: split
        ? `het slot en de ondertekening ${quote(textOf(closing.runs))} zijn verdeeld over blad ${pagesOf(closing.runs).join(" en ")}.`
        : `het slot en de ondertekening ${quote(textOf(closing.runs))} beginnen blad ${page} met ${lines.size === 0 ? "geen regel" : "maar één regel"} van de tekst erboven.`,
      hint: PRINT_HINT,
      ...breakAt(ordinals, before ? leadBefore(blocks, before) : undefined),
    },
  ];
}

function emptyPage(page: PdfPage): LayoutFault[] {
  const tagged = page.runs.filter((r) => r.element);
  const lowest = tagged.length ? Math.min(...tagged.map((r) => r.y0)) : page.height;
  const fill = (page.height - lowest) / page.height;
  if (fill >= MIN_PAGE_FILL) return [];
  return [
    {
      code: LAYOUT_CODES.emptyPage,
      page: page.number,
      message: `het blad is maar voor ${Math.round(fill * 100)}% gevuld (minder dan een derde), terwijl er nog een blad volgt.`,
      hint: PRINT_HINT,
    },
  ];
}

/** No text of a letter comes within this many points of the page's edge (the margins are 20 mm). */
const EDGE = 1;

function textFaults(page: PdfPage): LayoutFault[] {
  const faults: LayoutFault[] = [];
  // The reader (like pdf.js) leaves out the glyphs beyond the page: text that reaches the page's very edge ran over it.
  const outside = page.runs.find((r) => r.x0 < EDGE || r.y0 < EDGE || r.x1 > page.width - EDGE || r.y1 > page.height - EDGE);
  if (outside) {
    faults.push({ code: LAYOUT_CODES.outside, page: page.number, message: `de tekst ${quote(outside.text)} valt (deels) buiten het blad en wordt afgesneden.`, hint: PRINT_HINT });
  }
  const inFigureOrTable = (r: TextRun) => {
    for (let e = r.element; e; e = e.parent) if (e.role === "Figure" || e.role === "Table") return true;
    return false;
  };
  const cut = page.runs.find((r) => /…\s*$/.test(r.text) && inFigureOrTable(r));
  if (cut) {
    faults.push({ code: LAYOUT_CODES.cut, page: page.number, message: `de tekst ${quote(cut.text)} is afgekapt met „…”.`, hint: PRINT_HINT });
  }
  const overlap = overlapping(page.runs.filter((r) => r.element && !Number.isNaN(r.baseline)));
  if (overlap) {
    faults.push({
      code: LAYOUT_CODES.overlap,
      page: page.number,
      message: `de tekst ${quote(overlap[0].text)} en ${quote(overlap[1].text)} staan over elkaar heen.`,
      hint: PRINT_HINT,
    });
  }
  return faults;
}

/** Two runs of text whose boxes cover each other (not merely touch), if any. */
function overlapping(runs: TextRun[]): [TextRun, TextRun] | undefined {
  const sorted = [...runs].sort((a, b) => b.y1 - a.y1);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j]!;
      if (b.y1 <= a.y0) break; // sorted by top: nothing further down reaches a
      const ix = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const iy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      const sameLine = Math.abs(a.baseline - b.baseline) < 0.5;
      if (ix > (sameLine ? 1.5 : 0.5) && iy > 0.3 * Math.min(a.y1 - a.y0, b.y1 - b.y0)) return [a, b];
    }
  }
  return undefined;
}
