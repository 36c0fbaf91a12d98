// Builds the sample site with the real `npm run build` code path (with its concept
// letters: `--met-concepten`) and checks what a reader gets: the letter's HTML and its
// PDF, read back with poppler. The PDFs checked are the ones this build printed (a copy
// of the project, no cache), not the archived ones a build copies for published letters.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { BUILD_OUTPUT } from "../../scripts/pipeline/output.ts";
import { tmpdir } from "node:os";
import path from "node:path";
import { copyProject, run, runCli } from "../helpers.ts";
import { archivalProblems } from "../pdfa.ts";
import { pdfuaProblems, verapdfProblems } from "../pdfua.ts";
import { auditPdf } from "../../scripts/pdf/audit.ts";

const LETTER_URL = "/emmen/2015/09/2e-voortgangsrapportage-investeringsplan/";
// The November letter is a concept: this build prints its PDF.
const PRINTED_URL = "/emmen/2015/11/4e-voortgangsrapportage-investeringsplan/";
const PRINTED_SUBJECT = "4e Voortgangsrapportage Investeringsplan meerjarenbeleidskader Werk en Wederkerigheid";
let dir: string;
let out: string;
let html: string;
let pdf: string;

beforeAll(() => {
  dir = copyProject();
  out = path.join(mkdtempSync(path.join(tmpdir(), "raadsbrief-e2e-")), "_site");
  // A previous build's folder: the build replaces it, and must leave nothing of either behind.
  mkdirSync(out);
  writeFileSync(path.join(out, BUILD_OUTPUT.marker.name), BUILD_OUTPUT.marker.text);
  writeFileSync(path.join(out, "vorige.html"), "vorige build");
  const timings = path.join(dir, "tijden.json"); // not beside the site: nothing but _site may be there
  const r = runCli("scripts/cli/build.ts", ["--met-concepten", "--uit", out, "--tijden", timings], dir);
  if (r.code !== 0) throw new Error(`build failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  expect(r.stdout).toMatch(/Klaar: 8 brieven, 8 PDF's/);
  // Two published letters are copied from archive/; the other four are printed now, none from a cache.
  const measured = JSON.parse(readFileSync(timings, "utf8"));
  expect(measured.pdfStats).toMatchObject({ printed: 6, fromCache: 0 });
  // The PDFs were audited and finalized in a worker thread (pdf/finishers.ts), not in the main thread in its stead.
  expect(measured.cpu.pdfFinishing).toBeGreaterThan(0);
  html = readFileSync(path.join(out, LETTER_URL, "index.html"), "utf8");
  pdf = path.join(out, PRINTED_URL, "4e-voortgangsrapportage-investeringsplan.pdf");
});

afterAll(() => {
  for (const d of [dir, path.dirname(out)]) if (d) rmSync(d, { recursive: true, force: true });
});

/** Visible text: tags become spaces, runs of white space (incl. no-break spaces) one space. */
const text = (s: string) => s.replace(/<[^>]+>/g, " ").replace(/&nbsp;/g, " ").replace(/&amp;/g, "&").replace(/\s+/g, " ");

describe("the letter of 29 September 2015 as HTML", () => {
  it("has the letterhead, reference block, addressee and signatures", () => {
    expect(html).toMatch(/<html lang="nl"[ >]/);
    expect(text(html)).toContain("Raadhuisplein 1 7811 AP Emmen t. 14 0591");
    expect(text(html)).toContain("Postbus 30001 7800 RA Emmen");
    // The reference block is a table whose labels are row headers (PDF/UA: real structure, TH with /Scope).
    expect(html).toContain('<th scope="row">Ons kenmerk</th><td>15.069821</td>');
    expect(html).toContain('<th scope="row">Behandeld door</th><td>B. Preijde</td>');
    expect(html).toContain('<th scope="row">Datum</th><td><time datetime="2015-09-29">29 september 2015</time></td>');
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
    expect(html).toContain(`href="${LETTER_URL}2e-voortgangsrapportage-investeringsplan.pdf"`);
    // In the letter's own stylesheet: the Content-Security-Policy allows no inline <style>.
    expect(html).toContain(`<link rel="stylesheet" href="${LETTER_URL}opmaak.css">`);
    expect(readFileSync(path.join(out, LETTER_URL, "opmaak.css"), "utf8")).toContain('@page { @top-left { content: "Gemeente Emmen, 29 september 2015, blad " counter(page); } }');
  });
});

describe("the letter of 24 November 2015 as PDF, printed by this build", () => {
  it("has title, author, tags, A4 pages and an outline", () => {
    const info = run("pdfinfo", [pdf]);
    expect(info).toMatch(new RegExp(`^Title:\\s+${PRINTED_SUBJECT}$`, "m"));
    expect(info).toMatch(/^Author:\s+Gemeente Emmen$/m);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Page size:\s+.*\(A4\)$/m);
    expect(info).toMatch(/^CreationDate:\s+Tue Nov 24 11:00:00 2015 UTC$/m);
    expect(Number(info.match(/^Pages:\s+(\d+)$/m)?.[1])).toBeGreaterThanOrEqual(2);
    const outlines = JSON.parse(run("qpdf", ["--json", "--json-key=outlines", pdf])).outlines as { title: string; kids: { title: string }[] }[];
    const titles = outlines.flatMap((o) => [o.title, ...o.kids.map((k) => k.title)]);
    expect(titles).toEqual(expect.arrayContaining(["Stand van zaken", "Vooruitblik"]));
  });

  it("is an archival PDF/A-2B: XMP (part 2, B, dc:title), sRGB output intent, fonts embedded, /Lang, structure tree, nothing active", () => {
    expect(archivalProblems(pdf, { title: PRINTED_SUBJECT, author: "Gemeente Emmen" })).toEqual([]);
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
    expect(page2).toContain("Gemeente Emmen, 24 november 2015, blad 2");
  });

  it("has the figures as extractable text", () => {
    // Line breaks fall where the layout puts them: compare with white space collapsed.
    const all = run("pdftotext", [pdf, "-"]).replace(/\s+/g, " ");
    // Marks sit beside the digits in their own box: pdftotext puts a space between.
    for (const figure of ["419.400", "433.000 †1", "+3,2% †", "3.560", "3.497 †", "\u22121,8% †", "bijgewerkt tot en met september 2015"]) {
      expect(all).toContain(figure);
    }
    expect(all).toContain("Hoogachtend,");
    expect(all).toContain("I.A.A. Oostmeijer - Oosting");
  });
});

describe("a concept letter (this build has them: --met-concepten)", () => {
  const page = (url: string) => readFileSync(path.join(out, url, "index.html"), "utf8");

  it("says CONCEPT in words on its page, outside the article, and a published letter does not", () => {
    const concept = page(PRINTED_URL);
    const banner = concept.match(/<div class="utrecht-alert utrecht-alert--warning melding-concept" role="note">.*?<\/div><\/div>/)?.[0] ?? "";
    expect(text(banner)).toContain("CONCEPT – dit document is nog niet verzonden.");
    expect(concept.indexOf(banner)).toBeLessThan(concept.indexOf('<article class="brief"'));
    for (const published of [LETTER_URL, "/emmen/2015/10/3e-voortgangsrapportage-investeringsplan/"]) {
      expect(page(published)).not.toContain("melding-concept");
      expect(page(published)).not.toContain("concept-watermerk");
    }
  });

  it("has CONCEPT on every page of its PDF, light and diagonal over the text, which stays legible", () => {
    for (const printed of [pdf, path.join(out, "groningen/2019/11/uitnodiging-commissie-werk-en-inkomen/uitnodiging-commissie-werk-en-inkomen.pdf")]) {
      const pages = Number(run("pdfinfo", [printed]).match(/^Pages:\s+(\d+)$/m)![1]);
      expect(pages).toBeGreaterThanOrEqual(2);
      for (let p = 1; p <= pages; p++) {
        // -raw: in content order, so the rotated word stays one word.
        expect(run("pdftotext", ["-raw", "-f", String(p), "-l", String(p), printed, "-"]), `${printed}, page ${p}`).toMatch(/^CONCEPT$/m);
      }
    }
    // The text under the watermark is still all there (looked at: pdftoppm -r 70 -png).
    expect(run("pdftotext", ["-raw", pdf, "-"]).replace(/\s+/g, " ")).toContain("Ook in oktober is het bijstandsvolume in Emmen gedaald.");
  });

  it("a published letter's archived PDF has no watermark", () => {
    expect(run("pdftotext", ["-raw", path.join(out, LETTER_URL, "2e-voortgangsrapportage-investeringsplan.pdf"), "-"])).not.toContain("CONCEPT");
  });
});

describe("the whole sample site", () => {
  it("has every letter as HTML and PDF, and nothing left over", () => {
    for (const slug of ["2015/09/2e", "2015/10/3e", "2015/11/4e"]) {
      const dir = path.join(out, "brieven", `${slug}-voortgangsrapportage-investeringsplan`);
      expect(existsSync(path.join(dir, "index.html"))).toBe(true);
      expect(existsSync(path.join(dir, `${path.basename(slug)}-voortgangsrapportage-investeringsplan.pdf`))).toBe(true);
    }
    // Whatever the build's pid was: no temp folder (_site.tmp-<pid>) and no old site (_site.oud-<pid>) beside it.
    expect(readdirSync(path.dirname(out))).toEqual(["_site"]);
    expect(existsSync(path.join(out, "vorige.html"))).toBe(false);
  });

  it("prints the illustrative mark (†) and list bullets in the letter's own font, not a system fallback", () => {
    // Printed by this build (the published letters are copied from archive/): a letter with
    // illustrative figures, and the Groningen memo with a bulleted list.
    for (const [dir, mark] of [
      ["emmen/2015/11/4e-voortgangsrapportage-investeringsplan", "†"],
      ["groningen/2019/11/uitnodiging-commissie-werk-en-inkomen", "utrecht-unordered-list"],
    ] as const) {
      const folder = path.join(out, dir);
      expect(readFileSync(path.join(folder, "index.html"), "utf8")).toContain(mark);
      const fonts = run("pdffonts", [path.join(folder, `${path.basename(dir)}.pdf`)]).trim().split("\n").slice(2);
      expect(fonts.length).toBeGreaterThan(0);
      for (const row of fonts) expect(row, dir).toMatch(/^[A-Z]{6}\+SourceSans3/);
    }
  });
});

describe("a second municipality, added by data and content alone: Groningen", () => {
  const MEMO = "/groningen/2019/11/uitnodiging-commissie-werk-en-inkomen/";
  const REPORT = "/groningen/2018/04/jaarverslag-2017-werk-en-inkomen/";
  const page = (url: string) => readFileSync(path.join(out, url, "index.html"), "utf8");
  const pdfOf = (url: string) => path.join(out, url, `${url.split("/").at(-2)}.pdf`);

  it("the memo has its Aan/Van/Afdeling/Datum/Onderwerp block, agenda items with parties, the budget and the sender", () => {
    const html = page(MEMO);
    expect(html).toContain('<p class="memo-kop">MEMO</p>');
    expect(text(html)).toContain("Aan Commissie Werk en Inkomen Van Sjoerd Wannet / 06 205 41 524 / sjoerd.wannet@groningen.nl Afdeling Griffie Datum 12 november 2019 Onderwerp Uitnodiging commissie Werk en Inkomen");
    expect(html).not.toContain('class="geadresseerde"');
    expect(html.match(/<strong>Bespreking is aangevraagd door:<\/strong>/g)).toHaveLength(4);
    expect(html).toContain("<strong>Bespreking is aangevraagd door:</strong> VVD, GroenLinks, PvdD, 100% Groningen, SP en CDA.");
    expect(text(html)).toContain("€ 8,725 miljoen voor de uitvoeringskosten op het gebied van Meedoen, KIK en re-integratie");
    expect(text(html)).toContain("totaal € 23,26 miljoen, de som van de posten; daarbovenop € 2 miljoen.");
    expect(text(html)).toMatch(/Met vriendelijke groet, Namens de voorzitter, Sjoerd Wannet Raadsadviseur a\.i\./);
    expect(html).toContain('<article class="brief" data-pagefind-body>');
    expect(readFileSync(path.join(out, MEMO, "opmaak.css"), "utf8")).toContain(".brief { --kleur-primair: #8a1538;");
    // The letterhead's logo is the letter's own copy, beside its page (frozen with it when published).
    expect(html).toContain('<img class="afzender-logo" src="bestanden/logo/groningen.svg"');
    expect(readFileSync(path.join(out, MEMO, "bestanden/logo/groningen.svg"))).toEqual(readFileSync(path.join(dir, "data/logos/groningen.svg")));
  });

  it("the report section has its title and year, the computed table and the indicator with its share", () => {
    const html = page(REPORT);
    expect(html).toContain('<p class="verslag-soort">Jaarverslag 2017</p>');
    expect(html).toContain('<h1 class="onderwerp verslag-titel">Werk en inkomen</h1>');
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(text(html)).toContain("Groningen 10.338 10.178 \u22121,5%");
    expect(text(html)).toContain("Afspraakbanen 1.740 3.000 172%");
    expect(html).not.toContain('class="ondertekening"');
  });

  for (const [name, url, title] of [
    ["memo", MEMO, "Uitnodiging commissie Werk en Inkomen"],
    ["report section", REPORT, "Werk en inkomen"],
  ] as const) {
    it(`the ${name}'s PDF: title, author Gemeente Groningen, tagged, fonts embedded, text extractable, archival`, () => {
      const pdf = pdfOf(url);
      expect(archivalProblems(pdf, { title, author: "Gemeente Groningen" })).toEqual([]);
      const info = run("pdfinfo", [pdf]);
      expect(info).toMatch(new RegExp(`^Title:\\s+${title}$`, "m"));
      expect(info).toMatch(/^Author:\s+Gemeente Groningen$/m);
      expect(info).toMatch(/^Tagged:\s+yes$/m);
      for (const row of run("pdffonts", [pdf]).trim().split("\n").slice(2)) expect(row).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+$/);
      const all = run("pdftotext", [pdf, "-"]).replace(/\s+/g, " ");
      expect(all).toContain(name === "memo" ? "€ 8,725 miljoen" : "10.178");
      const pages = Number(info.match(/^Pages:\s+(\d+)$/m)![1]);
      // The continuation header comes from the organisation's data (groningen.yaml: vervolgkop): a memo says "Volgvel 2".
      if (pages > 1) expect(run("pdftotext", ["-f", "2", "-l", "2", pdf, "-"])).toMatch(name === "memo" ? /^Volgvel 2$/m : /Gemeente Groningen, \d+ \w+ \d{4}, blad 2/);
      expect(run("pdftotext", ["-f", "1", "-l", "1", pdf, "-"])).not.toMatch(/blad|Volgvel/);
    });
  }

  it("the memo is long enough to have the continuation header", () => {
    expect(Number(run("pdfinfo", [pdfOf(MEMO)]).match(/^Pages:\s+(\d+)$/m)![1])).toBeGreaterThanOrEqual(2);
    expect(run("pdftotext", ["-f", "2", "-l", "2", pdfOf(MEMO), "-"])).toMatch(/^Volgvel 2$/m);
  });
});

// Every PDF of the sample site, the six printed by this build (three organisations) and
// the two archived ones it copied: the layout audit (scripts/pdf/audit.ts) finds no fault,
// and the machine-decidable part of PDF/UA-1 holds (tests/pdfua.ts; veraPDF too where
// installed). The same files at the letters' old addresses (/brieven/…, site/legacy.ts)
// are links to these, not PDFs of their own.
describe("every PDF of the sample, as a communications officer and an accessibility auditor would judge it", () => {
  const pdfs = () =>
    readdirSync(out, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".pdf") && !f.startsWith(`brieven${path.sep}`))
      .sort();

  it("there are eight, one per letter, Coevorden's letter and memo among them", () => {
    expect(pdfs()).toHaveLength(8);
    expect(pdfs().filter((f) => f.startsWith(`coevorden${path.sep}`))).toHaveLength(2);
  });

  it("has no layout fault (RB-OPMAAK-…)", async () => {
    for (const f of pdfs()) {
      const faults = await auditPdf(readFileSync(path.join(out, f)));
      expect(faults.map((x) => `${x.code} blad ${x.page}: ${x.message}`), f).toEqual([]);
    }
  });

  it("passes the PDF/UA-1 checks a program can decide", async () => {
    for (const f of pdfs()) {
      expect(await pdfuaProblems(path.join(out, f)), f).toEqual([]);
      const vera = verapdfProblems(path.join(out, f));
      if (vera) expect(vera, f).toEqual([]);
    }
  });
});
