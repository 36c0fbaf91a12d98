// Woo publication: robots.txt names a sitemap index per Woo information category, and
// each sitemap lists every published letter's PDF with lastmod and its DiWoo metadata,
// valid against the DiWoo 0.9.8 schema (tests/fixtures/diwoo/, origin there) with xmllint.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProject } from "../../scripts/model/load.ts";
import { ROOT, runCli } from "../helpers.ts";

const SCHEMA = path.join(ROOT, "tests/fixtures/diwoo/sitemap.xsd");
const SITE_URL = "https://raadsbrief.example.nl";
const project = loadProject(ROOT);
const published = project.letters.filter((l) => project.manifest.brieven[l.inputPath]);

let dir: string;
let site: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "raadsbrief-woo-"));
  site = path.join(dir, "site");
  const r = runCli("scripts/cli/build.ts", ["--zonder-pdf", "--uit", site], ROOT);
  if (r.code !== 0) throw new Error(`build failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const xmllint = (file: string) => spawnSync("xmllint", ["--noout", "--nonet", "--schema", SCHEMA, file], { encoding: "utf8" });
const local = (url: string) => path.join(site, new URL(url).pathname);

describe("Woo publication", () => {
  it("robots.txt names the sitemap index of each category with published letters", () => {
    const robots = readFileSync(path.join(site, "robots.txt"), "utf8");
    const sitemaps = [...robots.matchAll(/^Sitemap: (\S+)$/gm)].map((m) => m[1]!);
    // The sample's published letters are two voortgangsrapportages: bij de gemeenteraad ingekomen stukken (Woo 3.3 lid 2 a).
    expect(sitemaps).toEqual([`${SITE_URL}/sitemapindex-diwoo-infocat006.xml`]);
    expect(robots).toMatch(/^User-agent: \*$/m);
  });

  it("the index and its sitemaps are valid: sitemaps.org structure, each diwoo:Document against the DiWoo 0.9.8 schema", () => {
    const index = local(`${SITE_URL}/sitemapindex-diwoo-infocat006.xml`);
    const check = xmllint(index);
    expect(check.status, check.stderr).toBe(0);
    const maps = [...readFileSync(index, "utf8").matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    expect(maps).toEqual([`${SITE_URL}/sitemaps/diwoo-infocat006-1.xml`]);
    for (const map of maps) {
      const r = xmllint(local(map));
      expect(r.status, r.stderr).toBe(0);
    }
  });

  it("lists exactly the published letters' PDFs, with lastmod, title, publisher as TOOI identifier, date and category", () => {
    const xml = readFileSync(local(`${SITE_URL}/sitemaps/diwoo-infocat006-1.xml`), "utf8");
    const urls = [...xml.matchAll(/<url>([\s\S]*?)<\/url>/g)].map((m) => m[1]!);
    expect(urls).toHaveLength(published.length);
    for (const letter of published) {
      const entry = urls.find((u) => u.includes(`<loc>${SITE_URL}${letter.pdfUrl}</loc>`))!;
      expect(entry, letter.inputPath).toBeDefined();
      // The file is there, and is the archived PDF.
      const archivedPdf = project.manifest.brieven[letter.inputPath]!.bestanden.find((f) => f.rol === "pdf")!.pad;
      expect(readFileSync(path.join(site, letter.pdfUrl)).equals(readFileSync(path.join(ROOT, archivedPdf)))).toBe(true);
      expect(entry).toContain(`<lastmod>${project.manifest.brieven[letter.inputPath]!.gepubliceerd}</lastmod>`);
      expect(entry).toContain(`<diwoo:officieleTitel>${letter.title}</diwoo:officieleTitel>`);
      expect(entry).toContain('<diwoo:publisher resource="https://identifier.overheid.nl/tooi/id/gemeente/gm0114">Gemeente Emmen</diwoo:publisher>');
      expect(entry).toContain(`<diwoo:creatiedatum>${letter.date}</diwoo:creatiedatum>`);
      expect(entry).toContain('<diwoo:informatiecategorie resource="https://identifier.overheid.nl/tooi/def/thes/kern/c_8c840238">bij vertegenwoordigende organen ingekomen stukken</diwoo:informatiecategorie>');
    }
    // Concepts are no Woo publication.
    expect(xml).not.toContain("4e-voortgangsrapportage");
  });

  it("the schema check can fail: an unknown category, a municipality TOOI does not know, or no title is refused", () => {
    const xml = readFileSync(local(`${SITE_URL}/sitemaps/diwoo-infocat006-1.xml`), "utf8");
    for (const broken of [
      xml.replace(/c_8c840238/g, "c_00000000"),
      xml.replace(/gemeente\/gm0114/g, "gemeente/gm9999"),
      xml.replace(/<diwoo:titelcollectie>[\s\S]*?<\/diwoo:titelcollectie>/, ""),
    ]) {
      const file = path.join(dir, "kapot.xml");
      writeFileSync(file, broken);
      expect(xmllint(file).status).not.toBe(0);
    }
  });
});
