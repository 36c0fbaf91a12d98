// Every letter within two clicks of the home page (home → its year → the letter), a page
// per organisation in its own dress, and the archive's filters as plain links that lead
// to pages listing exactly what they say (no JavaScript).
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProject } from "../../scripts/model/load.ts";
import { ROOT, runCli, tempDir } from "../helpers.ts";

const project = loadProject(ROOT);
let site: string;

beforeAll(() => {
  site = path.join(tempDir(), "site");
  const r = runCli("scripts/cli/build.ts", ["--zonder-pdf", "--met-concepten", "--uit", site], ROOT);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => rmSync(path.dirname(site), { recursive: true, force: true }));

const html = (url: string) => readFileSync(path.join(site, url, "index.html"), "utf8");
/** The links of a page's main content (header, breadcrumbs and footer left out). */
const links = (url: string) => {
  const page = html(url);
  const main = page.slice(page.indexOf('<main id="inhoud"'), page.indexOf("</main>"));
  return [...main.matchAll(/href="([^"#]+)(?:#[^"]*)?"/g)].map((m) => m[1]!);
};

describe("navigation", () => {
  it("every letter is two clicks from home: home links every year page, a year page every letter of that year", () => {
    const fromHome = links("/");
    for (const letter of project.letters) {
      const year = `/brieven/${letter.date.slice(0, 4)}/`;
      expect(fromHome, `home → ${year}`).toContain(year);
      expect(links(year), `${year} → ${letter.url}`).toContain(letter.url);
    }
  });

  it("a page per organisation lists its latest letters and links its years and types", () => {
    for (const [id, org] of project.organisations) {
      const own = project.letters.filter((l) => l.organisation === id);
      const page = links(`/${id}/`);
      expect(html(`/${id}/`)).toContain(`<h1 class="utrecht-heading-1">${org.name}</h1>`);
      for (const l of own.slice(0, 5)) expect(page).toContain(l.url);
      for (const year of new Set(own.map((l) => l.date.slice(0, 4)))) expect(page).toContain(`/${id}/${year}/`);
      for (const type of new Set(own.map((l) => l.type))) expect(page).toContain(`/${id}/soorten/${type}/`);
    }
  });

  it("every filter link leads to a page with exactly the letters it names", () => {
    const seen = new Set<string>();
    const queue = ["/brieven/"];
    while (queue.length) {
      const url = queue.shift()!;
      const page = html(url);
      const filterNav = page.slice(page.indexOf('<nav class="archieffilters"'), page.indexOf("</nav>", page.indexOf('<nav class="archieffilters"')));
      for (const [, target] of filterNav.matchAll(/href="([^"]+)"/g)) {
        if (seen.has(target!)) continue;
        seen.add(target!);
        queue.push(target!);
      }
    }
    expect(seen.size).toBeGreaterThan(15);
    for (const url of seen) {
      if (url === "/brieven/" || /^\/[a-z-]+\/$/.test(url)) continue; // the archive, an organisation's page
      // /<org>/<jaar>/soorten/<soort>/ and its shorter forms.
      const m = /^\/soorten\/([a-z0-9-]+)\/$/.test(url)
        ? ([url, undefined, undefined, url.split("/")[2]] as const)
        : /^\/(?:brieven|([a-z0-9-]+))\/(?:(\d{4})\/)?(?:soorten\/([a-z0-9-]+)\/)?$/.exec(url);
      expect(m, url).not.toBeNull();
      const [, org, year, type] = m!;
      const expected = project.letters.filter((l) => (!org || l.organisation === org) && (!year || l.date.startsWith(year)) && (!type || l.type === type)).map((l) => l.url).sort();
      const listed = [...new Set(links(url).filter((u) => project.letters.some((l) => l.url === u)))].sort();
      expect(listed, url).toEqual(expected);
    }
  });
});
