// Search as a reader uses it: the site built by the real CLI, served over HTTP
// (Pagefind fetches its wasm and index, which file:// does not allow), /zoeken/
// opened in real headless Chromium, a word typed, the results read back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDate } from "../../scripts/format/nl.ts";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "puppeteer-core";
import { Chromium } from "../../scripts/pdf/browser.ts";
import { loadProject } from "../../scripts/model/load.ts";
import { buildSearchIndexes, pagesGlob } from "../../scripts/pipeline/search.ts";
import { lettersByOrganisation } from "../../scripts/pipeline/steps/search-index.ts";
import { LETTER_4, ROOT, runCli } from "../helpers.ts";
import { RESULT_LINK, searchPage } from "../search-page.ts";
import { serve } from "../static-server.ts";

/** This file's Chromium (a build has its own, in its context), drawing frames: pages on a screen (waitForFunction, screenshots). */
const chromium = new Chromium({ screen: true });

const project = loadProject(ROOT);
/** In the 4e letter's "Vooruitblik" only; checked below against every letter's text. */
const UNIQUE_WORD = "dichterbij";
/** In every letter's narrative. */
const COMMON_WORD = "ambitie";

let site: string;
let server: Server;
let origin: string;
let context: BrowserContext;
/** Every path the server was asked for, in order (by pages and their workers). */
const requested: string[] = [];


function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Types a query into the search page (with filters in its address) and returns the result links, in order. */
const search = (page: Page, query: string, filters: Record<string, string> = {}) => searchPage(page, origin, query, filters);

beforeAll(async () => {
  site = path.join(mkdtempSync(path.join(tmpdir(), "raadsbrief-zoeken-")), "_site");
  // Search indexes the HTML; the PDFs are not needed here (letter.test.ts builds them).
  // With the concepts, as the preview has them (the public site leaves them out: concepts.test.ts).
  const r = runCli("scripts/cli/build.ts", ["--zonder-pdf", "--met-concepten", "--uit", site], ROOT);
  if (r.code !== 0) throw new Error(`build failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  server = await serve(site, (p) => requested.push(p));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Its own context (cookies, cache) in the one shared Chromium.
  context = await (await chromium.get()).createBrowserContext();
});

afterAll(async () => {
  await context?.close();
  await chromium.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

describe("the search index", () => {
  it("is one index per organisation, covering its letters in Dutch and only those", () => {
    const byOrganisation = lettersByOrganisation(project.letters);
    // The fixture's letters are of three organisations: a site of several.
    expect([...byOrganisation.keys()]).toEqual(["coevorden", "emmen", "groningen"]);
    expect(readdirSync(path.join(site, "pagefind")).sort()).toEqual([...byOrganisation.keys()]);
    for (const [organisation, urls] of byOrganisation) {
      const dir = path.join(site, "pagefind", organisation);
      const entry = JSON.parse(readFileSync(path.join(dir, "pagefind-entry.json"), "utf8"));
      expect(Object.keys(entry.languages)).toEqual(["nl"]);
      expect(entry.languages.nl.page_count, organisation).toBe(urls.length);
      expect(storedPages(organisation).map((p) => p.url).sort()).toEqual([...urls].sort());
      // What the search page's script loads; Pagefind's own UIs are not written (the page has its own).
      for (const f of ["pagefind.js", "pagefind-worker.js", "wasm.nl.pagefind"]) expect(existsSync(path.join(dir, f)), f).toBe(true);
      expect(files(dir).filter((f) => /ui|highlight/.test(f))).toEqual([]);
    }
  });

  it("is the same, byte for byte, when made again from the same pages", async () => {
    const again = path.join(mkdtempSync(path.join(tmpdir(), "raadsbrief-zoeken-opnieuw-")), "_site");
    cpSync(site, again, { recursive: true, filter: (src) => !src.startsWith(path.join(site, "pagefind")) });
    const byOrganisation = lettersByOrganisation(project.letters);
    const a = path.join(site, "pagefind");
    const b = path.join(again, "pagefind");
    const same = () => {
      expect(files(b)).toEqual(files(a));
      for (const f of files(a)) expect(readFileSync(path.join(b, f)).equals(readFileSync(path.join(a, f))), f).toBe(true);
    };
    expect(await buildSearchIndexes(again, byOrganisation)).toEqual({ pages: project.letters.length });
    same();
    // An address a glob would misread: Pagefind reads every HTML file of the organisation's folder instead, and makes the same index.
    rmSync(b, { recursive: true, force: true });
    const odd = new Map([...byOrganisation].map(([o, urls]) => [o, [...urls, `/${o}/x/{y}/`]]));
    expect(pagesGlob("emmen", odd.get("emmen")!)).toBe("emmen/**/*.html");
    expect(await buildSearchIndexes(again, odd)).toEqual({ pages: project.letters.length });
    same();
    rmSync(path.dirname(again), { recursive: true, force: true });
  });

  it("is made from exactly the pages that carry data-pagefind-body (the build gives Pagefind the letters' pages, not the folder)", () => {
    // A page with data-pagefind-body that is not a letter would be left out; a letter without it, indexed whole.
    const withBody = files(site)
      .filter((f) => f.endsWith(".html") && readFileSync(path.join(site, f), "utf8").includes("data-pagefind-body"))
      .map((f) => `/${path.dirname(f).split(path.sep).join("/")}/`);
    expect(withBody.sort()).toEqual(project.letters.map((l) => l.url).sort());
    const indexed = storedPages().map((p) => p.url);
    expect(indexed.sort()).toEqual(withBody);
  });

  it("has JavaScript only on the search page", () => {
    const pages = files(site).filter((f) => f.endsWith(".html"));
    expect(pages).toContain(path.join("zoeken", "index.html"));
    const withScript = pages.filter((f) => readFileSync(path.join(site, f), "utf8").includes("<script"));
    expect(withScript).toEqual([path.join("zoeken", "index.html")]);
  });
});

describe("searching in the browser", () => {
  it("the test words are where the test assumes: one in a single letter, one in all", () => {
    const has = (word: string) =>
      project.letters.filter((l) => new RegExp(`\\b${word}\\b`, "i").test(project.bodies.get(l.inputPath) ?? ""));
    expect(has(UNIQUE_WORD).map((l) => l.inputPath)).toEqual([LETTER_4]);
    // The three progress letters; the other documents (memo, report, plan) do not say it.
    expect(has(COMMON_WORD).map((l) => l.type)).toEqual(["voortgangsrapportage", "voortgangsrapportage", "voortgangsrapportage"]);
  });

  it("finds the one letter with a word from its narrative, first", async () => {
    const page = await context.newPage();
    try {
      const links = await search(page, UNIQUE_WORD);
      const letter4 = project.letters.find((l) => l.inputPath === LETTER_4)!;
      expect(links[0]).toBe(letter4.url);
      expect(links).toHaveLength(1);
      expect(await page.$eval("#zoekstatus", (m) => m.textContent)).toBe(`1 resultaat voor ${UNIQUE_WORD}`);
      // The excerpt marks the word found.
      // (Pagefind marks the whole token, punctuation included: "dichterbij,".)
      expect(await page.$eval("#zoekresultaten mark", (m) => m.textContent?.toLowerCase())).toMatch(new RegExp(`^${UNIQUE_WORD.toLowerCase()}\\W?$`));
    } finally {
      await page.close();
    }
  });

  it("takes the query from the URL, so a search can be linked to", async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${origin}/zoeken/?q=${UNIQUE_WORD}`, { waitUntil: "load" });
      await page.waitForFunction((q) => document.querySelector("#zoekstatus")?.textContent === `1 resultaat voor ${q}`, { timeout: 15_000 }, UNIQUE_WORD);
      expect(await page.$eval("#zoekterm", (i) => (i as HTMLInputElement).value)).toBe(UNIQUE_WORD);
      expect(await page.$$eval(RESULT_LINK, (links) => links.map((a) => a.getAttribute("href")))).toEqual([
        project.letters.find((l) => l.inputPath === LETTER_4)!.url,
      ]);
    } finally {
      await page.close();
    }
  });

  it("finds every letter with a word they share, and nothing else", async () => {
    const page = await context.newPage();
    try {
      const links = await search(page, COMMON_WORD);
      const expected = project.letters.filter((l) => new RegExp(`\\b${COMMON_WORD}\\b`, "i").test(project.bodies.get(l.inputPath) ?? ""));
      expect([...links].sort()).toEqual(expected.map((l) => l.url).sort());
    } finally {
      await page.close();
    }
  });

  it("speaks Dutch, and finds nothing for a word in no letter nor in the letterhead", async () => {
    const page = await context.newPage();
    try {
      expect(await search(page, "zwembad")).toEqual([]);
      expect(await page.$eval("#zoekstatus", (m) => m.textContent)).toBe("Geen resultaten voor zwembad");
      expect(await page.$eval('label[for="zoekterm"]', (l) => l.textContent)).toBe("Zoek in de tekst van alle brieven");
    } finally {
      await page.close();
    }
  });

  it("leaves the sender's address block, the same on every letter, out of the index", () => {
    // Read what Pagefind stored per page (gzip, "pagefind_dcd" + JSON): searching for an
    // address word is no proof either way, as Pagefind also matches word prefixes.
    const fragments = fragmentTexts();
    expect(fragments).toHaveLength(project.letters.length);
    for (const f of fragments) {
      expect(f.startsWith("pagefind_dcd{")).toBe(true);
      const content = (JSON.parse(f.slice("pagefind_dcd".length)) as { content: string }).content;
      expect(content).not.toContain("Postbus");
      expect(content).not.toMatch(/Raadhuisplein|Grote Markt 1/);
    }
    // The 2e letter's page wraps its archived article (archive/…/artikel.html): that is what is indexed.
    const letter2 = fragments.map((f) => JSON.parse(f.slice("pagefind_dcd".length)) as { url: string; content: string }).find((f) => f.url.includes("2e-voortgangsrapportage"));
    expect(letter2?.content).toContain("Daarmee lijken de extra inspanningen ook resultaat op te leveren.");
    expect(readFileSync(path.join(ROOT, "archive/emmen/2015/2e-voortgangsrapportage-investeringsplan/artikel.html"), "utf8")).toContain("Daarmee lijken de extra inspanningen ook resultaat op te leveren.");
  });

  it("says in Dutch, without JavaScript, where the letters are", async () => {
    const html = readFileSync(path.join(site, "zoeken", "index.html"), "utf8");
    expect(html).toMatch(/<noscript>[\s\S]*Zoeken werkt alleen met JavaScript[\s\S]*href="\/brieven\/"[\s\S]*<\/noscript>/);
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    // Pagefind's files come from the site itself, never from a CDN.
    // The page's own script (no inline script: the Content-Security-Policy forbids it).
    expect(html).toContain('<script type="module" src="/assets/js/zoeken.js"></script>');
    // Each organisation's option names its index, which the script loads.
    for (const o of project.organisations.values()) expect(html).toContain(`<option value="${o.name}" data-zoekindex="/pagefind/${o.id}/">`);
    expect(readFileSync(path.join(site, "assets", "js", "zoeken.js"), "utf8")).toContain("await import(`${indexes[0]}pagefind.js`)");
    expect(html).not.toContain("pagefind-ui.js");
  });
});

/** What Pagefind stored per page (gzip, "pagefind_dcd" + JSON): of one organisation's index, or of all. */
function fragmentTexts(organisation?: string): string[] {
  const organisations = organisation ? [organisation] : readdirSync(path.join(site, "pagefind")).sort();
  return organisations.flatMap((o) => {
    const dir = path.join(site, "pagefind", o, "fragment");
    return readdirSync(dir).map((f) => gunzipSync(readFileSync(path.join(dir, f))).toString("utf8"));
  });
}

function storedPages(organisation?: string): { url: string; content: string; filters: Record<string, string[]>; meta: Record<string, string> }[] {
  return fragmentTexts(organisation).map((f) => JSON.parse(f.slice("pagefind_dcd".length)));
}

describe("search by organisation and type", () => {
  it("every letter is indexed with its organisation and type as filters, and its date, type and organisation as metadata", () => {
    const stored = storedPages();
    expect(stored).toHaveLength(project.letters.length);
    for (const letter of project.letters) {
      const page = stored.find((p) => p.url === letter.url)!;
      const org = project.organisations.get(letter.organisation)!.name;
      const type = project.documentTypes.get(letter.type)!.name;
      expect(page.filters, letter.url).toEqual({ organisatie: [org], soort: [type] });
      expect(page.meta).toMatchObject({ organisatie: org, soort: type, datum: formatDate(letter.date) });
    }
  });

  it("no table cells run together in the indexed text (an excerpt once read 'JaarBijstandsuitkeringenLaagHoog')", () => {
    for (const page of storedPages()) {
      const html = readFileSync(path.join(site, page.url, "index.html"), "utf8");
      const article = html.slice(html.indexOf('<article class="brief"'), html.indexOf("</article>"));
      // Two neighbouring cells of any table in the letter, as one word.
      for (const row of article.match(/<tr[^>]*>[\s\S]*?<\/tr>/g) ?? []) {
        const cells = [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, "").trim()).filter(Boolean);
        for (let i = 1; i < cells.length; i++) expect(page.content, page.url).not.toContain(`${cells[i - 1]}${cells[i]}`);
      }
    }
  });

  it("asks only the chosen organisation's index, and with 'Alle organisaties' every index, its hits in one list", async () => {
    const orgsOf = (urls: string[]) => [...new Set(urls.map((u) => u.split("/")[1]))].sort();
    /** The index folders whose index files (not Pagefind's script, worker or WebAssembly) were fetched since the last call. */
    const indexesAsked = () => {
      const asked = requested.splice(0).flatMap((p) => p.match(/^\/pagefind\/([^/]+)\/(pagefind-entry\.json|.*\.pf_\w+$)/)?.[1] ?? []);
      return [...new Set(asked)].sort();
    };
    const page = await context.newPage();
    try {
      indexesAsked();
      const one = await search(page, "werk", { organisatie: "Gemeente Groningen" });
      expect(one.length).toBeGreaterThan(0);
      expect(orgsOf(one)).toEqual(["groningen"]);
      expect(indexesAsked()).toEqual(["groningen"]);

      const all = await search(page, "werk");
      expect(orgsOf(all)).toEqual(["coevorden", "emmen", "groningen"]);
      expect(indexesAsked()).toEqual(["coevorden", "emmen", "groningen"]);
      // One list: as many hits as the three organisations' own searches together.
      const each: number[] = [];
      for (const o of ["Gemeente Coevorden", "Gemeente Emmen", "Gemeente Groningen"]) {
        const p = await context.newPage();
        try {
          each.push((await search(p, "werk", { organisatie: o })).length);
        } finally {
          await p.close();
        }
      }
      expect(all.length).toBe(each.reduce((a, b) => a + b, 0));

      // Choosing an organisation in the page itself (no new address): only its hits.
      await page.goto(`${origin}/zoeken/?q=werk`, { waitUntil: "load" });
      await page.waitForFunction((sel) => document.querySelectorAll(sel).length > 0, { timeout: 15_000 }, RESULT_LINK);
      await page.select("#zoek-organisatie", "Gemeente Emmen");
      await page.waitForFunction(
        (sel) => {
          const links = [...document.querySelectorAll(sel)];
          return links.length > 0 && links.every((a) => a.getAttribute("href")?.startsWith("/emmen/"));
        },
        { timeout: 15_000 },
        RESULT_LINK,
      );
      const emmen = await page.$$eval(RESULT_LINK, (links) => links.map((a) => a.getAttribute("href") ?? ""));
      expect(emmen.length).toBeGreaterThan(0);
      expect(orgsOf(emmen)).toEqual(["emmen"]);
    } finally {
      await page.close();
    }
  });

  it("shows date, type and organisation with each hit, and filters on organisation and type", async () => {
    const page = await context.newPage();
    try {
      // "Werk" is in letters of all three organisations.
      const all = await search(page, "werk");
      const orgsOf = (urls: string[]) => [...new Set(urls.map((u) => u.split("/")[1]))].sort();
      expect(orgsOf(all)).toEqual(["coevorden", "emmen", "groningen"]);
      const meta = await page.$$eval(".zoekresultaten__meta", (ps) => ps.map((p) => p.textContent));
      expect(meta).toHaveLength(all.length);
      for (const m of meta) expect(m).toMatch(/^[A-Z][a-z']+ · Gemeente (Emmen|Groningen|Coevorden) · \d{1,2} [a-z]+ \d{4}$/);

      const coevorden = await search(page, "werk", { organisatie: "Gemeente Coevorden" });
      expect(coevorden.length).toBeGreaterThan(0);
      expect(orgsOf(coevorden)).toEqual(["coevorden"]);
      expect(await page.$eval("#zoek-organisatie", (s) => (s as HTMLSelectElement).value)).toBe("Gemeente Coevorden");

      const memos = await search(page, "werk", { soort: "Memo" });
      expect(memos.length).toBe(project.letters.filter((l) => l.type === "memo" && /werk/i.test(project.bodies.get(l.inputPath) ?? "")).length);
      for (const url of memos) expect(project.letters.find((l) => l.url === url)?.type).toBe("memo");
    } finally {
      await page.close();
    }
  });
});

