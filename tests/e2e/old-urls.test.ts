// Every address an earlier build published keeps working (scripts/site/legacy.ts):
// the addresses of a build of main before letters' addresses held their organisation
// (tests/fixtures/old-urls/, with its origin) are resolved in a build of today's site:
// the file is there, or the page redirects (meta refresh, a link, rel=canonical, no
// script) to a page that is there. A published letter's archived article is served
// byte for byte at its new address.
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "../helpers.ts";

const OLD = readFileSync(path.join(ROOT, "tests/fixtures/old-urls/main-dfcd005.txt"), "utf8")
  .split("\n")
  .filter((l) => l && !l.startsWith("#"));

let site: string;

beforeAll(() => {
  site = path.join(tempDir(), "site");
  const r = runCli("scripts/cli/build.ts", ["--met-concepten", "--uit", site], ROOT);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => rmSync(path.dirname(site), { recursive: true, force: true }));

/** The file a site path is served from (a folder: its index.html). */
const fileOf = (url: string) => path.join(site, url.split("#")[0]!, url.endsWith("/") || url.includes("#") ? "index.html" : "");

/** Where a redirect page sends the reader, checked for the three ways it says so. */
function redirectTarget(html: string): string | undefined {
  const refresh = /<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(html)?.[1];
  if (!refresh) return undefined;
  expect(html).toContain(`href="${refresh}"`); // a link for whoever does not follow the refresh
  const canonical = /<link rel="canonical" href="https:\/\/raadsbrief\.example\.nl([^"]+)">/.exec(html)?.[1];
  expect(canonical).toBe(refresh.split("#")[0]);
  expect(html).not.toMatch(/<script/i);
  expect(html).toContain(`content="default-src 'self'; script-src 'self';`);
  return refresh;
}

describe("old addresses", () => {
  it("the fixture lists the old letter pages, their PDFs and the month listings", () => {
    expect(OLD.filter((u) => /^\/brieven\/\d{4}\/\d{2}\/[^/]+\/$/.test(u)).length).toBe(6);
    expect(OLD.filter((u) => u.endsWith(".pdf")).length).toBe(6);
  });

  it.each(OLD)("%s still resolves", (url) => {
    const file = fileOf(url);
    expect(existsSync(file), `${url}: ${file} ontbreekt`).toBe(true);
    if (!file.endsWith(".html")) return;
    const target = redirectTarget(readFileSync(file, "utf8"));
    if (target === undefined) return; // the page itself
    expect(target.startsWith("/brieven/") && /\/\d{2}\/$/.test(target), `${url} → ${target}: weer een oud adres`).toBe(false);
    const landing = fileOf(target);
    expect(existsSync(landing), `${url} → ${target}`).toBe(true);
    const html = readFileSync(landing, "utf8");
    expect(redirectTarget(html)).toBeUndefined();
    const anchor = target.split("#")[1];
    if (anchor) expect(html).toContain(`id="${anchor}"`);
  });

  it("an old PDF address gives the same bytes as the new one", () => {
    const oldPdf = OLD.find((u) => u.includes("2e-voortgangsrapportage") && u.endsWith(".pdf"))!;
    const newPdf = oldPdf.replace(/^\/brieven\//, "/emmen/");
    expect(readFileSync(path.join(site, oldPdf)).equals(readFileSync(path.join(site, newPdf)))).toBe(true);
  });

  it("a published letter's archived article is served byte for byte at its new address", () => {
    const article = readFileSync(path.join(ROOT, "archive/emmen/2015/2e-voortgangsrapportage-investeringsplan/artikel.html"), "utf8");
    expect(readFileSync(path.join(site, "emmen/2015/09/2e-voortgangsrapportage-investeringsplan/index.html"), "utf8")).toContain(article);
  });
});
