// The layout audit (scripts/pdf/audit.ts) on pages crafted to break each rule, printed by
// real Chromium as tagged PDFs (without the printer's measuring pass, which would repair
// them): every rule must be able to fail. And the measuring pass (scripts/pdf/breaks.ts)
// repairs what CSS did not: the printer's PDF of a stranded heading has no fault.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { auditPdf, LAYOUT_CODES, type LayoutFault } from "../../scripts/pdf/audit.ts";
import { Chromium } from "../../scripts/pdf/browser.ts";
import { createPrinter } from "../../scripts/pdf/print.ts";
import { printRaw as printRawWith } from "../print-raw.ts";
import { finishPdf } from "../../scripts/pdf/finish-job.ts";
import { finalizePdf } from "../../scripts/pdf/metadata.ts";

/** This file's Chromium (a build has its own, in its context). */
const chromium = new Chromium();

const SLOW = 120_000;
const CSS = `@page { size: A4; margin: 20mm; } body { font: 11pt/1.4 sans-serif; margin: 0; } p { margin: 0 0 4mm; orphans: 1; widows: 1; } h2 { margin: 4mm 0; }`;
const filler = (n: number) => Array.from({ length: n }, (_, i) => `<p>Alinea ${i + 1}: de tekst van de brief loopt door over de regel en vult zo het blad met gewone zinnen.</p>`).join("\n");
const rows = (n: number, breakAt?: number) =>
  Array.from({ length: n }, (_, i) => `<tr${i === breakAt ? ' style="break-before: page"' : ""}><th scope="row">Rij ${i + 1}</th><td>${(i + 1) * 100}</td></tr>`).join("");
const page = (body: string, css = "") => `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Test</title><style>${CSS}${css}</style></head><body><article>${body}</article></body></html>`;

/** Chromium's tagged PDF of `html`, as printed before any repair. */
const printRaw = (html: string) => printRawWith(chromium, html);

const codes = (faults: LayoutFault[]) => faults.map((f) => f.code);

describe("the layout audit finds each fault on a page crafted to have it", () => {
  afterAll(() => chromium.close(), SLOW);

  const cases: [string, string, string, number][] = [
    // [what, rule, page, expected page of the fault]
    ["a heading at the foot of a page, its text on the next", LAYOUT_CODES.heading, page(`${filler(3)}<h2>Vooruitblik</h2><p style="break-before: page">De tekst onder de kop.</p>`), 1],
    ["a sentence ending in ':' with its table on the next page", LAYOUT_CODES.heading, page(`${filler(3)}<p>De taakstelling is als volgt verdeeld:</p><table style="break-before: page"><caption>Verdeling</caption><thead><tr><th scope="col">Post</th><th scope="col">Bedrag</th></tr></thead><tbody>${rows(3)}</tbody></table>`), 1],
    ["a small table split across two pages", LAYOUT_CODES.tableSplit, page(`<table><caption>Klein</caption><thead><tr><th scope="col">Post</th><th scope="col">Aantal</th></tr></thead><tbody>${rows(5, 2)}</tbody></table>`), 1],
    ["a long table that leaves two rows on the last page", LAYOUT_CODES.tableSplit, page(`<table><caption>Lang</caption><thead><tr><th scope="col">Post</th><th scope="col">Aantal</th></tr></thead><tbody>${rows(14, 12)}</tbody></table>`), 2],
    ["a split table whose header is not repeated", LAYOUT_CODES.tableHeader, page(`<table><caption>Zonder kop</caption><tbody><tr><th scope="col">Post</th><th scope="col">Aantal</th></tr>${rows(14, 7)}</tbody></table>`), 2],
    ["a chart split across two pages", LAYOUT_CODES.chartSplit, page(`<div role="figure" aria-label="Grafiek van het bijstandsvolume"><p>Bovenste helft</p><p style="break-before: page">Onderste helft</p></div>`), 1],
    ["the closing alone at the top of a page", LAYOUT_CODES.closing, page(`${filler(3)}<footer style="break-before: page"><p>Hoogachtend,</p><p>de burgemeester,</p><p>C. Bijl</p></footer>`), 2],
    ["the closing split across two pages", LAYOUT_CODES.closing, page(`${filler(3)}<footer><p>Hoogachtend,</p><p style="break-before: page">de burgemeester,</p><p>C. Bijl</p></footer>`), 1],
    ["a page other than the last less than a third full", LAYOUT_CODES.emptyPage, page(`<p>Eén alinea.</p><p style="break-before: page">Het vervolg.</p>`), 1],
    ["a label cut with an ellipsis", LAYOUT_CODES.cut, page(`<table><caption>Sectoren</caption><tbody><tr><th scope="row">Productie en distributie van elektri…</th><td>3</td></tr></tbody></table>`), 1],
    ["two lines over each other", LAYOUT_CODES.overlap, page(`<p>De eerste regel van de tekst.</p><p style="margin-top: -9.5mm">Een tweede regel eroverheen.</p>`), 1],
  ];

  for (const [what, code, html, onPage] of cases) {
    it(
      `${code}: ${what}`,
      async () => {
        const faults = await auditPdf(await printRaw(html));
        expect(codes(faults), JSON.stringify(faults, null, 1)).toContain(code);
        expect(faults.find((f) => f.code === code)!.page).toBe(onPage);
        // A Dutch message that names the page, and what to do.
        expect(faults.find((f) => f.code === code)!.hint).toMatch(/meld het/);
      },
      SLOW,
    );
  }

  it(
    "finds nothing on a sound page: a heading with its text, a whole table, the closing with the last lines",
    async () => {
      const faults = await auditPdf(
        await printRaw(
          page(`${filler(2)}<h2>Kop</h2><p>Tekst onder de kop.</p><table><caption>Tabel</caption><thead><tr><th scope="col">Post</th><th scope="col">Aantal</th></tr></thead><tbody>${rows(4)}</tbody></table><p>Slotalinea van de brief, op hetzelfde blad als het slot.</p><footer><p>Hoogachtend,</p><p>C. Bijl</p></footer>`),
        ),
      );
      expect(faults).toEqual([]);
    },
    SLOW,
  );

  // Chromium never draws text beyond the page (it shrinks a page that is too wide, and
  // leaves out what lies outside): a PDF made another way can have it.
  it(`${LAYOUT_CODES.outside}: text running off the page`, async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([595, 842]).drawText("Deze regel loopt over de rand van het blad heen.", { x: 450, y: 700, size: 11, font });
    const faults = await auditPdf(await doc.save());
    expect(codes(faults)).toEqual([LAYOUT_CODES.outside]);
    expect(faults[0]!.message).toContain("buiten het blad");
  });

  it("reports a PDF it cannot read instead of failing the build", async () => {
    expect(codes(await auditPdf(new TextEncoder().encode("%PDF-1.7\ngeen pdf")))).toEqual([LAYOUT_CODES.unreadable]);
  });
});

describe("the measuring pass repairs what CSS did not", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "raadsbrief-breaks-"));
  });
  afterAll(async () => {
    await chromium.close();
    rmSync(dir, { recursive: true, force: true });
  }, SLOW);

  // A heading Chromium leaves at the foot of page 1 (no break-after rule here), and a
  // closing that lands alone on the next page.
  const stranded = page(
    `${filler(13)}<h2>Vooruitblik</h2><p>${"Een lange alinea onder de kop die het blad vult. ".repeat(14)}</p>${filler(6)}<p>De laatste regel.</p><footer><p>Hoogachtend,</p><p>de burgemeester,</p><p>C. Bijl</p></footer>`,
    " .rb-nieuw-blad { break-before: page; } footer { break-inside: avoid; }",
  );

  it(
    "finishing in one read: a print that needs a page break is audited only; a sound one is also finalized, the same bytes as finalizePdf gives",
    async () => {
      const meta = { title: "Test", author: "Gemeente", lang: "nl-NL", date: "2015-09-29" as const };
      const raw = await printRaw(stranded);
      const needsBreak = await finishPdf(raw.slice(), meta, undefined);
      expect(needsBreak.faults.some((f) => f.breakBefore)).toBe(true);
      expect(needsBreak.finished).toBeUndefined();
      const sound = await printRaw(page(`${filler(2)}<h2>Kop</h2><p>Tekst onder de kop.</p>`));
      const done = await finishPdf(sound.slice(), meta, undefined);
      expect(done.faults).toEqual([]);
      expect(Buffer.from(done.finished!).equals(Buffer.from(await finalizePdf(sound.slice(), meta)))).toBe(true);
    },
    SLOW,
  );

  it(
    "the raw print has the faults; the printer's PDF has none, and its audit result is the finished PDF's",
    async () => {
      const raw = await auditPdf(await printRaw(stranded));
      expect(codes(raw).length).toBeGreaterThan(0);
      writeFileSync(path.join(dir, "index.html"), stranded);
      const printer = await createPrinter({ chromium, siteDir: dir, concurrency: 1 });
      try {
        const outFile = path.join(dir, "brief.pdf");
        const result = await printer.print({ name: "brief", urlPath: "/", outFile, meta: { title: "Test", author: "Gemeente", lang: "nl-NL", date: "2015-09-29" } });
        expect(result.faults).toEqual([]);
        // The audit depends on the PDF's bytes only: the finished file says the same.
        expect(await auditPdf(new Uint8Array(readFileSync(outFile)))).toEqual(result.faults);
      } finally {
        await printer.close();
      }
    },
    SLOW,
  );
});
