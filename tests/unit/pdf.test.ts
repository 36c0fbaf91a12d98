// End-to-end tests of the PDF pipeline against real Chromium and poppler.
// Slow by nature (a browser launch, real prints), hence the generous timeouts.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { PDFArray, PDFBool, PDFDict, PDFDocument, PDFName, PDFString } from "pdf-lib";
import puppeteer from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessSync, constants as fsConstants } from "node:fs";
import { Chromium } from "../../scripts/pdf/browser.ts";
import { executablePath, LOCAL_EXECUTABLES } from "../../scripts/pdf/executable.ts";
import { PdfError } from "../../scripts/pdf/errors.ts";
import { letterDateToPdfDate, type PdfMeta } from "../../scripts/pdf/metadata.ts";
import { createPrinter, needsOwnUrl, type Printer, type PrintJob } from "../../scripts/pdf/print.ts";
import { SITE_ORIGIN } from "../../scripts/pdf/site-links.ts";
import { png } from "../png.ts";
import { archivalProblems } from "../pdfa.ts";

/** This file's Chromium (a build has its own, in its context). */
const chromium = new Chromium();

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fixtureDir = path.join(root, "tests/fixtures/pdf");
const fontDir = path.join(root, "node_modules/@fontsource/source-sans-3/files");

const SLOW = 60_000;

/** A small logo, and an image of a letter's own: 10 × 10 SVGs. */
const LOGO_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="4"/></svg>';
const OWN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';

const meta: PdfMeta = {
  title: "Voortgang investeringsplan Participatiewet",
  author: "Gemeente Emmen",
  subject: "Raadsbrief over het investeringsplan",
  keywords: ["Participatiewet", "bijstand"],
  lang: "nl-NL",
  date: "2015-09-29",
};

async function sha256(file: string): Promise<string> {
  return createHash("sha256").update(await readFile(file)).digest("hex");
}

/** Runs a command; resolves with its output and exit code instead of throwing. */
async function tool(cmd: string, args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(cmd, args, { encoding: "utf8" });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "" };
  }
}

/** The first page drawn at 50 dpi (PNG bytes as base64): what a reader sees, whatever the file's bytes. */
/** The site's own copy of the logo, in <siteDir>/assets/logos/. */
async function writeSiteLogo(siteDir: string): Promise<void> {
  await mkdir(path.join(siteDir, "assets/logos"), { recursive: true });
  await writeFile(path.join(siteDir, "assets/logos/gedeeld.svg"), LOGO_SVG);
}

async function pdfImages(file: string): Promise<string> {
  const { stdout } = await run("pdftoppm", ["-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", file], { encoding: "buffer", maxBuffer: 64 * 1024 * 1024 });
  return (stdout as Buffer).toString("base64");
}

async function pdftotext(file: string, first?: number, last?: number): Promise<string> {
  const range = first === undefined ? [] : ["-f", String(first), "-l", String(last ?? first)];
  return (await tool("pdftotext", [...range, "-layout", file, "-"])).stdout;
}

describe("Chromium (one per build)", () => {
  it("kiest de headless shell als die er is, anders chromium; PUPPETEER_EXECUTABLE_PATH gaat voor", () => {
    const saved = process.env.PUPPETEER_EXECUTABLE_PATH;
    const installed = (f: string) => {
      try {
        accessSync(f, fsConstants.X_OK);
        return true;
      } catch {
        return false;
      }
    };
    try {
      delete process.env.PUPPETEER_EXECUTABLE_PATH;
      // install-system-deps.sh installs both, so the tests print with the headless shell.
      expect(LOCAL_EXECUTABLES[0]).toBe("/usr/lib/chromium/chromium-headless-shell");
      expect(executablePath()).toBe(LOCAL_EXECUTABLES.find(installed));
      process.env.PUPPETEER_EXECUTABLE_PATH = "/usr/bin/chromium";
      expect(executablePath()).toBe("/usr/bin/chromium");
    } finally {
      restoreEnv("PUPPETEER_EXECUTABLE_PATH", saved);
    }
  });

  it(
    "meldt in het Nederlands waar Chromium ontbreekt",
    async () => {
      const saved = { exe: process.env.PUPPETEER_EXECUTABLE_PATH, ws: process.env.PUPPETEER_BROWSER_WS_ENDPOINT };
      process.env.PUPPETEER_EXECUTABLE_PATH = "/nonexistent/chromium";
      delete process.env.PUPPETEER_BROWSER_WS_ENDPOINT;
      try {
        await chromium.close();
        const err = await chromium.get().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(PdfError);
        expect((err as Error).message).toContain("Chromium niet gevonden op /nonexistent/chromium");
        expect((err as Error).message).toContain("PUPPETEER_EXECUTABLE_PATH");
      } finally {
        restoreEnv("PUPPETEER_EXECUTABLE_PATH", saved.exe);
        restoreEnv("PUPPETEER_BROWSER_WS_ENDPOINT", saved.ws);
      }
    },
    SLOW,
  );

  it(
    "tekent in een printbrowser geen beeld (geen animatieframes), in een browser met { screen: true } wel",
    async () => {
      // What draws a frame ticks requestAnimationFrame: the build's Chromium must not
      // (PRINT_ONLY_ARGS, ~25 % of its CPU a letter), the browser tests' must.
      const frames = async (owner: Chromium) => {
        const page = await (await owner.get()).newPage();
        try {
          return await page.evaluate(
            () =>
              new Promise<number>((resolve) => {
                let count = 0;
                const tick = () => {
                  count++;
                  requestAnimationFrame(tick);
                };
                requestAnimationFrame(tick);
                setTimeout(() => resolve(count), 500);
              }),
          );
        } finally {
          await page.close();
        }
      };
      const screen = new Chromium({ screen: true });
      try {
        expect(await frames(chromium)).toBe(0);
        expect(await frames(screen)).toBeGreaterThan(5);
      } finally {
        await screen.close();
      }
    },
    SLOW,
  );

  it(
    "geeft gelijktijdige aanroepers dezelfde browser",
    async () => {
      const [a, b] = await Promise.all([chromium.get(), chromium.get()]);
      expect(a).toBe(b);
      expect(a.connected).toBe(true);
    },
    SLOW,
  );

  it(
    "geeft elke build (elke eigenaar) een eigen browser; sluiten raakt de andere niet",
    async () => {
      const other = new Chromium();
      try {
        const [a, b] = await Promise.all([chromium.get(), other.get()]);
        expect(a).not.toBe(b);
        await other.close();
        expect(b.connected).toBe(false);
        expect(a.connected).toBe(true);
        expect((await a.version()).length).toBeGreaterThan(0);
      } finally {
        await other.close();
      }
    },
    SLOW,
  );

  it(
    "verbindt met PUPPETEER_BROWSER_WS_ENDPOINT en verbreekt alleen de verbinding bij sluiten",
    async () => {
      // Stand-in for an external browser pool.
      const pool = await puppeteer.launch({
        executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || "/usr/bin/chromium",
        headless: true,
        args: [
          "--disable-background-networking",
          "--disable-component-update",
          "--no-first-run",
          ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
        ],
      });
      const saved = process.env.PUPPETEER_BROWSER_WS_ENDPOINT;
      try {
        await chromium.close();
        process.env.PUPPETEER_BROWSER_WS_ENDPOINT = pool.wsEndpoint();
        const remote = await chromium.get();
        expect(remote.wsEndpoint()).toBe(pool.wsEndpoint());
        await chromium.close();
        expect(remote.connected).toBe(false);
        // The pool's browser itself must survive our chromium.close().
        expect(pool.connected).toBe(true);
        expect((await pool.version()).length).toBeGreaterThan(0);
      } finally {
        restoreEnv("PUPPETEER_BROWSER_WS_ENDPOINT", saved);
        await pool.close();
      }
    },
    SLOW,
  );
});

describe("letterDateToPdfDate", () => {
  it("gebruikt 12:00 Amsterdamse tijd, zomer- en wintertijd", () => {
    expect(letterDateToPdfDate("2015-09-29")).toBe("D:20150929120000+02'00'");
    expect(letterDateToPdfDate("2016-01-15")).toBe("D:20160115120000+01'00'");
    // Day of the switch to summer time: noon is already CEST.
    expect(letterDateToPdfDate("2015-03-29")).toBe("D:20150329120000+02'00'");
  });

  it("weigert een ongeldige datum", () => {
    expect(() => letterDateToPdfDate("2015-02-30")).toThrow(PdfError);
    expect(() => letterDateToPdfDate("29-09-2015")).toThrow(/JJJJ-MM-DD/);
  });
});

describe("createPrinter", () => {
  let tmp: string;
  let siteDir: string;
  let outDir: string;
  let printer: Printer;
  let letterPdf: string;

  const job = (name: string, urlPath: string, outName = `${name}.pdf`): PrintJob => ({
    name,
    urlPath,
    outFile: path.join(outDir, outName),
    meta,
  });

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "raadsbrief-pdf-test-"));
    siteDir = path.join(tmp, "site");
    outDir = path.join(tmp, "out");
    // Fonts are copied from node_modules at test time instead of committing binaries.
    await cp(fixtureDir, siteDir, { recursive: true });
    await mkdir(path.join(siteDir, "fonts"));
    for (const weight of [400, 700]) {
      const font = `source-sans-3-latin-${weight}-normal.woff2`;
      await cp(path.join(fontDir, font), path.join(siteDir, "fonts", font));
    }
    printer = await createPrinter({ chromium, siteDir, concurrency: 2, timeoutMs: 5_000 });
    letterPdf = path.join(outDir, "2015/09/brief.pdf");
    await printer.print({ ...job("brief", "/"), outFile: letterPdf });
  }, SLOW);

  afterAll(async () => {
    await printer?.close();
    await chromium.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }, SLOW);

  it("schrijft titel, auteur, datum en tags; A4; meer pagina's", async () => {
    const { code, stdout } = await tool("pdfinfo", ["-isodates", letterPdf]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Title: +Voortgang investeringsplan Participatiewet$/m);
    expect(stdout).toMatch(/^Author: +Gemeente Emmen$/m);
    expect(stdout).toMatch(/^Subject: +Raadsbrief over het investeringsplan$/m);
    expect(stdout).toMatch(/^Keywords: +Participatiewet, bijstand$/m);
    expect(stdout).toMatch(/^Creator: +Raadsbrief$/m);
    expect(stdout).toMatch(/^Producer: +Raadsbrief \(Chromium, pdf-lib\)$/m);
    expect(stdout).toMatch(/^CreationDate: +2015-09-29T12:00:00\+02$/m);
    expect(stdout).toMatch(/^ModDate: +2015-09-29T12:00:00\+02$/m);
    expect(stdout).toMatch(/^Tagged: +yes$/m);
    // Chromium's A4 from `@page { size: A4 }` (rounded to its layout units); pdfinfo names it A4.
    expect(stdout).toMatch(/^Page size: +594\.96 x 841\.92 pts \(A4\)$/m);
    const pages = Number(/^Pages: +(\d+)$/m.exec(stdout)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it("bedt alle lettertypen in", async () => {
    const { code, stdout } = await tool("pdffonts", [letterPdf]);
    expect(code).toBe(0);
    const rows = stdout.split("\n").slice(2).filter((l) => l.trim() !== "");
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const m = /\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(row);
      expect(m, row).not.toBeNull();
      expect(m?.[1], row).toBe("yes");
      expect(row).toContain("SourceSans3");
    }
  });

  it("zet de doorloopkop vanaf blad 2", async () => {
    expect(await pdftotext(letterPdf, 1)).not.toContain("blad");
    expect(await pdftotext(letterPdf, 2)).toContain("Gemeente Emmen, 29 september 2015, blad 2");
    expect(await pdftotext(letterPdf, 3)).toContain("blad 3");
  });

  it("houdt cijfers als tekst uitleesbaar", async () => {
    const text = await pdftotext(letterPdf);
    expect(text).toContain("3.560");
    expect(text).toContain("419.400");
    expect(text).toContain("Geachte leden van de raad");
  });

  it("is een archief-PDF (PDF/A-2B): XMP met pdfaid en dc:title, sRGB-OutputIntent, fonts ingebed, /Lang, structuur", async () => {
    // The letter printed in beforeAll: the checks veraPDF would make first, without veraPDF.
    expect(archivalProblems(letterPdf, { title: meta.title, author: meta.author })).toEqual([]);
    const { stdout } = await tool("pdfinfo", ["-meta", letterPdf]);
    expect(stdout).toContain("<pdfaid:part>2</pdfaid:part>");
    expect(stdout).toContain("<pdfaid:conformance>B</pdfaid:conformance>");
    expect(stdout).toContain(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${meta.title}</rdf:li></rdf:Alt></dc:title>`);
    expect(stdout).toContain("<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">Raadsbrief over het investeringsplan</rdf:li></rdf:Alt></dc:description>");
    expect(stdout).toContain("<pdf:Keywords>Participatiewet, bijstand</pdf:Keywords>");
  });

  it("doorstaat qpdf --check", async () => {
    const { code, stdout } = await tool("qpdf", ["--check", letterPdf]);
    expect(code, stdout).toBe(0);
  });

  it("zet taal, DisplayDocTitle, structuur en overzicht in de catalogus", async () => {
    const doc = await PDFDocument.load(await readFile(letterPdf), { updateMetadata: false });
    const catalog = doc.catalog;
    expect(catalog.lookup(PDFName.of("Lang"), PDFString).asString()).toBe("nl-NL");
    const prefs = catalog.lookup(PDFName.of("ViewerPreferences"), PDFDict);
    expect(prefs.lookup(PDFName.of("DisplayDocTitle"))).toBe(PDFBool.True);
    const markInfo = catalog.lookup(PDFName.of("MarkInfo"), PDFDict);
    expect(markInfo.lookup(PDFName.of("Marked"))).toBe(PDFBool.True);
    expect(catalog.lookupMaybe(PDFName.of("StructTreeRoot"), PDFDict)).toBeDefined();
    const outlines = catalog.lookup(PDFName.of("Outlines"), PDFDict);
    expect(outlines.lookup(PDFName.of("First"))).toBeDefined();
    const id = doc.context.trailerInfo.ID;
    expect(id).toBeInstanceOf(PDFArray);
    expect((id as PDFArray).size()).toBe(2);
  });

  it(
    "laat sitelinks naar het publieke siteadres wijzen, niet naar de nep-origin",
    async () => {
      const relative = await linkUris(letterPdf);
      expect(relative).toContain("/contact/");
      expect(relative).toContain("https://www.emmen.nl/werk");
      expect((await readFile(letterPdf)).includes("raadsbrief.localhost")).toBe(false);

      const published = await createPrinter({ chromium, siteDir, concurrency: 1, siteUrl: "https://raadsbrieven.emmen.nl/archief/" });
      try {
        await published.print(job("met-siteadres", "/"));
      } finally {
        await published.close();
      }
      const absolute = await linkUris(path.join(outDir, "met-siteadres.pdf"));
      expect(absolute).toContain("https://raadsbrieven.emmen.nl/archief/contact/");
      expect(absolute).toContain("https://www.emmen.nl/werk");
    },
    SLOW,
  );

  it("laat geen tijdelijke bestanden achter", async () => {
    const files = await readdir(path.join(outDir, "2015/09"));
    expect(files).toEqual(["brief.pdf"]);
  });

  it(
    "maakt byte-identieke PDF's, ook in een hergebruikt en in een nieuw tabblad",
    async () => {
      // Same tab twice: Chromium's structure IDs grow with every load in a tab, and
      // a tab that already shows the site gets the next letter written into its
      // document instead of navigating (print.ts); "nieuw-tabblad" navigates.
      await printer.print(job("nogmaals-1", "/"));
      await printer.print(job("nogmaals-2", "/"));
      const fresh = await createPrinter({ chromium, siteDir, concurrency: 1 });
      try {
        await fresh.print(job("nieuw-tabblad", "/"));
      } finally {
        await fresh.close();
      }
      const expected = await sha256(letterPdf);
      expect(await sha256(path.join(outDir, "nogmaals-1.pdf"))).toBe(expected);
      expect(await sha256(path.join(outDir, "nogmaals-2.pdf"))).toBe(expected);
      expect(await sha256(path.join(outDir, "nieuw-tabblad.pdf"))).toBe(expected);
    },
    SLOW,
  );

  it(
    "schrijft een pagina met een relatieve verwijzing op haar eigen adres in een hergebruikt tabblad",
    async () => {
      // The tab shows "/"; "stempel.svg" must resolve next to this page, not at "/stempel.svg".
      const dir = path.join(siteDir, "brieven/2015/09/relatief");
      await mkdir(dir, { recursive: true });
      const page = (await readFile(path.join(siteDir, "index.html"), "utf8")).replace("</body>", '<img src="stempel.svg" alt="" width="10" height="10"></body>');
      expect(page).toContain("stempel.svg");
      await writeFile(path.join(dir, "index.html"), page);
      await writeFile(path.join(dir, "stempel.svg"), OWN_SVG);
      await printer.print(job("warm", "/"));
      const result = await printer.print(job("relatief", "/brieven/2015/09/relatief/"));
      expect(result.files).toContain("/brieven/2015/09/relatief/stempel.svg");
    },
    SLOW,
  );

  it(
    "laadt een eigen kopie van een afbeelding uit /assets/ van daar, en telt de eigen kopie mee",
    async () => {
      // A letter's own copy of the logo (the same bytes as the site's) is loaded from the
      // site's address in the tab; an image of its own stays its own. Both files count.
      const logo = LOGO_SVG;
      await writeSiteLogo(siteDir);
      const dir = path.join(siteDir, "brieven/2015/09/eigen-logo");
      await mkdir(path.join(dir, "bestanden/logo"), { recursive: true });
      await writeFile(path.join(dir, "bestanden/logo/gedeeld.svg"), logo);
      await writeFile(path.join(dir, "eigen.svg"), OWN_SVG);
      const page = (await readFile(path.join(siteDir, "index.html"), "utf8")).replace("</body>", '<img src="bestanden/logo/gedeeld.svg" alt="" width="10" height="10"><img src="eigen.svg" alt="" width="10" height="10"></body>');
      await writeFile(path.join(dir, "index.html"), page);
      // A fresh printer: it indexes /assets/ once, with the logo in it.
      const fresh = await createPrinter({ chromium, siteDir, concurrency: 1 });
      try {
        await fresh.print(job("warm-logo", "/"));
        const result = await fresh.print(job("eigen-logo", "/brieven/2015/09/eigen-logo/"));
        expect(result.files).toEqual(expect.arrayContaining(["/assets/logos/gedeeld.svg", "/brieven/2015/09/eigen-logo/bestanden/logo/gedeeld.svg", "/brieven/2015/09/eigen-logo/eigen.svg"]));
        // The copy was not asked for by the tab, so it was not served; it counts all the same (above).
        expect(result.files.filter((f) => f.endsWith("/eigen.svg"))).toHaveLength(1);
      } finally {
        await fresh.close();
      }
      // Printed from the page as it is, the same PDF: a printer whose tab navigates (a script in the page) does not alias.
      const scripted = page.replace("</body>", "<script>void 0</script></body>");
      await mkdir(path.join(siteDir, "brieven/2015/09/eigen-logo-nav/bestanden/logo"), { recursive: true });
      await writeFile(path.join(siteDir, "brieven/2015/09/eigen-logo-nav/index.html"), scripted);
      await writeFile(path.join(siteDir, "brieven/2015/09/eigen-logo-nav/bestanden/logo/gedeeld.svg"), logo);
      await writeFile(path.join(siteDir, "brieven/2015/09/eigen-logo-nav/eigen.svg"), OWN_SVG);
      const nav = await printer.print(job("eigen-logo-nav", "/brieven/2015/09/eigen-logo-nav/"));
      expect(nav.files).toContain("/brieven/2015/09/eigen-logo-nav/bestanden/logo/gedeeld.svg");
      expect(nav.files).not.toContain("/assets/logos/gedeeld.svg");
      const [aliased, navigated] = await Promise.all([pdfImages(path.join(outDir, "eigen-logo.pdf")), pdfImages(path.join(outDir, "eigen-logo-nav.pdf"))]);
      expect(aliased).toBe(navigated);
    },
    SLOW,
  );

  it(
    "neemt voor een afbeelding buiten de site nooit de gelijke uit /assets/: die ontbreekt, en de PDF komt er niet",
    async () => {
      // Hostile: a page that points past the site's root at a file with exactly the bytes of a
      // site image. The alias must neither read it nor hide that the page's image is missing.
      const logo = LOGO_SVG;
      await writeSiteLogo(siteDir);
      const outside = path.join(path.dirname(siteDir), "buiten.svg");
      await writeFile(outside, logo);
      const dir = path.join(siteDir, "brieven/2015/09/buiten-logo");
      await mkdir(dir, { recursive: true });
      const page = (await readFile(path.join(siteDir, "index.html"), "utf8")).replace("</body>", '<img src="../../../../../buiten.svg" alt="" width="10" height="10"></body>');
      await writeFile(path.join(dir, "index.html"), page);
      const fresh = await createPrinter({ chromium, siteDir, concurrency: 1 });
      try {
        await fresh.print(job("warm-buiten", "/"));
        await expect(fresh.print(job("buiten-logo", "/brieven/2015/09/buiten-logo/"))).rejects.toThrow(/bestanden ontbreken in de site: \/buiten\.svg/);
      } finally {
        await fresh.close();
      }
      expect(await readFile(outside, "utf8")).toBe(logo);
    },
    SLOW,
  );

  it(
    "laat de opwarmpagina over als er al een brief op het tabblad wacht, en laadt haar anders eerst",
    async () => {
      // The warm-up page leaves a trace in the site's storage; the letter shows what it finds.
      const index = await readFile(path.join(siteDir, "index.html"), "utf8");
      await mkdir(path.join(siteDir, "opwarmen"), { recursive: true });
      await writeFile(path.join(siteDir, "opwarmen/index.html"), index.replace("</body>", '<script>localStorage.setItem("spoor", "opgewarmd")</script></body>'));
      await mkdir(path.join(siteDir, "brieven/opwarmen"), { recursive: true });
      await writeFile(
        path.join(siteDir, "brieven/opwarmen/index.html"),
        index.replace("</body>", '<p id="spoor"></p><script>document.getElementById("spoor").textContent = "Tabblad: " + (localStorage.getItem("spoor") ?? "koud")</script></body>'),
      );
      // A fresh printer each time; `waitForWarmUp` false: its tab is still opening when the job comes.
      const trace = async (name: string, waitForWarmUp: boolean) => {
        const fresh = await createPrinter({ chromium, siteDir, concurrency: 1 });
        try {
          const warming = fresh.warm("/opwarmen/");
          if (waitForWarmUp) await warming;
          await fresh.print(job(name, "/brieven/opwarmen/"));
        } finally {
          await fresh.close();
        }
        return /Tabblad: (\w+)/.exec(await pdftotext(path.join(outDir, `${name}.pdf`)))?.[1];
      };
      // The job takes the tab first and loads its own letter.
      expect(await trace("opwarmen-wacht", false)).toBe("koud");
      // The control: a warm-up that has the tab to itself loads its page first.
      expect(await trace("opwarmen-eerst", true)).toBe("opgewarmd");
    },
    SLOW,
  );

  it(
    "volgt een map zonder slash naar index.html",
    async () => {
      await mkdir(path.join(siteDir, "brieven/2015/09/voortgang"), { recursive: true });
      await cp(path.join(siteDir, "index.html"), path.join(siteDir, "brieven/2015/09/voortgang/index.html"));
      await printer.print(job("map", "/brieven/2015/09/voortgang"));
      expect(await sha256(path.join(outDir, "map.pdf"))).toBe(await sha256(letterPdf));
    },
    SLOW,
  );

  it(
    "weigert een ontbrekende pagina met een PdfError die de brief noemt",
    async () => {
      const err = await printer.print(job("brief-zonder-pagina", "/bestaat/niet/")).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PdfError);
      expect((err as Error).message).toContain("PDF voor 'brief-zonder-pagina' kon niet worden gemaakt");
      expect((err as Error).message).toContain("/bestaat/niet/");
    },
    SLOW,
  );

  it(
    "weigert een pagina waarvan een lettertype ontbreekt",
    async () => {
      // The fixture directory itself has no fonts folder.
      const bare = await createPrinter({ chromium, siteDir: fixtureDir, concurrency: 1 });
      try {
        const err = await bare.print(job("zonder-letters", "/")).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(PdfError);
        expect((err as Error).message).toContain("'zonder-letters'");
        expect((err as Error).message).toContain("/fonts/source-sans-3-latin-400-normal.woff2");
      } finally {
        await bare.close();
      }
    },
    SLOW,
  );

  it(
    "vervangt een vastgelopen tabblad en blijft daarna werken",
    async () => {
      const opened = printer.pagesOpened;
      const started = Date.now();
      const err = await printer.print(job("hangende-brief", "/broken.html")).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PdfError);
      expect((err as Error).message).toContain("PDF voor 'hangende-brief' kon niet worden gemaakt");
      expect((err as Error).message).toContain("nog niet klaar");
      expect(Date.now() - started).toBeLessThan(15_000);
      // The hung tab was replaced, so the pool still prints at full width.
      await Promise.all([printer.print(job("daarna-1", "/")), printer.print(job("daarna-2", "/"))]);
      expect(await sha256(path.join(outDir, "daarna-1.pdf"))).toBe(await sha256(letterPdf));
      expect(printer.pagesOpened).toBeGreaterThan(opened);
    },
    SLOW,
  );

  it(
    "hergebruikt tabbladen: 4 opdrachten met 2 tegelijk openen 2 tabbladen",
    async () => {
      const pool = await createPrinter({ chromium, siteDir, concurrency: 2 });
      try {
        await Promise.all([1, 2, 3, 4].map((i) => pool.print(job(`pool-${i}`, "/"))));
        expect(pool.pagesOpened).toBe(2);
        await pool.print(job("pool-5", "/"));
        expect(pool.pagesOpened).toBe(2);
      } finally {
        await pool.close();
      }
      const expected = await sha256(letterPdf);
      for (const i of [1, 2, 3, 4, 5]) expect(await sha256(path.join(outDir, `pool-${i}.pdf`))).toBe(expected);
    },
    SLOW,
  );

  it(
    "telt het laden van een trage afwerker niet mee in de tijdslimiet van een brief",
    async () => {
      // The worker gets ready 3 s after it starts; the tab prints meanwhile, and the
      // letter's 2-second limit starts once the worker is ready (loading on a busy
      // machine is no sign of a hung tab). Counted from the job's start, it fails.
      const pool = await createPrinter({ chromium, siteDir, concurrency: 1, timeoutMs: 2_000, finisherUrl: new URL("../fixtures/workers/slow-start.mjs", import.meta.url) });
      try {
        await pool.print(job("trage-afwerker", "/"));
      } finally {
        await pool.close();
      }
      expect(await sha256(path.join(outDir, "trage-afwerker.pdf"))).toBe(await sha256(letterPdf));
    },
    SLOW,
  );

  it(
    "houdt de printtabbladen verborgen achter een leeg tabblad, ook een vervangen tabblad (Chromium tekent ze dan niet voor het scherm)",
    async () => {
      // Full Chromium: the headless shell shows every tab (and draws nothing for a screen anyway).
      const full = await fullChromium();
      const pool = await createPrinter({ chromium: full, siteDir, concurrency: 2, lettersPerTab: 2 });
      const printTabs = async () => (await (await full.get()).pages()).filter((p) => p.url().startsWith(SITE_ORIGIN));
      try {
        await Promise.all([1, 2, 3, 4, 5].map((i) => pool.print(job(`verborgen-${i}`, "/"))));
        expect(pool.pagesOpened).toBeGreaterThan(2); // a replaced tab among them
        // The blank tab is sent to the front without waiting for it: give it a moment.
        let states: string[] = [];
        for (let tries = 0; tries < 50; tries++) {
          states = await Promise.all((await printTabs()).map((p) => p.evaluate(() => document.visibilityState)));
          if (states.length > 0 && states.every((v) => v === "hidden")) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(states.length).toBeGreaterThan(0);
        expect(states).toEqual(states.map(() => "hidden"));
      } finally {
        await pool.close();
        await full.close();
      }
      const expected = await sha256(letterPdf);
      for (const i of [1, 2, 3, 4, 5]) expect(await sha256(path.join(outDir, `verborgen-${i}.pdf`))).toBe(expected);
    },
    SLOW,
  );

  it(
    "drukt een brief met een foto af in een verborgen tabblad en in een tabblad zonder beeld, geladen en hergebruikt, met de foto erin",
    async () => {
      // img.decode() never settles in a hidden tab: a letter with a picture once hung
      // until the time-out. Printed first in a fresh tab (navigated), then in the same
      // tab (written into its document), then after another letter: in full Chromium
      // (a hidden tab) and in the headless shell drawing no frames (browser.ts).
      const dir = path.join(siteDir, "brieven/2015/11/foto");
      await mkdir(dir, { recursive: true });
      const page = (await readFile(path.join(siteDir, "index.html"), "utf8")).replace("</body>", '<img src="kaart.png" alt="Kaart" width="40" height="40"></body>');
      await writeFile(path.join(dir, "index.html"), page);
      await writeFile(path.join(dir, "kaart.png"), png());
      for (const [kind, browser] of [["volledig", await fullChromium()], ["shell", new Chromium()]] as const) {
        const pool = await createPrinter({ chromium: browser, siteDir, concurrency: 1, timeoutMs: 10_000 });
        try {
          await pool.print(job(`foto-${kind}-1`, "/brieven/2015/11/foto/"));
          await pool.print(job(`foto-${kind}-2`, "/brieven/2015/11/foto/"));
          await pool.print(job(`zonder-foto-${kind}`, "/"));
          await pool.print(job(`foto-${kind}-3`, "/brieven/2015/11/foto/"));
        } finally {
          await pool.close();
          await browser.close();
        }
        for (const name of [1, 2, 3].map((i) => `foto-${kind}-${i}`)) {
          const { stdout } = await tool("pdfimages", ["-list", path.join(outDir, `${name}.pdf`)]);
          // Header, rule, then one row per image: the picture is printed, not left out.
          expect(stdout.trim().split("\n").slice(2), name).toHaveLength(1);
        }
      }
    },
    SLOW,
  );

  it(
    "vervangt een tabblad na zijn aantal brieven door een nieuw, met dezelfde PDF's",
    async () => {
      const pool = await createPrinter({ chromium, siteDir, concurrency: 1, lettersPerTab: 2 });
      try {
        for (const i of [1, 2, 3, 4, 5]) await pool.print(job(`ververs-${i}`, "/"));
        // Tabs for letters 1–2, 3–4 and 5.
        expect(pool.pagesOpened).toBe(3);
      } finally {
        await pool.close();
      }
      const expected = await sha256(letterPdf);
      for (const i of [1, 2, 3, 4, 5]) expect(await sha256(path.join(outDir, `ververs-${i}.pdf`))).toBe(expected);
    },
    SLOW,
  );

  it(
    "wacht bij sluiten op lopende opdrachten en weigert daarna nieuwe",
    async () => {
      const p = await createPrinter({ chromium, siteDir, concurrency: 1 });
      const jobs = [p.print(job("sluit-1", "/")), p.print(job("sluit-2", "/"))];
      await p.close();
      await expect(Promise.all(jobs)).resolves.toBeDefined();
      expect(await sha256(path.join(outDir, "sluit-2.pdf"))).toBe(await sha256(letterPdf));
      const err = await p.print(job("te-laat", "/")).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PdfError);
      expect((err as Error).message).toContain("'te-laat'");
    },
    SLOW,
  );
});

async function linkUris(file: string): Promise<string[]> {
  const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const uris: string[] = [];
  for (const page of doc.getPages()) {
    const annots = page.node.Annots();
    for (let i = 0; i < (annots?.size() ?? 0); i++) {
      const action = annots?.lookup(i, PDFDict).lookup(PDFName.of("A"));
      if (action instanceof PDFDict) uris.push(action.lookup(PDFName.of("URI"), PDFString).asString());
    }
  }
  return uris;
}

/** A Chromium of its own that is full Chromium (/usr/bin/chromium), not the headless shell the build prefers. */
async function fullChromium(): Promise<Chromium> {
  const saved = process.env.PUPPETEER_EXECUTABLE_PATH;
  process.env.PUPPETEER_EXECUTABLE_PATH = "/usr/bin/chromium";
  const full = new Chromium();
  try {
    await full.get(); // the program is chosen when it starts
  } finally {
    restoreEnv("PUPPETEER_EXECUTABLE_PATH", saved);
  }
  return full;
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

describe("needsOwnUrl: which pages can be written into a tab that shows another page", () => {
  it("pages whose links, images and CSS resolve the same from every page of the site do not", () => {
    for (const html of [
      '<a href="/brieven/">x</a><img src="/assets/logo.svg" alt="">',
      '<a href="#noot-1">1</a><svg><rect clip-path="url(#grafiek-clip-1)"/><use href="#a"/></svg>',
      "<a href='https://www.emmen.nl/'>x</a><a href=mailto:griffie@emmen.nl>y</a>",
      '<img srcset="/a.png 1x, /b.png 2x" src="/a.png" alt=""><p style="background: url(/x.png)">',
      '<a href="">leeg</a>',
    ]) {
      expect(needsOwnUrl(html), html).toBe(false);
    }
  });

  it("a relative link, image, srcset, CSS url(), @import or <base> does", () => {
    for (const html of [
      '<a href="../2015-10/">x</a>',
      "<img src=stempel.svg alt=''>",
      '<img srcset="/a.png 1x, b.png 2x" alt="">',
      '<p style="background: url(\'x.png\')">',
      "<style>@import '/x.css';</style>",
      '<base href="/brieven/">',
    ]) {
      expect(needsOwnUrl(html), html).toBe(true);
    }
  });
});
