// The layout audit's own text reader (scripts/pdf/page-text.ts) against pdf.js, which it
// replaces for Chromium's PDFs: on the archived letters, on a page with everything a
// letter can hold, and on seeded random pages printed by real Chromium, both readers
// must give the same runs (text, page, box, baseline, structure element) and so the
// same faults. What ours does not read (another font kind, right-to-left text) goes to
// pdf.js, with the same result.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { readPdf, type ReadPdf, type TextReader } from "../../scripts/pdf/audit-read.ts";
import { auditRead } from "../../scripts/pdf/audit.ts";
import { Chromium } from "../../scripts/pdf/browser.ts";
import { craftedPdf, GLYPHS, show, showLiteral } from "../pdf-crafted.ts";
import { printRaw } from "../print-raw.ts";

const chromium = new Chromium();
const SLOW = 120_000;
const ROOT = path.resolve(import.meta.dirname, "../..");

const printTagged = (html: string) => printRaw(chromium, html);

/** Everything the audit reads of a PDF, as text: one line per run. */
function runs(read: ReadPdf): string[] {
  const role = (e: { role: string; parent?: unknown } | undefined) => e?.role ?? "-";
  return read.pages.flatMap((p) => [
    `page ${p.number} ${p.width} × ${p.height}`,
    ...p.runs.map((r) => `${r.page} ${JSON.stringify(r.text)} ${[r.x0, r.y0, r.x1, r.y1, r.baseline].map((v) => v.toFixed(6)).join(" ")} ${role(r.element)} ${role(r.element?.parent)}`),
  ]);
}

/** Reads `pdf` with both readers; expects the same runs and faults, and says which reader the default used. */
async function compare(pdf: Uint8Array): Promise<{ reader: TextReader; runs: number }> {
  const ours = await readPdf(pdf.slice());
  const theirs = await readPdf(pdf.slice(), "pdf.js");
  expect(theirs.textReader).toBe("pdf.js");
  expect(runs(ours)).toEqual(runs(theirs));
  expect(auditRead(ours)).toEqual(auditRead(theirs));
  return { reader: ours.textReader, runs: theirs.pages.reduce((n, p) => n + p.runs.length, 0) };
}

const letterPage = (body: string, css = "") =>
  `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Test</title><style>@page { size: A4; margin: 20mm; @top-right { content: "Gemeente Emmen, blad " counter(page); font: 8pt sans-serif; } } body { font: 11pt/1.4 sans-serif; margin: 0; }${css}</style></head><body><article>${body}</article></body></html>`;

describe("the audit's text reader reads what pdf.js reads", () => {
  afterAll(() => chromium.close(), SLOW);

  it("the archived letters: same runs, read by our reader", async () => {
    const pdfs: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (e.name.endsWith(".pdf")) pdfs.push(path.join(dir, e.name));
      }
    };
    walk(path.join(ROOT, "archive"));
    expect(pdfs.length).toBeGreaterThan(0);
    for (const file of pdfs) {
      const { reader, runs } = await compare(new Uint8Array(readFileSync(file)));
      expect(reader, file).toBe("fast");
      expect(runs).toBeGreaterThan(50);
    }
  });

  it(
    "a page with what letters hold: ligatures, accents, no-break spaces, superscripts, tables, a rotated chart label, a running header",
    async () => {
      const pdf = await printTagged(
        letterPage(
          `<h1>Voortgang van de bijstand in Emmen</h1>
          <p>Het financiële effect is officieel: € 3.000 minder, een daling van 2,5%. Café, reünie, coördinatie, e\u0301e\u0301n — “aanhalingstekens” en ‘enkele’.</p>
          <p style="letter-spacing: 0.3em">Gespatieerde tekst</p>
          <p style="word-spacing: 1em; text-align: justify">Uitgevulde tekst met brede spaties tussen de woorden, over meer dan een regel zodat de uitvulling ook echt iets doet aan de plaats van elk woord op de regel.</p>
          <p>m<sup>2</sup> en CO<sub>2</sub>, <b>vet</b>, <i>cursief</i>, <small>klein</small>, <span style="font-size: 20pt">groot</span>, <span style="font-variant: small-caps">Kapitaal</span>.</p>
          <table><caption>Bijstand</caption><thead><tr><th scope="col">Jaar</th><th scope="col">Emmen</th><th scope="col">Nederland</th></tr></thead>
          <tbody><tr><th scope="row">2014</th><td>2.910</td><td>420.000</td></tr><tr><th scope="row">2015</th><td>3.000</td><td>430.000</td></tr></tbody></table>
          <svg role="img" aria-label="Grafiek" width="300" height="150" viewBox="0 0 300 150"><g opacity="0.5"><text x="20" y="30" font-size="12">Halfdoorzichtig</text></g>
          <text transform="translate(15 120) rotate(-90)" font-size="10">Aantal uitkeringen</text><text x="60" y="140" font-size="10">2014</text><path d="M60 100 L 280 20" stroke="black"/></svg>
          <p style="break-before: page">Blad twee: de tekst loopt door.</p>
          <footer><p>Hoogachtend,</p><p>de burgemeester,</p><p>C. Bijl</p></footer>`,
        ),
      );
      const { reader, runs } = await compare(pdf);
      expect(reader).toBe("fast");
      expect(runs).toBeGreaterThan(20);
    },
    SLOW,
  );

  it(
    "seeded random pages: words in random sizes, spacing, places and turns",
    async () => {
      let seed = 20261130;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
      const words = ["bijstand", "Emmen", "Nederland", "uitkering", "peildatum", "€ 3.000", "2,5%", "financiële", "coördinatie", "ﬁnanciën", "—", "(raad)", "kenmerk:", "Q1–Q4", "…"];
      for (let p = 0; p < 6; p++) {
        const blocks: string[] = [];
        for (let b = 0; b < 25; b++) {
          const text = Array.from({ length: 1 + Math.floor(random() * 12) }, () => pick(words)).join(pick([" ", " ", "  ", "\u00a0"]));
          const style = [
            `font-size: ${(6 + random() * 18).toFixed(2)}pt`,
            `letter-spacing: ${(random() * 0.4 - 0.1).toFixed(2)}em`,
            `word-spacing: ${(random() * 0.8 - 0.2).toFixed(2)}em`,
            random() < 0.3 ? `position: absolute; left: ${Math.floor(random() * 700)}px; top: ${Math.floor(random() * 1000)}px` : "",
            random() < 0.2 ? `transform: rotate(${pick([-90, -45, 90, 180, 12])}deg)` : "",
            random() < 0.2 ? "font-weight: bold" : "",
          ].join(";");
          const tag = pick(["p", "h2", "li", "p"]);
          blocks.push(`<${tag} style="${style}">${text}</${tag}>`);
        }
        const { reader } = await compare(await printTagged(letterPage(blocks.join("\n"))));
        expect(reader).toBe("fast");
      }
    },
    SLOW,
  );

  it(
    "right-to-left text goes to pdf.js, with the same runs",
    async () => {
      const { reader } = await compare(await printTagged(letterPage(`<p>Nederlands en עברית en العربية door elkaar.</p>`)));
      expect(reader).toBe("pdf.js");
    },
    SLOW,
  );

  it("seeded random content streams with the text operators Chromium does not use (yet): same runs", async () => {
    let seed = 1130;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const between = (lo: number, hi: number, digits = 2) => Number((lo + random() * (hi - lo)).toFixed(digits));
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const text = () => Array.from({ length: 1 + Math.floor(random() * 9) }, () => pick(GLYPHS).text).join("");
    const matrix = () => {
      const size = pick([1, 1, 1, 0.5, 2]);
      const turn = (pick([0, 0, 0, 90, 180, 270, 30, -12]) * Math.PI) / 180;
      const [c, s] = [Number((Math.cos(turn) * size).toFixed(4)), Number((Math.sin(turn) * size).toFixed(4))];
      return `${c} ${s} ${-s} ${c} ${between(-60, 640)} ${between(-60, 900)} Tm`;
    };
    const ops: (() => string)[] = [
      () => `${show(text())} Tj`,
      () => `${showLiteral(text())} Tj`,
      () => `[${Array.from({ length: 1 + Math.floor(random() * 4) }, () => `${show(text())} ${pick([0, -250, 120, -2000, 900, 3000, -40])}`).join(" ")}] TJ`,
      () => `${between(-80, 120)} ${between(-30, 8)} Td`,
      () => `${between(-10, 60)} ${between(-20, 2)} TD`,
      () => "T*",
      () => `${between(0, 20)} TL`,
      () => `${show(text())} '`,
      () => `${between(-1, 3)} ${between(-1, 2)} ${show(text())} "`,
      () => `/${pick(["F1", "F2"])} ${pick([12, 12, 8, 6.5, 24, between(4, 30)])} Tf`,
      () => `${pick([100, 100, 50, 80, 150])} Tz`,
      () => `${pick([0, 0, 3, -2, 6, -15, 25])} Ts`,
      () => `${pick([0, 0, 0.5, -0.4, 2])} Tc`,
      () => `${pick([0, 0, 1.5, -1, 4])} Tw`,
      matrix,
      () => `ET ${pick(["q", "Q", "q 0.75 0 0 -0.75 0 841.89 cm", "Q q 1 0 0 1 10 -20 cm", "/X1 Do"])} BT /F1 11 Tf 72 ${between(50, 800)} Td`,
      () => `/P <</MCID ${Math.floor(random() * 5)}>> BDC`,
      () => "/Artifact BMC",
      () => "EMC",
    ];
    for (let n = 0; n < 150; n++) {
      const body = Array.from({ length: 20 + Math.floor(random() * 40) }, () => pick(ops)()).join("\n");
      const form = `BT /F1 ${between(6, 14)} Tf 20 30 Td ${show(text())} Tj ${show(text())} Tj 0 -14 Td [${show(text())} -600 ${show(text())}] TJ ET`;
      const formMatrix = pick([[1, 0, 0, 1, 0, 0], [0.5, 0, 0, 0.5, 100, 400], [0, 1, -1, 0, 500, 100]]);
      const pdf = await craftedPdf(`BT /F1 12 Tf 72 760 Td\n${body}\nET`, form, formMatrix);
      const { reader } = await compare(pdf);
      expect(reader).toBe("fast");
    }
  });

  it("a PDF in a standard font (not as Chromium writes) goes to pdf.js, with the same runs", async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([595, 842]).drawText("Een brief van een andere printer.", { x: 72, y: 700, size: 11, font });
    const { reader, runs } = await compare(await doc.save());
    expect(reader).toBe("pdf.js");
    expect(runs).toBe(1);
  });
});
