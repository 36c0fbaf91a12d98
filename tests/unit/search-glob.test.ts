// The glob that tells Pagefind which files are one organisation's letters' pages (pipeline/search.ts).
import { describe, expect, it } from "vitest";
import { pagesGlob, SearchError } from "../../scripts/pipeline/search.ts";

describe("pagesGlob", () => {
  it("lists each letter's index.html, relative to the site, below the organisation's folder", () => {
    expect(pagesGlob("emmen", ["/emmen/2015/11/4e-rapportage/"])).toBe("emmen/2015/11/4e-rapportage/index.html");
    expect(pagesGlob("a", ["/a/2015/01/x/", "/a/2016/02/y.z_1~/"])).toBe("a/{2015/01/x/index.html,2016/02/y.z_1~/index.html}");
  });

  it("reads every HTML file of the organisation's folder when an address holds a character a glob reads, or there are none", () => {
    for (const odd of ["{x}", "a,b", "x*", "x?", "[x]", "<x:1>", "x\\y", "x y", "é", "x!", "x$"]) {
      expect(pagesGlob("a", ["/a/2015/01/x/", `/a/2015/01/${odd}/`]), odd).toBe("a/**/*.html");
    }
    expect(pagesGlob("a", [])).toBe("a/**/*.html");
  });

  it("refuses an address outside the organisation's folder (its index would hold another's letter)", () => {
    expect(() => pagesGlob("a", ["/a/2015/01/x/", "/b/2015/01/y/"])).toThrow(SearchError);
    expect(() => pagesGlob("a", ["/ab/2015/01/x/"])).toThrow(SearchError);
  });
});
