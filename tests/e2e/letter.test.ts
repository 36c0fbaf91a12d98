// Builds the sample site with the real `npm run build` code path and checks what a
// reader gets: the letter's HTML and its PDF, read back with poppler.
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT, run, runCli } from "../helpers.ts";

const LETTER_URL = "/brieven/2015/09/2e-voortgangsrapportage-investeringsplan/";
const PDF_URL = `${LETTER_URL}2e-voortgangsrapportage-investeringsplan.pdf`;
let out: string;
let html: string;
let pdf: string;

beforeAll(() => {
  out = path.join(mkdtempSync(path.join(tmpdir(), "raadsbrief-e2e-")), "_site");
  const r = runCli("scripts/cli/build.ts", ["--uit", out], ROOT);
  if (r.code !== 0) throw new Error(`build failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  expect(r.stdout).toMatch(/Klaar: 3 brieven, 3 PDF's/);
  html = readFileSync(path.join(out, LETTER_URL, "index.html"), "utf8");
  pdf = path.join(out, PDF_URL);
});

/** Visible text: tags become spaces, runs of white space (incl. no-break spaces) one space. */
const text = (s: string) => s.replace(/<[^>]+>/g, " ").replace(/&nbsp;/g, " ").replace(/&amp;/g, "&").replace(/\s+/g, " ");

describe("the letter of 29 September 2015 as HTML", () => {
  it("has the letterhead, reference block, addressee and signatures", () => {
    expect(html).toMatch(/<html lang="nl"[ >]/);
    expect(text(html)).toContain("Raadhuisplein 1 7811 AP Emmen t. 14 0591");
    expect(text(html)).toContain("Postbus 30001 7800 RA Emmen");
    expect(html).toContain("<dt>Ons kenmerk</dt><dd>15.069821</dd>");
    expect(html).toContain("<dt>Behandeld door</dt><dd>B. Preijde</dd>");
    expect(html).toContain('<dt>Datum</dt><dd><time datetime="2015-09-29">29 september 2015</time></dd>');
    expect(html).toContain('<h1 class="onderwerp">2e Voortgangsrapportage Investeringsplan meerjarenbeleidskader Werk en Wederkerigheid</h1>');
    expect(html).toContain('<p class="geadresseerde">Aan de raad van de gemeente Emmen</p>');
    expect(text(html)).toMatch(/de gemeentesecretaris, I\.A\.A\. Oostmeijer - Oosting/);
    expect(text(html)).toContain("Afdeling Leren & Werken Team Kwaliteit Ons kenmerk 15.069821");
    expect(text(html)).toMatch(/de burgemeester, C\. Bijl/);
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
  });

  it("has the computed comparison table with source line and footnote", () => {
    const table = html.slice(html.indexOf('id="fig-bijstand-tabel"'), html.indexOf("</figure>", html.indexOf('id="fig-bijstand-tabel"')));
    expect(text(table)).toContain("Nederland * 419.400 429.000 1 +2,3%");
    expect(text(table)).toContain("Emmen ** 3.560 3.542 \u22120,5%");
    expect(text(table)).toContain("Bron: * CBS, ** CIV SAM gemeente Emmen.");
    expect(text(table)).toContain("1 Meest recente gegevens van het CBS, bijgewerkt tot en met juni 2015.");
  });

  it("has the chart as inline SVG with role img, title, description and its data table", () => {
    const svg = html.match(/<svg[^>]*>/)?.[0] ?? "";
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="fig-bijstand-trend-titel fig-bijstand-trend-beschrijving"');
    expect(html).toContain('<title id="fig-bijstand-trend-titel">Bijstandsvolume Nederland en Emmen, index (januari 2015 = 100)</title>');
    expect(html).toMatch(/<desc id="fig-bijstand-trend-beschrijving">Lijngrafiek van bijstandsvolume in Nederland en Emmen[^<]*Emmen: van 3\.560 naar 3\.542/);
    expect(html).toContain("<summary>Cijfers bij deze grafiek</summary>");
    expect(text(html)).toContain("augustus 2015 – – 3.542 99,5");
    expect(html).not.toContain("<script");
  });

  it("links the PDF and sets the running header for print", () => {
    expect(html).toContain(`href="${PDF_URL}"`);
    expect(html).toContain('@page { @top-left { content: "Gemeente Emmen, 29 september 2015, blad " counter(page); } }');
  });
});

describe("the letter of 29 September 2015 as PDF", () => {
  it("has title, author, tags, A4 pages and an outline", () => {
    const info = run("pdfinfo", [pdf]);
    expect(info).toMatch(/^Title:\s+2e Voortgangsrapportage Investeringsplan meerjarenbeleidskader Werk en Wederkerigheid$/m);
    expect(info).toMatch(/^Author:\s+Gemeente Emmen$/m);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Page size:\s+.*\(A4\)$/m);
    expect(info).toMatch(/^CreationDate:\s+Tue Sep 29 10:00:00 2015 UTC$/m);
    expect(Number(info.match(/^Pages:\s+(\d+)$/m)?.[1])).toBeGreaterThanOrEqual(2);
    const outlines = JSON.parse(run("qpdf", ["--json", "--json-key=outlines", pdf])).outlines as { title: string; kids: { title: string }[] }[];
    const titles = outlines.flatMap((o) => [o.title, ...o.kids.map((k) => k.title)]);
    expect(titles).toContain("Verwachting voor de doelstelling en het vervolg");
  });

  it("declares its language and shows its title in viewers", () => {
    const root = run("qpdf", ["--show-object=trailer", pdf]).match(/\/Root (\d+) 0 R/)?.[1];
    const catalog = run("qpdf", [`--show-object=${root}`, pdf]);
    expect(catalog).toContain("/Lang (nl-NL)");
    expect(catalog).toMatch(/\/DisplayDocTitle true/);
    expect(catalog).toContain("/StructTreeRoot");
  });

  it("has the chart as vector graphics: its axis text is real text", () => {
    const all = run("pdftotext", [pdf, "-"]);
    expect(all).toContain("Index (januari 2015 = 100)");
    expect(all).toContain("jan 2015");
    expect(all).toContain("Ambitie Investeringsplan eind 2015: 3.340");
  });

  it("embeds every font", () => {
    const rows = run("pdffonts", [pdf]).trim().split("\n").slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+$/);
  });

  it("has the running header from page 2 on, not on page 1", () => {
    const page1 = run("pdftotext", ["-f", "1", "-l", "1", pdf, "-"]);
    const page2 = run("pdftotext", ["-f", "2", "-l", "2", pdf, "-"]);
    expect(page1).not.toContain("blad");
    expect(page2).toContain("Gemeente Emmen, 29 september 2015, blad 2");
  });

  it("has the figures as extractable text", () => {
    // Line breaks fall where the layout puts them: compare with white space collapsed.
    const all = run("pdftotext", [pdf, "-"]).replace(/\s+/g, " ");
    for (const figure of ["419.400", "429.000", "3.560", "3.542", "+2,3%", "\u22120,5%", "€ 3,8 miljoen", "bijgewerkt tot en met juni 2015"]) {
      expect(all).toContain(figure);
    }
    expect(all).toContain("Hoogachtend,");
    expect(all).toContain("I.A.A. Oostmeijer - Oosting");
  });
});

describe("the whole sample site", () => {
  it("has every letter as HTML and PDF, and nothing left over", () => {
    for (const slug of ["2015/09/2e", "2015/10/3e", "2015/11/4e"]) {
      const dir = path.join(out, "brieven", `${slug}-voortgangsrapportage-investeringsplan`);
      expect(existsSync(path.join(dir, "index.html"))).toBe(true);
      expect(existsSync(path.join(dir, `${path.basename(slug)}-voortgangsrapportage-investeringsplan.pdf`))).toBe(true);
    }
    expect(existsSync(`${out}.tmp-${process.pid}`)).toBe(false);
  });
});
