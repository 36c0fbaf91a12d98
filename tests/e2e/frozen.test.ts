// A published letter is frozen whole (scripts/archive/article.ts): its page wraps the
// article archived at publication, byte for byte, and serves the archived stylesheet and
// files; its PDF is the archived one. After publishing the November letter in a copy of
// the project, the organisation's signatory and address, the templates, the CSS and
// colours, the logo and a national figure all change: the published letters' articles
// (read back from the built pages), stylesheets, files and PDFs stay byte for byte as
// they were, while a newer concept letter shows every change. Real builds through the CLI.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { copyProject, edit, LETTER_2, LETTER_4, ROOT, runCli } from "../helpers.ts";

const URL_2 = "/emmen/2015/09/2e-voortgangsrapportage-investeringsplan/";
const URL_4 = "/emmen/2015/11/4e-voortgangsrapportage-investeringsplan/";
const URL_5 = "/emmen/2015/12/5e-voortgangsrapportage-investeringsplan/";
const ARCHIVE_2 = "archive/emmen/2015/2e-voortgangsrapportage-investeringsplan";
const ARCHIVE_4 = "archive/emmen/2015/4e-voortgangsrapportage-investeringsplan";
const PUBLISHED = [
  { url: URL_2, archive: ARCHIVE_2, pdf: "2e-voortgangsrapportage-investeringsplan.pdf" },
  { url: URL_4, archive: ARCHIVE_4, pdf: "4e-voortgangsrapportage-investeringsplan.pdf" },
];

/** The <article class="brief">…</article> of a built page, exactly as written (it has one, not nested). */
function articleOf(page: string): string {
  const start = page.indexOf('<article class="brief"');
  expect(start, "the page has the letter's article").toBeGreaterThan(0);
  expect(page.indexOf("<article", start + 1), "one article, not nested").toBe(-1);
  return page.slice(start, page.indexOf("</article>", start) + "</article>".length);
}

/** Everything a letter shows, from a built site: its article, stylesheet, own files and PDF. */
function snapshot(site: string, url: string, pdf?: string) {
  const folder = path.join(site, url);
  const page = readFileSync(path.join(folder, "index.html"), "utf8");
  const files = existsSync(path.join(folder, "bestanden"))
    ? readdirSync(path.join(folder, "bestanden"), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(folder, path.join(e.parentPath, e.name)))
        .sort()
    : [];
  return {
    page,
    article: articleOf(page),
    stylesheet: readFileSync(path.join(folder, "opmaak.css"), "utf8"),
    files: new Map(files.map((f) => [f, readFileSync(path.join(folder, f))])),
    pdf: pdf ? readFileSync(path.join(folder, pdf)) : undefined,
  };
}

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function build(dir: string, args: string[] = []): string {
  const parent = mkdtempSync(path.join(tmpdir(), "raadsbrief-bevroren-"));
  temps.push(parent);
  const out = path.join(parent, "_site");
  const r = runCli("scripts/cli/build.ts", [...args, "--uit", out], dir);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return out;
}

describe("a published letter after everything around it changed", () => {
  let dir: string;
  let before: string;
  let after: string;

  beforeAll(() => {
    dir = copyProject();
    temps.push(dir);
    // The project's own templates (templatesDir prefers them), so the test can change them.
    cpSync(path.join(ROOT, "templates"), path.join(dir, "templates"), { recursive: true });
    const published = runCli("scripts/cli/publish.ts", [LETTER_4], dir);
    expect(published.code, published.stdout + published.stderr).toBe(0);
    // A newer letter, a concept, made the way the secretariat makes it.
    const next = runCli("scripts/cli/new.ts", ["voortgangsrapportage", "2015-12-22", "--organisatie", "emmen"], dir);
    expect(next.code, next.stdout + next.stderr).toBe(0);
    before = build(dir, ["--met-concepten"]);

    const at = (rel: string) => path.join(dir, rel);
    edit(at("data/organisaties/emmen.yaml"), "naam: C. Bijl", "naam: A. van Nieuwenhuizen");
    edit(at("data/organisaties/emmen.yaml"), "straat: Raadhuisplein 1", "straat: Raadhuisplein 99");
    edit(at("data/organisaties/emmen.yaml"), 'primaire_kleur: "#00607a"', 'primaire_kleur: "#1d4f91"');
    edit(at("templates/partials/ondertekening.njk"), '<footer class="ondertekening">', '<footer class="ondertekening">\n  <p class="nieuw-sjabloon">Nieuwe tekst uit het sjabloon</p>');
    edit(at("templates/partials/briefhoofd.njk"), '<p class="geadresseerde">Aan ', '<p class="geadresseerde">Ter attentie van ');
    edit(at("templates/styles/raadsbrief.css"), "--kleur-tekst: #1a1a1a;", "--kleur-tekst: #202020;");
    edit(at("data/logos/emmen.svg"), 'fill="#00607a"', 'fill="#1d4f91"');
    edit(at("data/reeksen/bijstandsvolume.yaml"), "2015-01: 419400", "2015-01: 419500");
    after = build(dir, ["--met-concepten"]);
  }, 300_000);

  it("the changes are real: the newer concept letter shows each of them", () => {
    const old = snapshot(before, URL_5);
    const now = snapshot(after, URL_5);
    expect(old.article).toContain("C. Bijl");
    for (const shown of ["A. van Nieuwenhuizen", "Raadhuisplein 99", "Nieuwe tekst uit het sjabloon", "Ter attentie van de raad", "419.500"]) {
      expect(now.article, shown).toContain(shown);
      expect(old.article, shown).not.toContain(shown);
    }
    expect(now.stylesheet).toContain("--kleur-primair: #1d4f91;");
    expect(old.stylesheet).toContain("--kleur-primair: #00607a;");
    expect(now.files.get("bestanden/logo/emmen.svg")!.toString()).toContain('fill="#1d4f91"');
    expect(readFileSync(path.join(after, "assets/css/raadsbrief.css"), "utf8")).toContain("#202020");
    expect(readFileSync(path.join(before, "assets/css/raadsbrief.css"), "utf8")).not.toContain("#202020");
  });

  for (const letter of PUBLISHED) {
    it(`${letter.url}: article, stylesheet, files and PDF byte for byte as published`, () => {
      const old = snapshot(before, letter.url, letter.pdf);
      const now = snapshot(after, letter.url, letter.pdf);
      expect(now.article).toBe(old.article);
      expect(now.article).toContain("C. Bijl");
      expect(now.article).not.toContain("Nieuwenhuizen");
      expect(now.stylesheet).toBe(old.stylesheet);
      expect([...now.files.keys()]).toEqual(["bestanden/logo/emmen.svg"]);
      expect(now.files).toEqual(old.files);
      expect(now.pdf!.equals(old.pdf!)).toBe(true);
      // And they are the archived files themselves.
      const archived = (f: string) => readFileSync(path.join(dir, letter.archive, f));
      expect(now.article).toBe(archived("artikel.html").toString("utf8"));
      expect(now.stylesheet).toBe(archived("opmaak.css").toString("utf8"));
      expect(now.files.get("bestanden/logo/emmen.svg")!.equals(archived("bestanden/logo/emmen.svg"))).toBe(true);
      expect(now.pdf!.equals(archived(letter.pdf))).toBe(true);
      // The page around the article is today's: the site's new stylesheet is linked as always.
      expect(now.page).toContain('<link rel="stylesheet" href="/assets/css/raadsbrief.css">');
    });
  }

  it("the letter published in this copy archived its article, stylesheet and logo, listed in the manifest", () => {
    const manifest = JSON.parse(readFileSync(path.join(dir, "archive/manifest.json"), "utf8"));
    const roles = manifest.brieven[LETTER_4].bestanden.map((f: { pad: string; rol: string }) => `${f.rol} ${f.pad}`);
    expect(roles).toEqual(
      expect.arrayContaining([`artikel ${ARCHIVE_4}/artikel.html`, `opmaak ${ARCHIVE_4}/opmaak.css`, `bestand ${ARCHIVE_4}/bestanden/logo/emmen.svg`]),
    );
    // The archived article refers to its own copies, relative to the letter's folder.
    expect(readFileSync(path.join(dir, ARCHIVE_4, "artikel.html"), "utf8")).toContain('<img class="afzender-logo" src="bestanden/logo/emmen.svg"');
    expect(runCli("scripts/cli/check.ts", [], dir).code).toBe(0);
  });

  it("the 2e letter's committed article is the one its page shows", () => {
    expect(snapshot(after, URL_2).article).toBe(readFileSync(path.join(ROOT, ARCHIVE_2, "artikel.html"), "utf8"));
    expect(LETTER_2).toContain("2e-voortgangsrapportage");
  });
});
