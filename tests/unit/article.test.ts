// A published letter's article as archived (scripts/archive/article.ts): cut from the
// page exactly, and refused when it would depend on anything outside the letter's folder.
import { describe, expect, it } from "vitest";
import { articleFiles, extractArticle } from "../../scripts/archive/article.ts";

const ARTICLE = '<article class="brief" data-pagefind-body>\n  <p class="afzender-naam"><img class="afzender-logo" src="bestanden/logo/emmen.svg" alt="">Gemeente Emmen</p>\n  <p>Tekst &lt;article&gt; met <a href="bestanden/bijlage.pdf#p2">bijlage</a>, <a href="/reeksen/">cijfers</a> en <a href="https://www.cbs.nl/">CBS</a>.</p>\n</article>';
const page = (article: string) => `<!doctype html>\n<main>\n<div class="brief-meldingen">x</div>\n<div class="brief-pagina">\n  ${article}\n  <aside class="brief-info">…</aside>\n</div>\n</main>`;

describe("extractArticle", () => {
  it("cuts the article from the page byte for byte", () => {
    expect(extractArticle(page(ARTICLE))).toBe(ARTICLE);
  });

  it("keeps a nested article whole", () => {
    const nested = '<article class="brief">\n<article><p>binnen</p></article>\n<p>na</p>\n</article>';
    expect(extractArticle(page(nested))).toBe(nested);
  });

  it("refuses a page without the article, with two, or with one that is not closed", () => {
    expect(() => extractArticle("<main></main>")).toThrow(/niet precies één/);
    expect(() => extractArticle(page(ARTICLE + ARTICLE))).toThrow(/niet precies één/);
    expect(() => extractArticle('<article class="brief"><p>open')).toThrow(/niet gesloten/);
  });
});

describe("articleFiles", () => {
  it("lists the letter's own files, without fragment", () => {
    expect([...articleFiles(ARTICLE)].sort()).toEqual(["bestanden/bijlage.pdf", "bestanden/logo/emmen.svg"]);
  });

  it("refuses an image from the site or elsewhere: the article would depend on today's site", () => {
    expect(() => articleFiles('<img src="/assets/logos/emmen.svg" alt="">')).toThrow(/laadt '\/assets\/logos\/emmen\.svg'/);
    expect(() => articleFiles('<img src="https://example.org/x.png" alt="">')).toThrow(/van buiten de eigen map/);
  });

  it("refuses a relative reference outside bestanden/", () => {
    expect(() => articleFiles('<a href="../andere-brief/">x</a>')).toThrow(/niet in de map bestanden\//);
    expect(() => articleFiles('<img src="bestanden/../../geheim.png" alt="">')).toThrow(/niet in de map bestanden\//);
  });
});
