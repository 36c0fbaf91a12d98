// The PDF/UA checker (tests/pdfua.ts) itself: a letter-like page printed by the real
// printer passes it, and each rule fails on a copy crafted to break just that rule, so
// the checker cannot pass vacuously. The sample's PDFs are checked in tests/e2e/letter.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PDFArray, PDFBool, PDFDict, PDFDocument, PDFName, PDFRef, StandardFonts, type PDFObject } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeBrowser, getBrowser } from "../../scripts/pdf/browser.ts";
import { xmpPacket } from "../../scripts/pdf/metadata.ts";
import { createPrinter } from "../../scripts/pdf/print.ts";
import { pdfuaProblems } from "../pdfua.ts";

const SLOW = 120_000;
const meta = { title: "Voortgang investeringsplan", author: "Gemeente Emmen", lang: "nl-NL", date: "2015-09-29" as const };
const body = `
<h1>Voortgang investeringsplan</h1>
<p>Met deze brief informeren wij u <strong>kort</strong> over de voortgang; zie <a href="https://www.cbs.nl/">het CBS</a> en de <a href="#noot-1">voetnoot</a>.</p>
<h2>Cijfers</h2>
<table><caption>Bijstandsvolume</caption><thead><tr><th scope="col">Regio</th><th scope="col">Aantal</th></tr></thead><tbody><tr><th scope="row">Emmen</th><td>3.542</td></tr></tbody></table>
<p id="noot-1">1 Meest recente gegevens.</p>
<svg role="img" aria-label="Grafiek van het bijstandsvolume" width="200" height="60" viewBox="0 0 200 60"><rect width="200" height="60" fill="#eee"/><text x="10" y="30">jan 2015</text></svg>`;
const html = (article: string) =>
  `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${meta.title}</title><style>@page { size: A4; margin: 20mm; @top-left { content: "Gemeente Emmen, blad " counter(page); } } body { font: 11pt sans-serif; }</style></head><body><article>${article}</article></body></html>`;

let dir: string;
let good: Uint8Array;
let wrapped: Uint8Array;
let raw: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "raadsbrief-pdfua-"));
  writeFileSync(path.join(dir, "index.html"), html(body));
  writeFileSync(path.join(dir, "figuur.html"), html(`<h1>Tabel in een figuur</h1><figure><table><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table><figcaption>Bron</figcaption></figure>`));
  const printer = await createPrinter({ siteDir: dir, concurrency: 1 });
  try {
    await printer.print({ name: "brief", urlPath: "/", outFile: path.join(dir, "brief.pdf"), meta });
    await printer.print({ name: "figuur", urlPath: "/figuur.html", outFile: path.join(dir, "figuur.pdf"), meta });
  } finally {
    await printer.close();
  }
  good = new Uint8Array(readFileSync(path.join(dir, "brief.pdf")));
  wrapped = new Uint8Array(readFileSync(path.join(dir, "figuur.pdf")));
  // Chromium's own PDF, before our post-processing (metadata.ts).
  const tab = await (await getBrowser()).newPage();
  await tab.setContent(html(body), { waitUntil: "load" });
  raw = await tab.pdf({ tagged: true, preferCSSPageSize: true, printBackground: true });
  await tab.close();
}, SLOW);

afterAll(async () => {
  await closeBrowser();
  rmSync(dir, { recursive: true, force: true });
}, SLOW);

let n = 0;
async function problemsOf(bytes: Uint8Array): Promise<string[]> {
  const file = path.join(dir, `geval-${n++}.pdf`);
  writeFileSync(file, bytes);
  return pdfuaProblems(file);
}

/** A copy of the good PDF with one change. */
async function crafted(change: (doc: PDFDocument) => void): Promise<string[]> {
  const doc = await PDFDocument.load(good, { updateMetadata: false });
  change(doc);
  return problemsOf(await doc.save({ useObjectStreams: false }));
}

/** Every structure element of the document, in order. */
function elements(doc: PDFDocument): PDFDict[] {
  const out: PDFDict[] = [];
  const walk = (o: PDFObject | undefined): void => {
    const v = o instanceof PDFRef ? doc.context.lookup(o) : o;
    if (v instanceof PDFArray) v.asArray().forEach(walk);
    else if (v instanceof PDFDict && v.lookup(PDFName.of("S"))) {
      out.push(v);
      walk(v.get(PDFName.of("K")));
    }
  };
  walk(doc.catalog.lookup(PDFName.of("StructTreeRoot"), PDFDict).get(PDFName.of("K")));
  return out;
}
const withRole = (doc: PDFDocument, role: string) => elements(doc).filter((e) => e.lookup(PDFName.of("S")) === PDFName.of(role));
const setXmp = (doc: PDFDocument, xmp: string) => doc.catalog.set(PDFName.of("Metadata"), doc.context.register(doc.context.stream(new TextEncoder().encode(xmp), { Type: "Metadata", Subtype: "XML" })));
const links = (doc: PDFDocument) =>
  doc.getPages().flatMap((p) => (p.node.lookupMaybe(PDFName.of("Annots"), PDFArray)?.asArray() ?? []).map((r) => doc.context.lookup(r) as PDFDict).filter((a) => a.lookup(PDFName.of("Subtype")) === PDFName.of("Link")));

describe("the PDF/UA checker", () => {
  it("passes the printer's PDF of a letter-like page: tagged, links described, margin boxes as artifacts", async () => {
    expect(await problemsOf(good)).toEqual([]);
  }, SLOW);

  const cases: [string, string, (doc: PDFDocument) => void][] = [
    ["06-002", "no pdfuaid:part in the XMP", (d) => setXmp(d, xmpPacket(meta, "2015-09-29T12:00:00+02:00").replace(/<pdfuaid:part>1<\/pdfuaid:part>/, ""))],
    ["06-003", "no dc:title in the XMP", (d) => setXmp(d, xmpPacket(meta, "2015-09-29T12:00:00+02:00").replace(/<dc:title>.*?<\/dc:title>/, ""))],
    ["07-001", "the file name shown instead of the title", (d) => d.catalog.lookup(PDFName.of("ViewerPreferences"), PDFDict).set(PDFName.of("DisplayDocTitle"), PDFBool.False)],
    ["11-006", "no language", (d) => d.catalog.delete(PDFName.of("Lang"))],
    ["01-002", "not marked as tagged", (d) => d.catalog.lookup(PDFName.of("MarkInfo"), PDFDict).set(PDFName.of("Marked"), PDFBool.False)],
    ["02-001", "a structure type that is neither standard nor mapped", (d) => withRole(d, "P")[0]!.set(PDFName.of("S"), PDFName.of("Alinea"))],
    ["13-004", "a figure without alternative text", (d) => withRole(d, "Figure")[0]!.delete(PDFName.of("Alt"))],
    ["15-003", "a table header without a scope", (d) => withRole(d, "TH")[0]!.delete(PDFName.of("A"))],
    ["14-002", "a first heading that is not H1", (d) => withRole(d, "H1")[0]!.set(PDFName.of("S"), PDFName.of("H2"))],
    ["14-003", "a skipped heading level", (d) => withRole(d, "H2")[0]!.set(PDFName.of("S"), PDFName.of("H4"))],
    ["09-004", "a table row outside a table", (d) => withRole(d, "P")[0]!.set(PDFName.of("S"), PDFName.of("TR"))],
    ["28-012", "a link without a description (/Contents)", (d) => links(d)[0]!.delete(PDFName.of("Contents"))],
    ["28-011", "a link that is not in a Link element", (d) => withRole(d, "Link").forEach((l) => l.set(PDFName.of("S"), PDFName.of("Span")))],
    ["28-008", "annotations without structure tab order", (d) => d.getPages()[0]!.node.delete(PDFName.of("Tabs"))],
  ];
  for (const [checkpoint, what, change] of cases) {
    it(`[${checkpoint}] fails ${what}`, async () => {
      const problems = await crafted(change);
      expect(problems.some((p) => p.startsWith(`[${checkpoint}]`)), problems.join("\n")).toBe(true);
    }, SLOW);
  }

  it("[01-005] fails Chromium's own PDF: its running header, backgrounds and rules are neither tagged nor artifacts", async () => {
    expect((await problemsOf(raw)).filter((p) => p.startsWith("[01-005]")).length).toBeGreaterThan(0);
  }, SLOW);

  it("[13-004] fails a <figure> around a table: a Figure without alternative text", async () => {
    expect(await problemsOf(wrapped)).toContain("[13-004] a Figure has no /Alt (a figure around a table)");
  }, SLOW);

  it("[31-001, 10-001] fails a font that is not embedded", async () => {
    const doc = await PDFDocument.load(good, { updateMetadata: false });
    doc.getPages()[0]!.drawText("Helvetica", { x: 100, y: 100, size: 10, font: await doc.embedFont(StandardFonts.Helvetica) });
    const problems = await problemsOf(await doc.save({ useObjectStreams: false }));
    expect(problems.some((p) => p.startsWith("[31-001]"))).toBe(true);
  }, SLOW);
});
