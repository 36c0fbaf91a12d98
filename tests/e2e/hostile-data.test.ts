// Every value from data/ and front matter is escaped for where it lands. The sample
// site is built with an organisation name, series title, region name, kenmerk and
// signatory name full of markup (</style>, </script>, <script>, quotes, <, &, ]]>,
// a newline), and a narrative that tries HTML injection through Markdown. Then every
// output is read back: HTML pages parse and hold no element or attribute from the
// data, the feed, MDTO and XMP are well-formed XML, CSV and JSON give back exactly the
// text, and in real Chromium no injected script runs, under a Content-Security-Policy
// that blocks one even if escaping failed.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { Parser } from "htmlparser2";
import type { BrowserContext, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMdtoSchema, validateSidecars } from "../../scripts/archive/mdto-validate.ts";
import { Chromium } from "../../scripts/pdf/browser.ts";
import { copyProject, edit, LETTER_4, ROOT, run, runCli } from "../helpers.ts";
import { png } from "../png.ts";
import { serve } from "../static-server.ts";

/** This file's Chromium (a build has its own, in its context), drawing frames: pages on a screen (waitForFunction, screenshots). */
const chromium = new Chromium({ screen: true });

const PAYLOAD = `</style></script><script>window.__pwned=1;alert(1)</script><style> "dubbel" 'enkel' a < b & c ]]> <img src=x onerror="window.__pwned=2">\nregel 2`;
const hostile = (label: string) => `${label} ${PAYLOAD}`;
const ORG_NAME = hostile("Gemeente Emmen");
const SIGNATORY = hostile("C. Bijl");
const SERIES_TITLE = hostile("Bijstandsvolume");
const REGION = hostile("Emmen");
const KENMERK = hostile("15.079952");

const LETTER_URL = "/emmen/2015/11/4e-voortgangsrapportage-investeringsplan/";
const PDF = `${LETTER_URL}4e-voortgangsrapportage-investeringsplan.pdf`;
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/** Markdown that tries to smuggle markup through titles, alt texts and entities; the check lets it pass. */
const NARRATIVE = [
  `Een [link met titel](/reeksen/ "titel\\" onmouseover=\\"window.__pwned=3") en ![Kaart" onerror="window.__pwned=4](kaart.png).`,
  "",
  "Tekst &lt;script&gt;window.__pwned=5&lt;/script&gt; en `<script>window.__pwned=6</script>` en [ref][x].",
  "",
  `[x]: /brieven/ "x' onclick='window.__pwned=7"`,
].join("\n");

let dir: string;
let site: string;
let server: Server;
let origin: string;
let context: BrowserContext;

beforeAll(async () => {
  dir = copyProject();
  const y = (s: string) => JSON.stringify(s); // a JSON string is a YAML double-quoted string
  edit(path.join(dir, "data/organisaties/emmen.yaml"), "naam: Gemeente Emmen", `naam: ${y(ORG_NAME)}`);
  edit(path.join(dir, "data/organisaties/emmen.yaml"), "naam: C. Bijl", `naam: ${y(SIGNATORY)}`);
  edit(path.join(dir, "data/reeksen/bijstandsvolume.yaml"), "titel: Bijstandsvolume", `titel: ${y(SERIES_TITLE)}`);
  edit(path.join(dir, "data/reeksen/bijstandsvolume.yaml"), "    naam: Emmen", `    naam: ${y(REGION)}`);
  edit(path.join(dir, LETTER_4), "ons_kenmerk: 15.079952", `ons_kenmerk: ${y(KENMERK)}`);
  writeFileSync(path.join(dir, "content/emmen/2015/kaart.png"), png());
  edit(path.join(dir, LETTER_4), "## Vooruitblik", `${NARRATIVE}\n\n## Vooruitblik`);
  site = path.join(dir, "_site");
  // The hostile letter is a concept: built as the preview shows it.
  const r = runCli("scripts/cli/build.ts", ["--met-concepten"], dir);
  if (r.code !== 0) throw new Error(`build failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  server = await serve(site);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  context = await (await chromium.get()).createBrowserContext();
}, 180_000);

afterAll(async () => {
  await context?.close();
  await chromium.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const files = (ext: string) =>
  readdirSync(site, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => path.join(e.parentPath, e.name));

interface Element {
  name: string;
  attrs: Record<string, string>;
}

function parseHtml(html: string): { elements: Element[]; text: string } {
  const elements: Element[] = [];
  let text = "";
  const parser = new Parser({ onopentag: (name, attrs) => elements.push({ name, attrs }), ontext: (t) => (text += t) }, { decodeEntities: true, lowerCaseTags: true });
  parser.write(html);
  parser.end();
  return { elements, text };
}

function xmllint(...args: string[]): { code: number | null; err: string } {
  const r = spawnSync("xmllint", args, { encoding: "utf8" });
  if (r.error) throw r.error;
  return { code: r.status, err: r.stderr };
}

describe("a site built from hostile data", () => {
  it("every HTML page parses and holds no element or attribute that came from the data", () => {
    const pages = files(".html");
    expect(pages.length).toBeGreaterThan(10);
    for (const file of pages) {
      const rel = path.relative(site, file);
      const { elements } = parseHtml(readFileSync(file, "utf8"));
      const scripts = elements.filter((e) => e.name === "script");
      expect(scripts.map((s) => s.attrs), rel).toEqual(rel === path.join("zoeken", "index.html") ? [{ type: "module", src: "/assets/js/zoeken.js" }] : []);
      expect(elements.filter((e) => ["style", "iframe", "object", "embed", "base"].includes(e.name)).map((e) => e.name), rel).toEqual([]);
      for (const e of elements) {
        const names = Object.keys(e.attrs);
        expect(names.filter((n) => n.startsWith("on") || n === "style" || n.includes('"') || n.includes("<")), `${rel} <${e.name}>`).toEqual([]);
        for (const n of ["href", "src"]) if (e.attrs[n] !== undefined) expect(e.attrs[n], `${rel} <${e.name} ${n}>`).not.toMatch(/^\s*(javascript|data|vbscript):/i);
        // The site's own files, or (a letter's logo and images) the letter's own, beside its page.
        if (e.name === "img") expect(e.attrs.src, rel).toMatch(/^(\/|bestanden\/[\w./-]+$)/);
      }
      const csp = elements.filter((e) => e.name === "meta" && e.attrs["http-equiv"] === "Content-Security-Policy");
      expect(csp.map((m) => m.attrs.content), rel).toEqual([rel === path.join("zoeken", "index.html") ? CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'") : CSP]);
    }
  });

  it("shows the hostile values as text", () => {
    const { text, elements } = parseHtml(readFileSync(path.join(site, LETTER_URL, "index.html"), "utf8"));
    for (const value of [ORG_NAME, SIGNATORY, KENMERK]) expect(text.replace(/\s+/g, " ")).toContain(value.replace(/\s+/g, " "));
    // The narrative's attempts are text or attribute values, not markup.
    expect(text).toContain("Tekst <script>window.__pwned=5</script> en <script>window.__pwned=6</script>");
    const image = elements.find((e) => e.name === "img" && e.attrs.src === "bestanden/kaart.png");
    expect(image?.attrs).toEqual({ src: "bestanden/kaart.png", alt: 'Kaart" onerror="window.__pwned=4' });
    const link = elements.find((e) => e.name === "a" && e.attrs.href === "/reeksen/" && e.attrs.title);
    expect(link?.attrs).toEqual({ href: "/reeksen/", title: 'titel" onmouseover="window.__pwned=3' });
    const series = parseHtml(readFileSync(path.join(site, "reeksen", "bijstandsvolume", "index.html"), "utf8")).text.replace(/\s+/g, " ");
    expect(series).toContain(SERIES_TITLE.replace(/\s+/g, " "));
    expect(series).toContain(REGION.replace(/\s+/g, " "));
  });

  it("the letter's stylesheet keeps the name inside its CSS string", () => {
    const css = readFileSync(path.join(site, LETTER_URL, "opmaak.css"), "utf8");
    expect(css).not.toMatch(/<\/?(style|script)/i);
    const content = /@page \{ @top-left \{ content: "((?:[^"\\]|\\[0-9A-F]+ )*)" counter\(page\); \} \}/.exec(css)?.[1];
    expect(content).toBeDefined();
    const decoded = content!.replace(/\\([0-9A-F]+) /g, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
    expect(decoded).toBe(`${ORG_NAME}, 24 november 2015, blad `);
  });

  it("Vega's SVG carries no style attributes or elements", () => {
    const html = readFileSync(path.join(site, LETTER_URL, "index.html"), "utf8");
    const svgs = html.match(/<svg\b[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThan(0);
    for (const svg of svgs) expect(svg).not.toMatch(/\sstyle=|<style\b/);
  });

  it("the feed is well-formed Atom", () => {
    const feed = path.join(site, "feed.xml");
    expect(readFileSync(feed, "utf8")).toContain("Gemeente Emmen &lt;/style&gt;");
    expect(xmllint("--noout", feed)).toMatchObject({ code: 0 });
    const r = xmllint("--noout", "--relaxng", path.join(ROOT, "tests/fixtures/atom/atom.rng"), feed);
    expect(r.code, r.err).toBe(0);
  });

  it("the CSV and JSON downloads give back exactly the text", () => {
    const csv = parseCsv(readFileSync(path.join(site, "reeksen", "bijstandsvolume", "bijstandsvolume.csv"), "utf8"), { columns: true, bom: true, delimiter: ";" }) as Record<string, string>[];
    const emmen = csv.filter((row) => row.regio === "emmen");
    expect(emmen.length).toBeGreaterThan(10);
    for (const row of emmen) expect(row.regionaam).toBe(REGION);
    const json = JSON.parse(readFileSync(path.join(site, "reeksen", "bijstandsvolume", "bijstandsvolume.json"), "utf8"));
    expect(json.titel).toBe(SERIES_TITLE);
    expect(json.regios.find((r: { id: string }) => r.id === "emmen").naam).toBe(REGION);
  });

  it("the printed PDF has the name in its metadata, and its XMP packet is well-formed XML", () => {
    const pdf = path.join(site, PDF);
    expect(run("pdfinfo", [pdf])).toMatch(/^Author:\s+Gemeente Emmen <\/style><\/script><script>/m);
    const bytes = readFileSync(pdf);
    const start = bytes.indexOf("<?xpacket begin=");
    const end = bytes.indexOf('<?xpacket end="r"?>') + '<?xpacket end="r"?>'.length;
    expect(start).toBeGreaterThan(0);
    const xmpFile = path.join(dir, "xmp.xml");
    writeFileSync(xmpFile, bytes.subarray(start, end));
    const r = xmllint("--noout", xmpFile);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(xmpFile, "utf8")).toContain("Gemeente Emmen &lt;/style&gt;&lt;/script&gt;&lt;script&gt;");
  });

  it("publishing writes MDTO that is well-formed and valid against MDTO-XML 1.0.2, with the hostile kenmerk and name", async () => {
    const r = runCli("scripts/cli/publish.ts", [LETTER_4], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const archived = path.join(dir, "archive/emmen/2015/4e-voortgangsrapportage-investeringsplan");
    const sidecars = readdirSync(archived).filter((f) => f.endsWith(".mdto.xml"));
    expect(sidecars).toHaveLength(2);
    for (const f of sidecars) {
      const lint = xmllint("--noout", path.join(archived, f));
      expect(lint.code, `${f}: ${lint.err}`).toBe(0);
    }
    const verdicts = await validateSidecars(
      sidecars.map((name) => ({ name, xml: readFileSync(path.join(archived, name), "utf8") })),
      readMdtoSchema(),
    );
    verdicts.forEach((v, i) => expect(v.errors, sidecars[i]).toEqual([]));
    const io = readFileSync(path.join(archived, "4e-voortgangsrapportage-investeringsplan.mdto.xml"), "utf8");
    expect(io).toContain("15.079952 &lt;/style&gt;");
    // The archived article holds the hostile values as escaped text, like the page.
    const article = parseHtml(readFileSync(path.join(archived, "artikel.html"), "utf8"));
    expect(article.elements.filter((e) => ["script", "style", "iframe"].includes(e.name))).toEqual([]);
    expect(article.text.replace(/\s+/g, " ")).toContain(ORG_NAME.replace(/\s+/g, " "));
  });
});

describe("in Chromium", () => {
  /** Opens a page, recording dialogs and CSP violations; returns what ran. */
  async function visit(url: string, act?: (page: Page) => Promise<void>): Promise<{ pwned: unknown; dialogs: string[]; violations: string[]; csp: string | null }> {
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.evaluateOnNewDocument(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    try {
      await page.goto(origin + url, { waitUntil: "load" });
      if (act) await act(page);
      // Hover and click what the injections hoped for.
      for (const selector of ["a[title]", "img"]) {
        const el = await page.$(selector);
        await el?.hover().catch(() => {});
      }
      return await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
        dialogs: [],
        violations: (window as unknown as { __violations: string[] }).__violations,
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? null,
      })).then((r) => ({ ...r, dialogs }));
    } finally {
      await page.close();
    }
  }

  it.each([LETTER_URL, "/", "/reeksen/bijstandsvolume/", "/colofon/", "/brieven/", "/toegankelijkheid/"])("%s: nothing injected runs, the CSP is there and nothing of ours breaks it", async (url) => {
    const r = await visit(url);
    expect(r.pwned).toBeUndefined();
    expect(r.dialogs).toEqual([]);
    expect(r.violations).toEqual([]);
    expect(r.csp).toBe(CSP);
  });

  it("the search page works under its CSP", async () => {
    const r = await visit("/zoeken/?q=ambitie", async (page) => {
      await page.waitForFunction(() => /^\d+ resultaten? voor ambitie$/.test(document.querySelector("#zoekstatus")?.textContent ?? ""), { timeout: 15_000 });
    });
    expect(r.pwned).toBeUndefined();
    expect(r.dialogs).toEqual([]);
    expect(r.violations).toEqual([]);
    expect(r.csp).toContain("'wasm-unsafe-eval'");
  });

  it("the CSP stops a script that escaping had let through", async () => {
    const file = path.join(site, LETTER_URL, "index.html");
    const page = readFileSync(file, "utf8");
    writeFileSync(path.join(site, LETTER_URL, "ingespoten.html"), page.replace("<main", '<script>window.__pwned = 1; alert("x")</script><img src="x" onerror="window.__pwned = 2"><main'));
    const r = await visit(`${LETTER_URL}ingespoten.html`);
    expect(r.pwned).toBeUndefined();
    expect(r.dialogs).toEqual([]);
    expect(r.violations.some((v) => v.startsWith("script-src"))).toBe(true);
  });
});
