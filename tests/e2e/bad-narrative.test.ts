// Text is not code: every narrative, front-matter or data input that could run code,
// load something from elsewhere or move a letter's output is refused by `npm run
// check` and by `npm run build` alike, with the same code at the same file, line and
// column. The server-side template injection payloads would write a marker file if
// anything evaluated them; it must never appear.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { at, runCorpusCase, type CorpusCase } from "../corpus.ts";
import { copyProject, edit, LETTER_4, runCli } from "../helpers.ts";
import { png } from "../png.ts";

const ORG = "data/organisaties/emmen.yaml";
const TYPES = "data/documentsoorten.yaml";
const LETTER_4_URL = "/emmen/2015/11/4e-voortgangsrapportage-investeringsplan/";
const MARKER = "GEHACKT";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** JavaScript that writes the marker into the project folder (cwd of check and build). */
const WRITE = `process.getBuiltinModule('fs').writeFileSync('${MARKER}','x')`;

type Case = CorpusCase & { lineWith: string };

/** Puts text into the 4e letter's narrative, as a paragraph of its own before "## Vooruitblik". */
const narrative = (text: string) => (d: string) => edit(at(d, LETTER_4), "## Vooruitblik", `${text}\n\n## Vooruitblik`);
const frontMatter = (line: string) => (d: string) => edit(at(d, LETTER_4), "status: concept", `status: concept\n${line}`);

const cases: Case[] = [
  { name: "SSTI: range.constructor", mutate: narrative(`Zie {{ range.constructor("${WRITE}")() }}.`), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: "range.constructor", column: 5, says: "In de tekst kan geen {{ … }} staan" },
  { name: "SSTI: cycler.constructor", mutate: narrative(`{{ cycler.constructor("${WRITE}")() }}`), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: "cycler.constructor", column: 1, says: "In de tekst kan geen {{ … }} staan" },
  { name: "SSTI: joiner.constructor", mutate: narrative(`{{ joiner.constructor("${WRITE}")() }}`), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: "joiner.constructor", column: 1, says: "In de tekst kan geen {{ … }} staan" },
  { name: "SSTI: ''.constructor.constructor", mutate: narrative(`Tekst {{ ''.constructor.constructor("${WRITE}")() }}`), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: "''.constructor", column: 7, says: "In de tekst kan geen {{ … }} staan" },
  { name: "SSTI: {% set %}", mutate: narrative(`{% set x = range.constructor("${WRITE}")() %}`), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: "{% set x", column: 1, says: "De opdracht {% set %} kan niet in de tekst" },
  { name: "SSTI: {% include %} of a system file", mutate: narrative('{% include "/etc/passwd" %}'), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: "/etc/passwd", column: 1, says: "De opdracht {% include %} kan niet in de tekst" },
  { name: "SSTI: {% import %}", mutate: narrative('{% import "layouts/base.njk" as b %}'), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: "{% import", column: 1, says: "De opdracht {% import %} kan niet in de tekst" },
  { name: "SSTI: {% macro %}", mutate: narrative("{% macro m() %}x{% endmacro %}"), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: "{% macro", column: 1, says: "De opdracht {% macro %} kan niet in de tekst" },
  { name: "SSTI: {{ 7*7 }}", mutate: narrative("Dat is {{ 7*7 }} keer."), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: "{{ 7*7 }}", column: 8, says: "In de tekst kan geen {{ … }} staan" },
  { name: "SSTI: {{ foo | safe }}", mutate: narrative("{{ foo | safe }}"), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: "{{ foo | safe }}", column: 1, says: "In de tekst kan geen {{ … }} staan" },
  { name: "SSTI in a shortcode argument", mutate: narrative(`{% figuur "bijstand-tabel" ~ range.constructor("${WRITE}")() %}`), code: "RB-TEKST-ARGUMENT", file: LETTER_4, lineWith: '"bijstand-tabel" ~', column: 28, says: "alleen tekst tussen aanhalingstekens is toegestaan" },
  { name: "Nunjucks comment", mutate: narrative("Tekst {# notitie #}"), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: "{# notitie #}", column: 7, says: "Commentaar {# … #} kan niet in de tekst." },
  { name: "unknown shortcode", mutate: narrative('{% tabel "bijstand-tabel" %}'), code: "RB-TEKST-SJABLOON", file: LETTER_4, lineWith: "{% tabel", column: 1, says: "Onbekende opdracht {% tabel %}." },
  { name: "raw <script>", mutate: narrative("<script>window.__pwned = 1</script>"), code: "RB-TEKST-HTML", file: LETTER_4, lineWith: "<script>", column: 1, says: "HTML (<script>) kan niet in de tekst." },
  { name: "inline onerror=", mutate: narrative('Een plaatje <img src="x" onerror="alert(1)"> hier.'), code: "RB-TEKST-HTML", file: LETTER_4, lineWith: "onerror", column: 13, says: "HTML (<img>) kan niet in de tekst." },
  { name: "<iframe>", mutate: narrative('<iframe src="https://example.org/"></iframe>'), code: "RB-TEKST-HTML", file: LETTER_4, lineWith: "<iframe", column: 1, says: "HTML (<iframe>) kan niet in de tekst." },
  { name: "image that does not exist", mutate: narrative("![Kaart van Emmen](kaart.png)"), code: "RB-TEKST-AFBEELDING", file: LETTER_4, lineWith: "](kaart.png)", column: 1, says: "De afbeelding content/emmen/2015/kaart.png bestaat niet." },
  { name: "image on another host", mutate: narrative("Kijk: ![Kaart](https://www.cbs.nl/kaart.png)"), code: "RB-TEKST-AFBEELDING", file: LETTER_4, lineWith: "cbs.nl/kaart.png", column: 7, says: "Een afbeelding van een andere website" },
  {
    name: "SVG image",
    mutate: (d) => {
      writeFileSync(at(d, "content/emmen/2015/kaart.svg"), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      narrative("![Kaart](kaart.svg)")(d);
    },
    code: "RB-TEKST-AFBEELDING",
    file: LETTER_4,
    lineWith: "](kaart.svg)",
    column: 1,
    says: "(SVG kan scripts bevatten)",
  },
  {
    name: "image without a description",
    mutate: (d) => {
      writeFileSync(at(d, "content/emmen/2015/kaart.png"), png());
      narrative("![](kaart.png)")(d);
    },
    code: "RB-TEKST-AFBEELDING",
    file: LETTER_4,
    lineWith: "![](kaart.png)",
    column: 1,
    says: "Deze afbeelding heeft geen beschrijving",
  },
  { name: "javascript: link", mutate: narrative("Klik [hier](javascript:alert(1))."), code: "RB-TEKST-LINK", file: LETTER_4, lineWith: "javascript:", column: 6, says: "Een link met 'javascript:' is niet toegestaan." },
  { name: "data: link", mutate: narrative("[hier](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"), code: "RB-TEKST-LINK", file: LETTER_4, lineWith: "data:text/html", column: 1, says: "Een link met 'data:' is niet toegestaan." },
  { name: "vbscript: link", mutate: narrative("[hier](vbscript:msgbox)"), code: "RB-TEKST-LINK", file: LETTER_4, lineWith: "vbscript:", column: 1, says: "Een link met 'vbscript:' is niet toegestaan." },
  { name: "file: link", mutate: narrative("[wachtwoorden](file:///etc/passwd)"), code: "RB-TEKST-LINK", file: LETTER_4, lineWith: "file:///etc/passwd", column: 1, says: "Een link met 'file:' is niet toegestaan." },
  { name: "link to a host not allowed", mutate: narrative("Zie [de bron](https://example.org/cijfers)."), code: "RB-TEKST-LINK", file: LETTER_4, lineWith: "example.org", column: 5, says: "Een link naar example.org is niet toegestaan." },
  { name: "link to a file that does not exist", mutate: narrative("De [bijlage](bijlage.pdf) volgt."), code: "RB-TEKST-LINK", file: LETTER_4, lineWith: "bijlage.pdf", column: 4, says: "Het bestand content/emmen/2015/bijlage.pdf bestaat niet." },
  { name: "control character in the narrative", mutate: narrative("Een bel\u0007 in de tekst."), code: "RB-STUURTEKEN", file: LETTER_4, lineWith: "Een bel", column: 8, says: "onzichtbaar stuurteken (U+0007)" },
  { name: "permalink in the front matter", mutate: frontMatter("permalink: /index.html"), code: "RB-VELD-NIET-TOEGESTAAN", file: LETTER_4, lineWith: "permalink:", column: 1, says: "Raadsbrief bepaalt zelf het adres" },
  { name: "layout in the front matter", mutate: frontMatter("layout: base.njk"), code: "RB-VELD-NIET-TOEGESTAAN", file: LETTER_4, lineWith: "layout: base.njk", column: 1, says: "Het veld 'layout' kan niet in een brief staan." },
  { name: "eleventyComputed in the front matter", mutate: frontMatter('eleventyComputed:\n  permalink: "/{{ 7*7 }}/"'), code: "RB-VELD-NIET-TOEGESTAAN", file: LETTER_4, lineWith: "eleventyComputed:", column: 1, says: "Het veld 'eleventyComputed' kan niet in een brief staan." },
  { name: "eleventyExcludeFromCollections in the front matter", mutate: frontMatter("eleventyExcludeFromCollections: true"), code: "RB-VELD-NIET-TOEGESTAAN", file: LETTER_4, lineWith: "eleventyExclude", column: 1, says: "Het veld 'eleventyExcludeFromCollections'" },
  { name: "tags in the front matter", mutate: frontMatter("tags: [brieven]"), code: "RB-VELD-NIET-TOEGESTAAN", file: LETTER_4, lineWith: "tags:", column: 1, says: "Het veld 'tags' kan niet in een brief staan." },
  { name: "pagination in the front matter", mutate: frontMatter("pagination:\n  data: brieven\n  size: 1"), code: "RB-VELD-NIET-TOEGESTAAN", file: LETTER_4, lineWith: "pagination:", column: 1, says: "Het veld 'pagination' kan niet in een brief staan." },
  { name: "control character in the front matter", mutate: (d) => edit(at(d, LETTER_4), "team: Kwaliteit", 'team: "Kwaliteit\\x1b[31m"'), code: "RB-STUURTEKEN", file: LETTER_4, lineWith: "x1b[31m", says: "onzichtbaar stuurteken (U+001B)" },
  { name: "control character in data/", mutate: (d) => edit(at(d, ORG), "naam: Gemeente Emmen", 'naam: "Gemeente\\u0000Emmen"'), code: "RB-STUURTEKEN", file: ORG, lineWith: "u0000", says: "De tekst van 'naam' bevat een onzichtbaar stuurteken (U+0000)." },
  { name: "mistyped logo", mutate: (d) => edit(at(d, ORG), "logo: logos/emmen.svg", "logo: logos/emen.svg"), code: "RB-LOGO", file: ORG, lineWith: "logo: logos/emen.svg", says: "Bedoelde u 'logos/emmen.svg'?" },
  { name: "logo outside data/", mutate: (d) => edit(at(d, ORG), "logo: logos/emmen.svg", "logo: ../../etc/passwd"), code: "RB-LOGO", file: ORG, lineWith: "logo: ../../etc/passwd", says: "moet een bestand in data/logos/ zijn" },
  {
    name: "logo that is not an image",
    mutate: (d) => {
      writeFileSync(at(d, "data/logos/emmen.html"), "<script>alert(1)</script>");
      edit(at(d, ORG), "logo: logos/emmen.svg", "logo: logos/emmen.html");
    },
    code: "RB-LOGO",
    file: ORG,
    lineWith: "logo: logos/emmen.html",
    says: "is geen afbeelding",
  },
  { name: "layout that does not exist", mutate: (d) => edit(at(d, TYPES), "layout: memo", "layout: notitie"), code: "RB-LAYOUT-ONTBREEKT", file: TYPES, lineWith: "layout: notitie", says: "templates/layouts/notitie.njk bestaat niet" },
  {
    name: "two letters with one address",
    mutate: (d) => {
      mkdirSync(at(d, "content/groningen/2015"), { recursive: true });
      const other = readFileSync(at(d, LETTER_4), "utf8").replace("datum: 2015-11-24", "datum: 2015-11-03").replace("ons_kenmerk: 15.079952", "ons_kenmerk: 15.079953");
      writeFileSync(at(d, "content/groningen/2015/2015-11-03-4e-voortgangsrapportage-investeringsplan.md"), other);
    },
    code: "RB-DUBBELE-URL",
    file: LETTER_4,
    lineWith: "datum: 2015-11-24",
    column: 1,
    says: `${LETTER_4} en content/groningen/2015/2015-11-03-4e-voortgangsrapportage-investeringsplan.md krijgen allebei het adres ${LETTER_4_URL}`,
  },
];

describe("check ≡ build for narratives, front matter and data that would run code or move output", () => {
  // runCorpusCase also asserts that nothing new appeared in the project: the payloads would have written GEHACKT.
  it.concurrent.each(cases)("$name → $code", async (c) => {
    await runCorpusCase(c);
  });
});

describe("what a narrative may hold", () => {
  it("payloads in code are text; templates and data files in content/ are not read; allowed links and images are built, copied beside the page and printed", () => {
    const dir = copyProject();
    dirs.push(dir);
    edit(at(dir, "data/site.yaml"), "# externe_links: [cbs.nl, emmen.nl]", "externe_links: [cbs.nl]");
    writeFileSync(at(dir, "content/emmen/2015/kaart.png"), png());
    writeFileSync(at(dir, "content/emmen/2015/toelichting.pdf"), "%PDF-1.4\n%%EOF\n");
    narrative(
      [
        `Letterlijk: \`{{ range.constructor("${WRITE}")() }}\` en \`<script>alert(1)</script>\`.`,
        "",
        "```",
        `{% set x = range.constructor("${WRITE}")() %}`,
        "```",
        "",
        "![Kaart van de wijken in Emmen](kaart.png)",
        "",
        "Zie [het CBS](https://www.cbs.nl/nl-nl/cijfers), de [toelichting](toelichting.pdf), [de vorige brief](2015-10-27-3e-voortgangsrapportage-investeringsplan.md), [de cijfers](/reeksen/) en [mail](mailto:gemeente@emmen.nl).",
      ].join("\n"),
    )(dir);
    // Eleventy reads nothing in content/: no template, no data file runs there.
    const evil = `require("node:fs").writeFileSync(${JSON.stringify(MARKER)}, "x"); module.exports = {};\n`;
    writeFileSync(at(dir, "content/boos.njk"), `---\npermalink: /boos.html\n---\n{{ range.constructor("${WRITE}")() }}\n`);
    writeFileSync(at(dir, LETTER_4.replace(/\.md$/, ".11tydata.js")), evil);
    writeFileSync(at(dir, "content/content.11tydata.js"), evil);
    mkdirSync(at(dir, "content/_data"));
    writeFileSync(at(dir, "content/_data/boos.js"), evil);
    const check = runCli("scripts/cli/check.ts", [], dir);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const build = runCli("scripts/cli/build.ts", ["--met-concepten"], dir);
    expect(build.code, build.stdout + build.stderr).toBe(0);
    expect(existsSync(at(dir, MARKER))).toBe(false);
    expect(existsSync(at(dir, "_site/boos.html"))).toBe(false);

    const page = readFileSync(at(dir, `_site${LETTER_4_URL}index.html`), "utf8");
    expect(page).toContain(`<code>{{ range.constructor(&quot;${WRITE.replace(/'/g, "'")}&quot;)() }}</code>`);
    expect(page).toContain("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>");
    expect(page).toContain(`<pre><code>{% set x = range.constructor(&quot;${WRITE}&quot;)() %}\n</code></pre>`);
    // The letter's own files, relative to its folder (frozen with its article when published).
    expect(page).toContain('<img src="bestanden/kaart.png" alt="Kaart van de wijken in Emmen">');
    expect(page).toContain('<a href="https://www.cbs.nl/nl-nl/cijfers">het CBS</a>');
    expect(page).toContain('<a href="bestanden/toelichting.pdf">toelichting</a>');
    expect(page).toContain('<a href="/emmen/2015/10/3e-voortgangsrapportage-investeringsplan/">de vorige brief</a>');
    expect(page).toContain('<a href="/reeksen/">de cijfers</a>');
    expect(page).toContain('<a href="mailto:gemeente@emmen.nl">mail</a>');
    expect(readFileSync(at(dir, `_site${LETTER_4_URL}bestanden/kaart.png`))).toEqual(png());
    expect(existsSync(at(dir, `_site${LETTER_4_URL}bestanden/toelichting.pdf`))).toBe(true);
    // The PDF was printed from that page, image and all (a missing image fails the PDF).
    expect(existsSync(at(dir, `_site${LETTER_4_URL}4e-voortgangsrapportage-investeringsplan.pdf`))).toBe(true);
  });
});
