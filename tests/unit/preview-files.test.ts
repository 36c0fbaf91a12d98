// Which file of the built site the preview serves for an address (scripts/preview/
// site-files.ts), exactly: nothing outside the site, whatever the URL or a link says.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorPage, withReload } from "../../scripts/preview/error-page.ts";
import { isPageRequest, resolveSiteFile, urlSegments } from "../../scripts/preview/site-files.ts";

let base: string;
let site: string;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), "raadsbrief-voorbeeldsite-"));
  site = path.join(base, "site");
  mkdirSync(path.join(site, "brieven", "a"), { recursive: true });
  mkdirSync(path.join(site, "leeg"));
  writeFileSync(path.join(site, "index.html"), "home");
  writeFileSync(path.join(site, "brieven", "a", "index.html"), "brief");
  writeFileSync(path.join(site, "brieven", "a", "a.pdf"), "%PDF");
  writeFileSync(path.join(base, "geheim.txt"), "geheim");
  symlinkSync(path.join(base, "geheim.txt"), path.join(site, "geheim.txt"));
  symlinkSync(base, path.join(site, "boven"));
  symlinkSync(path.join(site, "brieven"), path.join(site, "ook-brieven"));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("urlSegments", () => {
  it("decodes each segment on its own and refuses what could leave its folder or cannot be read", () => {
    expect(urlSegments("/brieven/a/?x=1#y")).toEqual(["brieven", "a", ""]);
    expect(urlSegments("/caf%C3%A9")).toEqual(["café"]);
    for (const bad of ["/%", "/%zz", "/..%2f..%2f", "/%2e%2e/", "/a/../b", "/./a", "/%00", "/a%5c..", "x", "http://elders/x", "/\u0000"]) {
      expect(urlSegments(bad), bad).toBeUndefined();
    }
  });
});

describe("resolveSiteFile", () => {
  it("finds files and folder pages, and redirects a folder without its slash", () => {
    expect(resolveSiteFile(site, "/")).toEqual({ kind: "file", file: path.join(site, "index.html") });
    expect(resolveSiteFile(site, "/brieven/a/")).toEqual({ kind: "file", file: path.join(site, "brieven", "a", "index.html") });
    expect(resolveSiteFile(site, "/brieven/a/a.pdf")).toEqual({ kind: "file", file: path.join(site, "brieven", "a", "a.pdf") });
    expect(resolveSiteFile(site, "/brieven/a?x")).toEqual({ kind: "redirect", location: "/brieven/a/" });
    // Never a redirect to another host: "//brieven" would be one.
    expect(resolveSiteFile(site, "//brieven")).toEqual({ kind: "redirect", location: "/brieven/" });
    expect(resolveSiteFile(site, "/leeg/")).toEqual({ kind: "missing" });
    expect(resolveSiteFile(site, "/nergens")).toEqual({ kind: "missing" });
    expect(resolveSiteFile(site, "/%zz")).toEqual({ kind: "bad" });
  });

  it("follows a link only while it stays inside the site", () => {
    expect(resolveSiteFile(site, "/geheim.txt")).toEqual({ kind: "missing" });
    expect(resolveSiteFile(site, "/boven/geheim.txt")).toEqual({ kind: "missing" });
    // Judged by where it really is: back inside the site, it is the site's own file.
    expect(resolveSiteFile(site, "/boven/site/index.html")).toEqual({ kind: "file", file: path.join(site, "index.html") });
    expect(resolveSiteFile(site, "/ook-brieven/a/")).toEqual({ kind: "file", file: path.join(site, "brieven", "a", "index.html") });
  });
});

describe("the preview's pages", () => {
  it("tells page requests from others", () => {
    expect(["/", "/brieven/a/", "/brieven/a", "/x.html"].every(isPageRequest)).toBe(true);
    expect(["/assets/a.css", "/brieven/a/a.pdf", "/feed.xml"].some(isPageRequest)).toBe(false);
  });

  it("puts the reload script (a file, deferred) before </head>, and escapes the diagnostics", () => {
    expect(withReload("<html><head><title>x</title></head><body></body></html>", 3)).toBe(
      '<html><head><title>x</title><script src="/__voorbeeld/herladen.js?versie=3" defer></script>\n</head><body></body></html>',
    );
    expect(withReload("<p>kaal</p>", 1)).toBe('<p>kaal</p>\n<script src="/__voorbeeld/herladen.js?versie=1" defer></script>\n');
    const html = errorPage("a.yaml:1:1: fout [RB-X] <script>alert(1)</script> & \"x\"", 2);
    expect(html).toContain("<pre>a.yaml:1:1: fout [RB-X] &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;</pre>");
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="/__voorbeeld/herladen.js?versie=2" defer>']);
  });
});
