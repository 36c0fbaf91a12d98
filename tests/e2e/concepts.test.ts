// Drafts stay private (scripts/site/concepts.ts): `npm run build` makes the public site
// without the letters whose status is `concept`: no page, PDF, listing, feed entry,
// search entry or any other trace, and it says how many it left out. They are still
// checked: a concept's TODO in its reference block is a warning in check and build.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadProject } from "../../scripts/model/load.ts";
import { copyProject, edit, LETTER_4, ROOT, run, runCli } from "../helpers.ts";

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

const concepts = loadProject(ROOT).letters.filter((l) => l.status === "concept");

/** Every file of a built site as text: gzip (Pagefind's index) unpacked, PDFs as their text. */
function siteText(site: string): Map<string, string> {
  const files = readdirSync(site, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(site, path.join(e.parentPath, e.name)));
  return new Map(
    files.map((f) => {
      const bytes = readFileSync(path.join(site, f));
      if (f.endsWith(".pdf")) return [f, run("pdftotext", [path.join(site, f), "-"])];
      return [f, (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8")];
    }),
  );
}

describe("the public site (npm run build)", () => {
  let site: string;
  let stdout: string;

  beforeAll(() => {
    const dir = copyProject();
    temps.push(dir);
    site = path.join(dir, "_site");
    const r = runCli("scripts/cli/build.ts", [], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    stdout = r.stdout;
  }, 180_000);

  it("the sample has concepts of every kind to leave out", () => {
    expect(concepts.map((l) => l.type).sort()).toEqual(["beleidsplan", "jaarverslag", "memo", "memo", "raadsbrief", "voortgangsrapportage"]);
  });

  it("says how many concepts it left out, and how to see them", () => {
    expect(stdout).toMatch(/^Klaar: 2 brieven, 2 PDF's, 0 waarschuwingen, [\d,]+ s → \S+ \(6 concepten niet opgenomen; bouw met --met-concepten om ze te zien\)$/m);
  });

  it("has no trace of a concept in any file: pages, listings, feed, search index, downloads, PDFs", () => {
    const texts = siteText(site);
    expect(texts.size).toBeGreaterThan(30);
    for (const letter of concepts) {
      const traces = [letter.title, letter.subject, letter.slug, letter.onsKenmerk, letter.url, letter.pdfUrl];
      for (const [file, text] of texts) {
        expect(file, letter.slug).not.toContain(letter.slug);
        for (const trace of traces) expect(text.includes(trace), `${file} shows '${trace}' of ${letter.inputPath}`).toBe(false);
      }
    }
    // The published letters are there, in the same places.
    expect(texts.get("feed.xml")).toContain("2e Voortgangsrapportage Investeringsplan");
    expect(texts.get("index.html")).toContain('href="/emmen/2015/10/3e-voortgangsrapportage-investeringsplan/"');
  });

  it("has neither a page nor a folder for a concept, and only the published letters in listings, feed and index", () => {
    for (const letter of concepts) expect(() => readdirSync(path.join(site, letter.url))).toThrow(/ENOENT/);
    const feed = readFileSync(path.join(site, "feed.xml"), "utf8");
    expect(feed.match(/<entry>/g)).toHaveLength(2);
    expect(feed).not.toContain("(concept)");
    // One search index per organisation with published letters: only Emmen's.
    expect(readdirSync(path.join(site, "pagefind"))).toEqual(["emmen"]);
    const index = path.join(site, "pagefind", "emmen");
    const entry = JSON.parse(readFileSync(path.join(index, "pagefind-entry.json"), "utf8"));
    expect(entry.languages.nl.page_count).toBe(2);
    const fragments = readdirSync(path.join(index, "fragment")).map((f) => gunzipSync(readFileSync(path.join(index, "fragment", f))).toString("utf8"));
    expect(fragments.map((f) => (JSON.parse(f.slice("pagefind_dcd".length)) as { url: string }).url).sort()).toEqual([
      "/emmen/2015/09/2e-voortgangsrapportage-investeringsplan/",
      "/emmen/2015/10/3e-voortgangsrapportage-investeringsplan/",
    ]);
    // Document types with only concepts have no listing.
    expect(readdirSync(path.join(site, "soorten")).sort()).toEqual(["index.html", "voortgangsrapportage"]);
    expect(readdirSync(path.join(site, "brieven")).sort()).toEqual(["2015", "index.html"]);
  });
});

describe("a concept's reference block with TODO", () => {
  it("is a warning, at the same place in check and build", () => {
    const dir = copyProject();
    temps.push(dir);
    edit(path.join(dir, LETTER_4), "bijlage: 4e voortgangsrapportage", "bijlage: TODO");
    const line = readFileSync(path.join(dir, LETTER_4), "utf8").split("\n").indexOf("bijlage: TODO") + 1;
    const expected = `${LETTER_4}:${line}:10: waarschuwing [RB-TODO-IN-KENMERKBLOK] Het kenmerkblok van dit concept heeft bij 'bijlage' nog TODO`;
    const check = runCli("scripts/cli/check.ts", [], dir);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toContain(expected);
    const out = path.join(mkdtempSync(path.join(tmpdir(), "raadsbrief-concept-")), "_site");
    temps.push(path.dirname(out));
    // The public build leaves the concept out, and still checks it.
    const build = runCli("scripts/cli/build.ts", ["--zonder-pdf", "--uit", out], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stdout).toContain(expected);
    expect(build.stdout).toMatch(/Klaar: 2 brieven, 2 PDF's, 1 waarschuwingen, /);
  });
});
