// Accessibility, validity and weight of the built sample site: every page type served
// over HTTP and opened in real Chromium (axe-core, keyboard focus, 320 px reflow,
// forced colours, print, no JavaScript), every built page through the Nu Html Checker
// and a link check. One build, one browser page, one JVM.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AxeResults, Result as AxeResult } from "axe-core";
import { Parser } from "htmlparser2";
import type { BrowserContext, Page } from "puppeteer-core";
import { Chromium } from "../../scripts/pdf/browser.ts";
import { ROOT, runCli } from "../helpers.ts";
import { fileFor, serve } from "../static-server.ts";

/** This file's Chromium (a build has its own, in its context), drawing frames: pages on a screen (waitForFunction, screenshots). */
const chromium = new Chromium({ screen: true });

const LETTERS = [
  "/emmen/2015/09/2e-voortgangsrapportage-investeringsplan/",
  "/emmen/2015/10/3e-voortgangsrapportage-investeringsplan/",
  "/emmen/2015/11/4e-voortgangsrapportage-investeringsplan/",
];
const LETTER = LETTERS[0]!;
const ORGANISATIONS = ["coevorden", "emmen", "groningen"];
const COEVORDEN_LETTER = "/coevorden/2007/02/banen-en-bijstand-coevorden-2006/";
const SERIES_PAGE = "/reeksen/bijstandsvolume/";
const SEARCH_PAGE = "/zoeken/";

/** One page of every type; `chart`: the page must show at least one chart. */
const PAGES: { url: string; chart?: boolean }[] = [
  { url: "/" },
  { url: "/brieven/" },
  // The year page (every letter of a year, by month) and filtered listings.
  { url: "/brieven/2015/" },
  { url: "/brieven/2007/soorten/memo/" },
  // A page per organisation, and its listings in its own dress.
  ...ORGANISATIONS.map((o) => ({ url: `/${o}/` })),
  { url: "/emmen/2015/" },
  { url: "/coevorden/soorten/raadsbrief/" },
  ...LETTERS.map((url) => ({ url, chart: true })),
  // The third organisation: a letter with a table and chart, and a memo.
  { url: COEVORDEN_LETTER, chart: true },
  { url: "/coevorden/2007/02/uitnodiging-commissie-beleidsplan-werk-en-inkomen/" },
  // The other document kinds: a memo and a report section (Groningen), a policy plan with every table and chart kind.
  { url: "/groningen/2019/11/uitnodiging-commissie-werk-en-inkomen/" },
  { url: "/groningen/2018/04/jaarverslag-2017-werk-en-inkomen/" },
  { url: "/emmen/2007/01/beleidsplan-werk-en-inkomen-2007-2010/", chart: true },
  { url: "/soorten/" },
  { url: "/soorten/voortgangsrapportage/" },
  { url: "/reeksen/" },
  { url: SERIES_PAGE, chart: true },
  { url: "/colofon/" },
  { url: "/toegankelijkheid/" },
  { url: SEARCH_PAGE },
  { url: "/404.html" },
];

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/** HTML + CSS + JS of one page, uncompressed. */
const MAX_PAGE_BYTES = 200_000;
/** Tab stops checked for a visible focus indicator, from the top of each page. */
const TAB_STOPS = 6;

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
// vnu-jar's main export is the path of the jar; we run it on the installed Java.
const VNU_JAR = String(require("vnu-jar"));

let site: string;
let server: Server;
let origin: string;
let context: BrowserContext;
let page: Page;
let vnu: Promise<VnuMessage[]>;
const weights = new Map<string, Weight>();

// ---------- the built site on a local static server ----------

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Built HTML pages (Pagefind's own folder holds no pages). */
const htmlFiles = () => files(site, ".html");
const siteUrl = (file: string) => "/" + path.relative(site, file).split(path.sep).join("/").replace(/(^|\/)index\.html$/, "$1");

// ---------- Nu Html Checker ----------

interface VnuMessage {
  type: string;
  url?: string;
  lastLine?: number;
  firstColumn?: number;
  message: string;
  extract?: string;
}

/** One JVM for all pages; vnu writes its JSON report to stderr and exits 1 on errors. */
function runVnu(pages: string[]): Promise<VnuMessage[]> {
  return new Promise((resolve, reject) => {
    execFile("java", ["-jar", VNU_JAR, "--format", "json", "--errors-only", ...pages], { maxBuffer: 64 << 20 }, (error, _stdout, stderr) => {
      try {
        resolve((JSON.parse(stderr) as { messages: VnuMessage[] }).messages);
      } catch {
        reject(new Error(`vnu.jar gave no JSON report (${error?.message ?? "no error"}):\n${stderr}`));
      }
    });
  });
}

// ---------- static HTML: links, ids, scripts ----------

interface ParsedPage {
  ids: Set<string>;
  /** Every URL the page refers to, with the attribute it came from. */
  refs: { tag: string; attr: string; value: string; rel?: string }[];
  scripts: number;
  handlers: string[];
}

const parsed = new Map<string, ParsedPage>();

function parse(file: string): ParsedPage {
  let p = parsed.get(file);
  if (p) return p;
  const result: ParsedPage = { ids: new Set(), refs: [], scripts: 0, handlers: [] };
  new Parser(
    {
      onopentag(tag, attrs) {
        if (tag === "script") result.scripts++;
        for (const [name, value] of Object.entries(attrs)) {
          if (name === "id") result.ids.add(value);
          else if (/^on[a-z]+$/.test(name)) result.handlers.push(`<${tag} ${name}>`);
          else if (name === "href" || name === "src" || name === "xlink:href" || name === "poster") result.refs.push({ tag, attr: name, value, rel: attrs.rel });
          // SVG paint servers and clip paths: url(#id) on the same page.
          for (const m of value.matchAll(/url\(#([^)]+)\)/g)) if (name !== "style") result.refs.push({ tag, attr: name, value: `#${m[1]}` });
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: false, recognizeSelfClosing: true },
  ).end(readFileSync(file, "utf8"));
  parsed.set(file, result);
  return result;
}

/** Problems with one internal reference from `fromUrl`, or none. */
function checkRef(fromFile: string, fromUrl: string, value: string): string | undefined {
  const url = new URL(value, `http://site.invalid${fromUrl}`);
  if (url.origin !== "http://site.invalid") return undefined; // another host: handled by the callers
  const target = fileFor(site, url.pathname);
  if (!target) return `${value}: no file in the built site`;
  const id = decodeURIComponent(url.hash.slice(1));
  if (id && target.endsWith(".html") && !parse(target).ids.has(id)) {
    return `${value}: no element with id="${id}" on ${target === fromFile ? "this page" : siteUrl(target)}`;
  }
  return undefined;
}

/** URLs the browser fetches by itself, as opposed to links a reader may follow. */
function fetched(tag: string, attr: string, rel = ""): boolean {
  if (tag === "a" || tag === "area") return false;
  if (tag === "link") return /\b(stylesheet|icon|preload|modulepreload|prefetch|manifest)\b/.test(rel);
  return true;
}

// ---------- the browser ----------

interface Weight {
  html: number;
  css: number;
  js: number;
  total: number;
}

interface Visit {
  requests: string[];
  weight: Weight;
}

/** Opens a page, recording every request; requests to other hosts are refused. */
async function visit(url: string): Promise<Visit> {
  const requests: string[] = [];
  const weight: Weight = { html: 0, css: 0, js: 0, total: 0 };
  const pending: Promise<void>[] = [];
  const onRequest = (req: import("puppeteer-core").HTTPRequest) => {
    requests.push(req.url());
    if (new URL(req.url()).origin === origin || /^(data|blob):/.test(req.url())) void req.continue();
    else void req.abort("blockedbyclient");
  };
  const onResponse = (res: import("puppeteer-core").HTTPResponse) => {
    const kind = { document: "html", stylesheet: "css", script: "js" }[res.request().resourceType() as string] as keyof Weight | undefined;
    if (!kind || new URL(res.url()).origin !== origin) return;
    pending.push(
      res.buffer().then(
        (b) => void ((weight[kind] += b.length), (weight.total += b.length)),
        () => void ((weight[kind] += Number(res.headers()["content-length"] ?? 0)), (weight.total += Number(res.headers()["content-length"] ?? 0))),
      ),
    );
  };
  page.on("request", onRequest);
  page.on("response", onResponse);
  try {
    const res = await page.goto(origin + url, { waitUntil: "load" });
    if (!res?.ok()) throw new Error(`${url}: HTTP ${res?.status()}`);
    if (url === SEARCH_PAGE) await page.waitForSelector("#zoekterm");
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    // Let lazily loaded scripts (Pagefind) arrive before the weight is counted.
    await page.waitForNetworkIdle({ idleTime: 200, timeout: 10_000 });
    await Promise.all(pending);
  } finally {
    page.off("request", onRequest);
    page.off("response", onResponse);
  }
  return { requests, weight };
}

function formatViolations(violations: AxeResult[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes.map((n) => `    at ${n.target.join(" ")}\n       ${n.html.slice(0, 300)}\n       ${n.failureSummary?.replace(/\n/g, "\n       ") ?? ""}`).join("\n"),
    )
    .join("\n");
}

/** Relative luminance contrast of two CSS rgb()/rgba() colours (WCAG 2.x). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const invisible = (paint: string) => paint === "none" || paint === "transparent" || /rgba\([^)]*,\s*0\)$/.test(paint);

beforeAll(async () => {
  site = path.join(mkdtempSync(path.join(tmpdir(), "raadsbrief-kwaliteit-")), "_site");
  // With the concept letters (the memo, report and plan are concepts), as the preview shows
  // them: their CONCEPT banner is checked with the rest.
  const r = runCli("scripts/cli/build.ts", ["--met-concepten", "--uit", site], ROOT);
  if (r.code !== 0) throw new Error(`build failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  // The JVM runs while the browser checks run.
  vnu = runVnu(htmlFiles());
  vnu.catch(() => {});
  server = await serve(site);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  context = await (await chromium.get()).createBrowserContext();
  page = await context.newPage();
  // axe-core goes in as an inline script, which the pages' Content-Security-Policy
  // refuses (tests/e2e/hostile-data.test.ts checks the pages under their policy).
  await page.setBypassCSP(true);
  await page.setRequestInterception(true);
  await page.setViewport({ width: 1280, height: 900 });
});

afterAll(async () => {
  if (weights.size) {
    const [url, w] = [...weights].sort((a, b) => b[1].total - a[1].total)[0]!;
    const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
    console.log(`Heaviest page: ${url}: ${kb(w.total)} (HTML ${kb(w.html)}, CSS ${kb(w.css)}, JS ${kb(w.js)}); limit ${kb(MAX_PAGE_BYTES)}`);
  }
  await context?.close();
  await chromium.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

describe("the built site", () => {
  it("has every page type this test visits", () => {
    const built = new Set(htmlFiles().map(siteUrl));
    for (const { url } of PAGES) expect(built, url).toContain(url);
  });

  it("is valid HTML, inline SVG included (Nu Html Checker)", async () => {
    const errors = await vnu;
    const report = errors.map((m) => `${m.url?.replace(`file:${site}`, "")}:${m.lastLine}:${m.firstColumn}: ${m.message}\n    ${m.extract ?? ""}`);
    expect(report.join("\n"), "Nu Html Checker errors").toBe("");
  }, 120_000);

  it("has no broken internal links, missing assets or fragment targets", () => {
    const problems: string[] = [];
    for (const file of htmlFiles()) {
      const from = siteUrl(file);
      for (const { tag, attr, value, rel } of parse(file).refs) {
        if (/^(mailto|tel|data):/.test(value)) continue;
        const url = new URL(value, `http://site.invalid${from}`);
        if (url.origin !== "http://site.invalid") {
          // Links to other sites are fine; loading anything from them is not.
          if (fetched(tag, attr, rel)) problems.push(`${from}: <${tag} ${attr}="${value}"> loads from another host`);
          continue;
        }
        const problem = checkRef(file, from, value);
        if (problem) problems.push(`${from}: <${tag} ${attr}> ${problem}`);
      }
    }
    for (const file of files(site, ".css")) {
      const from = siteUrl(file);
      for (const m of readFileSync(file, "utf8").matchAll(/url\(\s*(["']?)([^"')]+)\1\s*\)/g)) {
        const value = m[2]!;
        if (/^(data:|#)/.test(value)) continue;
        if (new URL(value, `http://site.invalid${from}`).origin !== "http://site.invalid") problems.push(`${from}: url(${value}) loads from another host`);
        else {
          const problem = checkRef(file, from, value);
          if (problem) problems.push(`${from}: url() ${problem}`);
        }
      }
    }
    expect(problems.join("\n")).toBe("");
  });

  it("has JavaScript on the search page only", () => {
    const withScript = htmlFiles()
      .filter((f) => parse(f).scripts > 0 || parse(f).handlers.length > 0)
      .map(siteUrl);
    expect(withScript).toEqual([SEARCH_PAGE]);
  });
});

describe.each(PAGES)("$url", ({ url, chart }) => {
  let visited: Visit;
  let axe: AxeResults;

  beforeAll(async () => {
    visited = await visit(url);
    weights.set(url, visited.weight);
    await page.addScriptTag({ content: AXE_SOURCE });
    axe = await page.evaluate(
      (tags) => (window as unknown as { axe: typeof import("axe-core") }).axe.run(document, { runOnly: { type: "tag", values: tags } }),
      WCAG_TAGS,
    );
  });

  it("has no axe-core violations of WCAG 2.1 A and AA", () => {
    expect(axe.passes.length, "axe-core ran its rules").toBeGreaterThan(0);
    expect(formatViolations(axe.violations), `axe-core violations on ${url}`).toBe("");
  });

  it("requests nothing from another host", () => {
    const foreign = visited.requests.filter((r) => !r.startsWith(origin + "/") && !/^(data|blob):/.test(r));
    expect(foreign).toEqual([]);
  });

  it("weighs at most 200 kB in HTML, CSS and JS", () => {
    expect(visited.weight.html).toBeGreaterThan(0);
    expect(visited.weight.css).toBeGreaterThan(0);
    expect(visited.weight.total, JSON.stringify(visited.weight)).toBeLessThanOrEqual(MAX_PAGE_BYTES);
  });

  it("is Dutch, with one h1 and headings in order", async () => {
    const s = await page.evaluate(() => ({
      lang: document.documentElement.getAttribute("lang"),
      headings: [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => ({ level: Number(h.tagName[1]), text: h.textContent!.trim() })),
    }));
    expect(s.lang).toBe("nl");
    expect(s.headings.filter((h) => h.level === 1)).toHaveLength(1);
    const outline = s.headings.map((h) => `h${h.level} ${h.text}`).join("\n");
    // The h1 comes first; after it a heading goes at most one level deeper.
    expect(s.headings[0]?.level, outline).toBe(1);
    for (let i = 1; i < s.headings.length; i++) {
      expect(s.headings[i]!.level, `${outline}\n→ "${s.headings[i]!.text}" skips a level`).toBeLessThanOrEqual(s.headings[i - 1]!.level + 1);
    }
  });

  it("starts with a skip link and shows where the keyboard focus is", async () => {
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
    });
    const stops = [];
    for (let i = 0; i < TAB_STOPS; i++) {
      await page.keyboard.press("Tab");
      stops.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const style = getComputedStyle(el);
          const rect = el.getBoundingClientRect();
          const href = el.getAttribute("href") ?? "";
          return {
            element: el.outerHTML.slice(0, 120),
            skipLink: el.matches("a.utrecht-skip-link"),
            target: href.startsWith("#") ? !!document.getElementById(href.slice(1)) : false,
            outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 && !/rgba\([^)]*,\s*0\)$/.test(style.outlineColor),
            boxShadow: style.boxShadow !== "none",
            visible: rect.width > 1 && rect.height > 1,
          };
        }),
      );
    }
    expect(stops[0]!.skipLink, `first focus: ${stops[0]!.element}`).toBe(true);
    expect(stops[0]!.target, "the skip link's target exists").toBe(true);
    for (const s of stops) {
      expect(s.visible, `${s.element} is visible when focused`).toBe(true);
      expect(s.outline || s.boxShadow, `${s.element} has a focus indicator`).toBe(true);
    }
  });

  it("gives every chart a text alternative and a data table", async () => {
    const charts = await page.$$("svg.grafiek");
    if (chart) expect(charts.length).toBeGreaterThan(0);
    for (const svg of charts) {
      // The name and description as the browser computes them for assistive technology.
      const node = await page.accessibility.snapshot({ root: svg, interestingOnly: false });
      expect(node?.role).toBe("image");
      expect(node?.name?.trim()).toBeTruthy();
      const table = await svg.evaluate((el) => !!el.closest(".figuur")?.querySelector("details table"));
      expect(table, "a <details> with the chart's figures in a table").toBe(true);
    }
  });

  it("fits a 320 px wide screen without scrolling sideways", async () => {
    await page.setViewport({ width: 320, height: 640 });
    try {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(320);
    } finally {
      await page.setViewport({ width: 1280, height: 900 });
    }
  });
});

describe("charts: without colour, contrast, forced colours", () => {
  /** The lines, text and background of every chart on the current page, as painted. */
  async function chartPaint() {
    return page.$$eval("svg.grafiek", (svgs) =>
      svgs.map((svg) => {
        const frame = getComputedStyle(svg.closest(".grafiek-kader") ?? svg).backgroundColor;
        const rect = svg.querySelector(":scope > rect");
        const rectFill = rect ? getComputedStyle(rect).fill : "none";
        return {
          background: rectFill !== "none" ? rectFill : frame,
          // Vega gives every mark group a background path; painted, it would cover what lies below.
          covers: [...svg.querySelectorAll("path.background")].map((p) => getComputedStyle(p).fill),
          lines: [...svg.querySelectorAll("g.mark-line > path")].map((p) => {
            const s = getComputedStyle(p);
            return { stroke: s.stroke, width: parseFloat(s.strokeWidth), dash: s.strokeDasharray };
          }),
          texts: [...svg.querySelectorAll("text")].map((t) => ({ text: t.textContent, fill: getComputedStyle(t).fill, display: getComputedStyle(t).display })),
        };
      }),
    );
  }

  for (const url of [LETTER, SERIES_PAGE]) {
    it(`${url}: lines differ by dash pattern, not by colour alone`, async () => {
      await visit(url);
      const charts = await chartPaint();
      expect(charts.length).toBeGreaterThan(0);
      for (const c of charts) {
        expect(c.lines.length).toBeGreaterThan(1);
        expect(new Set(c.lines.map((l) => l.dash)).size, JSON.stringify(c.lines)).toBe(c.lines.length);
      }
    });

    // axe-core cannot judge text on an SVG ("needs review"), so contrast is measured here:
    // lines 3:1 (WCAG 1.4.11), text 4.5:1 (1.4.3) against what is painted behind them.
    for (const mode of ["normal colours", "forced colours, light", "forced colours, dark"]) {
      it(`${url}: lines and text stand out in ${mode}`, async () => {
        // Puppeteer's emulateMediaFeatures() refuses forced-colors; the DevTools protocol has it.
        const cdp = await page.createCDPSession();
        const forced = mode.startsWith("forced");
        await cdp.send("Emulation.setEmulatedMedia", {
          features: [
            { name: "forced-colors", value: forced ? "active" : "none" },
            { name: "prefers-color-scheme", value: mode.endsWith("dark") ? "dark" : "light" },
          ],
        });
        try {
          await visit(url);
          const charts = await chartPaint();
          expect(charts.length).toBeGreaterThan(0);
          for (const c of charts) {
            expect(c.covers.filter((f) => !invisible(f)), "painted areas over the lines").toEqual([]);
            for (const l of c.lines) {
              expect(invisible(l.stroke) || l.width === 0, `line stroke ${l.stroke}`).toBe(false);
              expect(contrast(l.stroke, c.background), `line ${l.stroke} on ${c.background}`).toBeGreaterThanOrEqual(3);
            }
            for (const t of c.texts) {
              expect(invisible(t.fill) || t.display === "none", `text "${t.text}" fill ${t.fill}`).toBe(false);
              expect(contrast(t.fill, c.background), `text "${t.text}" ${t.fill} on ${c.background}`).toBeGreaterThanOrEqual(4.5);
            }
          }
        } finally {
          await cdp.send("Emulation.setEmulatedMedia", { features: [] });
          await cdp.detach();
        }
      });
    }
  }
});

describe("a letter page", () => {
  it("prints without the site's header, navigation, footer and info panel", async () => {
    await visit(LETTER);
    await page.emulateMediaType("print");
    try {
      const shown = await page.evaluate(() =>
        Object.fromEntries(
          [".utrecht-skip-link", ".site-kop", ".site-nav", ".kruimelpad", ".site-voet", ".brief-info", "article.brief", "svg.grafiek"].map((s) => [
            s,
            (document.querySelector(s)?.getClientRects().length ?? 0) > 0,
          ]),
        ),
      );
      expect(shown).toEqual({
        ".utrecht-skip-link": false,
        ".site-kop": false,
        ".site-nav": false,
        ".kruimelpad": false,
        ".site-voet": false,
        ".brief-info": false,
        "article.brief": true,
        "svg.grafiek": true,
      });
    } finally {
      await page.emulateMediaType(undefined);
    }
  });

  it("shows its text, table and chart without JavaScript", async () => {
    await page.setJavaScriptEnabled(false);
    try {
      await visit(LETTER);
      const shown = await page.evaluate(() =>
        ["h1", ".brieftekst p", "table.cijfertabel", "svg.grafiek", ".knop[download]"].map((s) => [s, (document.querySelector(s)?.getClientRects().length ?? 0) > 0]),
      );
      expect(Object.fromEntries(shown)).toEqual({ h1: true, ".brieftekst p": true, "table.cijfertabel": true, "svg.grafiek": true, ".knop[download]": true });
    } finally {
      await page.setJavaScriptEnabled(true);
    }
  });
});

describe("each page in the dress of whom it comes from", () => {
  const PUBLISHER = { name: "Samenwerkende griffies Emmen, Coevorden en Groningen", colour: "rgb(31, 78, 121)" };
  const ORGS = {
    emmen: { name: "Gemeente Emmen", colour: "rgb(0, 96, 122)" },
    groningen: { name: "Gemeente Groningen", colour: "rgb(138, 21, 56)" },
    coevorden: { name: "Gemeente Coevorden", colour: "rgb(45, 106, 46)" },
  };
  const DRESSED: [string, keyof typeof ORGS | undefined][] = [
    ["/", undefined],
    ["/brieven/", undefined],
    ["/brieven/2015/", undefined],
    ["/colofon/", undefined],
    [LETTER, "emmen"],
    ["/groningen/2019/11/uitnodiging-commissie-werk-en-inkomen/", "groningen"],
    [COEVORDEN_LETTER, "coevorden"],
    ["/coevorden/2007/02/uitnodiging-commissie-beleidsplan-werk-en-inkomen/", "coevorden"],
    ["/coevorden/", "coevorden"],
    ["/groningen/", "groningen"],
    ["/emmen/2015/", "emmen"],
  ];

  it.each(DRESSED)("%s: header, colours, logo and footer of %s", async (url, org) => {
    await visit(url);
    const seen = await page.evaluate(() => ({
      brand: document.querySelector(".site-merk__naam")?.textContent?.trim(),
      brandSub: document.querySelector(".site-merk__org")?.textContent?.trim(),
      header: getComputedStyle(document.querySelector(".site-kop")!).backgroundColor,
      logo: document.querySelector(".site-merk img")?.getAttribute("src") ?? null,
      footer: document.querySelector(".site-voet")!.textContent!.replace(/\s+/g, " "),
    }));
    if (org) {
      expect(seen.brand).toBe(ORGS[org].name);
      expect(seen.header).toBe(ORGS[org].colour);
      expect(seen.logo).toBe(`/assets/logos/${org}.svg`);
      expect(seen.footer).toContain(`${ORGS[org].name} · `);
      for (const other of Object.keys(ORGS).filter((o) => o !== org)) expect(seen.footer).not.toContain(ORGS[other as keyof typeof ORGS].name);
    } else {
      expect(seen.brand).toBe("Raadsbrieven van Emmen, Coevorden en Groningen");
      expect(seen.brandSub).toBe(PUBLISHER.name);
      expect(seen.header).toBe(PUBLISHER.colour);
      for (const o of Object.values(ORGS)) expect(seen.footer).not.toContain(o.name);
    }
    expect(seen.footer).toContain(`is een uitgave van ${PUBLISHER.name}`);
  });

  it.each(["/brieven/2015/", LETTER, COEVORDEN_LETTER])("%s: breadcrumb links look like the page's other links, not the browser's blue", async (url) => {
    await visit(url);
    const colours = await page.evaluate(() => ({
      crumb: getComputedStyle(document.querySelector(".kruimelpad a")!).color,
      link: getComputedStyle(document.querySelector("main .utrecht-link:not(.utrecht-breadcrumb-nav__link)")!).color,
    }));
    expect(colours.crumb).not.toBe("rgb(0, 0, 238)");
    expect(colours.crumb).toBe(colours.link);
  });
});
