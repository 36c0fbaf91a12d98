// The glob that tells Pagefind which files are the letters' pages (pipeline/search.ts).
import { describe, expect, it } from "vitest";
import { pagesGlob } from "../../scripts/pipeline/search.ts";

describe("pagesGlob", () => {
  it("lists each letter's index.html, relative to the site", () => {
    expect(pagesGlob(["/emmen/2015/11/4e-rapportage/"])).toEqual({ glob: "emmen/2015/11/4e-rapportage/index.html" });
    expect(pagesGlob(["/a/2015/01/x/", "/b/2016/02/y.z_1~/"])).toEqual({ glob: "{a/2015/01/x/index.html,b/2016/02/y.z_1~/index.html}" });
  });

  it("gives no glob (Pagefind reads every HTML file) when an address holds a character a glob reads, or there are none", () => {
    for (const odd of ["{x}", "a,b", "x*", "x?", "[x]", "<x:1>", "x\\y", "x y", "é", "x!", "x$"]) {
      expect(pagesGlob(["/a/2015/01/x/", `/a/2015/01/${odd}/`]), odd).toEqual({});
    }
    expect(pagesGlob([])).toEqual({});
  });
});
