// The narrative grammar (scripts/model/narrative.ts): Markdown plus {% figuur %} and
// {% bespreking %} with string arguments; every template construct, raw HTML and
// malformed argument is reported at its line and column, and nothing is evaluated.
// Also the escapers and the link/image rule (narrative-refs.ts).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import nunjucks from "nunjucks";
import { afterAll, describe, expect, it } from "vitest";
import { controlCharacter, parseNarrative } from "../../scripts/model/narrative.ts";
import { resolveRef } from "../../scripts/model/narrative-refs.ts";
import { escapeCssString, escapeHtml } from "../../scripts/site/html.ts";
import { markdown } from "../../scripts/site/markdown.ts";

const dir = mkdtempSync(path.join(tmpdir(), "raadsbrief-verhaal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MARKER = path.join(dir, "gehackt");
/** JavaScript that would write the marker file: run by Nunjucks, it proves a payload is live. */
const WRITE = `process.getBuiltinModule('fs').writeFileSync('${MARKER}','x')`;

/** Server-side template injection payloads known for Nunjucks, each with where its first problem is. */
const PAYLOADS: { name: string; text: string; code: string; column: number }[] = [
  { name: "range.constructor", text: `Tekst {{ range.constructor("${WRITE}")() }} hier.`, code: "RB-TEKST-SJABLOON", column: 7 },
  { name: "cycler.constructor", text: `{{ cycler.constructor("${WRITE}")() }}`, code: "RB-TEKST-SJABLOON", column: 1 },
  { name: "joiner.constructor", text: `{{ joiner.constructor("${WRITE}")() }}`, code: "RB-TEKST-SJABLOON", column: 1 },
  { name: "''.constructor.constructor", text: `Zie {{ ''.constructor.constructor("${WRITE}")() }}`, code: "RB-TEKST-SJABLOON", column: 5 },
  { name: "arithmetic", text: "Uitkomst: {{ 7*7 }}", code: "RB-TEKST-SJABLOON", column: 11 },
  { name: "filter", text: "{{ foo | safe }}", code: "RB-TEKST-SJABLOON", column: 1 },
  { name: "set", text: `{% set x = range.constructor("${WRITE}")() %}`, code: "RB-TEKST-SJABLOON", column: 1 },
  { name: "include", text: '{% include "/etc/passwd" %}', code: "RB-TEKST-SJABLOON", column: 1 },
  { name: "import", text: '{% import "macros.njk" as m %}', code: "RB-TEKST-SJABLOON", column: 1 },
  { name: "from", text: '{% from "macros.njk" import x %}', code: "RB-TEKST-SJABLOON", column: 1 },
  { name: "macro", text: "{% macro x() %}y{% endmacro %}", code: "RB-TEKST-SJABLOON", column: 1 },
  { name: "call", text: "{% call x() %}y{% endcall %}", code: "RB-TEKST-SJABLOON", column: 1 },
  { name: "extends", text: '{% extends "layouts/base.njk" %}', code: "RB-TEKST-SJABLOON", column: 1 },
  { name: "block", text: "{% block main %}x{% endblock %}", code: "RB-TEKST-SJABLOON", column: 1 },
  { name: "raw", text: "{% raw %}x{% endraw %}", code: "RB-TEKST-SJABLOON", column: 1 },
  { name: "if", text: "{% if true %}x{% endif %}", code: "RB-TEKST-SJABLOON", column: 1 },
  { name: "for", text: "{% for i in range(3) %}x{% endfor %}", code: "RB-TEKST-SJABLOON", column: 1 },
  { name: "unknown tag", text: '{% grafiek "x" %}', code: "RB-TEKST-SJABLOON", column: 1 },
  { name: "comment", text: "Tekst {# notitie #} meer.", code: "RB-TEKST-SJABLOON", column: 7 },
  { name: "tag inside a paragraph", text: 'Zie {% figuur "x" %} hier.', code: "RB-TEKST-SJABLOON", column: 5 },
  { name: "expression in a shortcode argument", text: `{% figuur "x" ~ range.constructor("${WRITE}")() %}`, code: "RB-TEKST-ARGUMENT", column: 15 },
  { name: "variable as a shortcode argument", text: "{% figuur naam %}", code: "RB-TEKST-ARGUMENT", column: 11 },
  { name: "call as a shortcode argument", text: `{% bespreking "PvdA", range.constructor("${WRITE}")() %}`, code: "RB-TEKST-ARGUMENT", column: 23 },
  { name: "filter on a shortcode argument", text: '{% figuur "x" | safe %}', code: "RB-TEKST-ARGUMENT", column: 15 },
  { name: "two figures in one tag", text: '{% figuur "a", "b" %}', code: "RB-TEKST-ARGUMENT", column: 1 },
  { name: "unclosed shortcode", text: '{% figuur "a"', code: "RB-TEKST-SJABLOON", column: 1 },
  { name: "whitespace control", text: '{%- figuur "a" -%}', code: "RB-TEKST-SJABLOON", column: 3 },
  { name: "raw HTML block", text: "<script>alert(1)</script>", code: "RB-TEKST-HTML", column: 1 },
  { name: "inline HTML event handler", text: 'Een <img src="x" onerror="alert(1)"> in de tekst.', code: "RB-TEKST-HTML", column: 5 },
  { name: "iframe", text: '<iframe src="https://example.org"></iframe>', code: "RB-TEKST-HTML", column: 1 },
  { name: "HTML comment (a chart marker)", text: "<!--raadsbrief-grafiek:00-->", code: "RB-TEKST-HTML", column: 1 },
];

describe("the narrative grammar", () => {
  it("the payloads are live in Nunjucks itself (so refusing them is what protects the build)", () => {
    const env = new nunjucks.Environment();
    env.renderString(`{{ range.constructor("${WRITE}")() }}`, {});
    expect(existsSync(MARKER)).toBe(true);
    rmSync(MARKER);
    expect(env.renderString('{{ "".constructor.constructor("return 7*6")() }} {{ 7*7 }}', {})).toBe("42 49");
  });

  it.each(PAYLOADS)("refuses $name with $code at its line and column", ({ text, code, column }) => {
    const body = `Eerste alinea.\n\n${text}\n`;
    const { problems } = parseNarrative(body);
    expect(problems.length, JSON.stringify(problems)).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ code, line: 2, column });
    expect(problems[0]!.message).toMatch(/\S/);
    expect(problems[0]!.hint).toMatch(/\S/);
    expect(existsSync(MARKER)).toBe(false);
  });

  it("accepts the documented shortcodes with string arguments, on a line of their own", () => {
    const env = parseNarrative(
      'Tekst.\n\n{% figuur "bijstand-tabel" %}\n\n{% bespreking "PvdA", \'SP\', "100% Groningen", "D66 \\"links\\"" %}\n\n> {% figuur "in-citaat" %}\n',
    );
    expect(env.problems).toEqual([]);
    expect(env.shortcodes).toEqual([
      { line: 2, column: 1, name: "figuur", args: ["bijstand-tabel"] },
      { line: 4, column: 1, name: "bespreking", args: ["PvdA", "SP", "100% Groningen", 'D66 "links"'] },
      { line: 6, column: 3, name: "figuur", args: ["in-citaat"] },
    ]);
  });

  it("takes template syntax in code spans and code blocks as text", () => {
    const body = [
      "Schrijf `{{ range.constructor(\"return process\")() }}` en `{% include \"x\" %}` letterlijk.",
      "",
      "```",
      '{% set x = range.constructor("return process")() %}',
      "<script>alert(1)</script>",
      "```",
      "",
      "    {{ 7*7 }} in een ingesprongen codeblok",
      "",
    ].join("\n");
    expect(parseNarrative(body).problems).toEqual([]);
    const html = markdown.render(body, { problems: [], shortcodes: [], refs: [], lines: body.split("\n") });
    expect(html).toContain("<code>{{ range.constructor(&quot;return process&quot;)() }}</code>");
    expect(html).toContain("<code>{% include &quot;x&quot; %}</code>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("{{ 7*7 }} in een ingesprongen codeblok");
    expect(html).not.toContain("49");
  });

  it("the renderer has HTML off: raw HTML that got past the check stays text", () => {
    const body = '<script>window.__pwned = 1</script>\n\nTekst <img src=x onerror="alert(1)"> en <iframe src="https://example.org"></iframe>.\n';
    const html = markdown.render(body, { problems: [], shortcodes: [], refs: [], lines: body.split("\n") });
    expect(html).not.toMatch(/<(script|img|iframe)\b/);
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("&lt;img src=x onerror=");
  });

  it("the renderer drops javascript:, vbscript:, file: and data: links", () => {
    for (const href of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:x", "file:///etc/passwd", "data:text/html,<script>alert(1)</script>", "data:image/png;base64,AAAA"]) {
      const html = markdown.render(`[x](${href}) ![y](${href})`, { problems: [], shortcodes: [], refs: [], lines: [] });
      expect(html, href).not.toMatch(/(href|src)="(javascript|vbscript|file|data):/i);
    }
  });

  it("finds control characters XML cannot carry", () => {
    expect(controlCharacter("Gemeente\u0007Emmen")).toEqual({ index: 8, code: "U+0007" });
    expect(controlCharacter("tab\tregel\nterug\r")).toBeUndefined();
    expect(controlCharacter("\uFFFE")?.code).toBe("U+FFFE");
    expect(controlCharacter("los \uD800 surrogaat")?.code).toBe("U+D800");
    expect(controlCharacter("emoji 😀 mag")).toBeUndefined();
  });
});

describe("escaping", () => {
  it("escapeHtml escapes & < > \" '", () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe("&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
    expect(escapeHtml("a < b > c")).not.toMatch(/[<>]/);
  });

  it("escapeCssString cannot end the string, the rule or a <style> element", () => {
    const hostile = 'Gemeente </style><script>alert(1)</script><style> "x" \\ \n}';
    const css = escapeCssString(hostile);
    expect(css).not.toMatch(/[<>"\n]/);
    expect(css).not.toMatch(/\\(?![0-9A-F]+ )/); // every backslash starts a hex escape
    expect(css).toContain("\\3C /style\\3E ");
    expect(escapeCssString("Gemeente Emmen, 29 september 2015, blad ")).toBe("Gemeente Emmen, 29 september 2015, blad ");
    expect(escapeCssString("regel\nregel")).toBe("regel\\A regel");
  });
});

describe("links and images in a narrative", () => {
  const content = path.join(dir, "content", "emmen", "2015");
  mkdirSync(path.join(content, "kaarten"), { recursive: true });
  writeFileSync(path.join(content, "kaart.png"), Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"));
  writeFileSync(path.join(content, "nep.png"), "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>");
  writeFileSync(path.join(content, "logo.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  writeFileSync(path.join(content, "bijlage.pdf"), "%PDF-1.7");
  writeFileSync(path.join(content, "pagina.html"), "<script>alert(1)</script>");
  writeFileSync(path.join(content, "2015-10-27-vorige.md"), "---\n---\n");
  writeFileSync(path.join(dir, "geheim.png"), Buffer.from("89504e470d0a1a0a", "hex"));
  const ctx = { root: dir, file: "content/emmen/2015/2015-11-24-brief.md", externalHosts: ["cbs.nl", "emmen.nl"] };
  const link = (href: string) => resolveRef({ kind: "link", href }, ctx);
  const image = (href: string, alt = "Kaart") => resolveRef({ kind: "image", href, alt }, ctx);

  it.each(["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc/passwd", "ftp://cbs.nl/x"])("refuses the link %s", (href) => {
    expect(link(href)).toMatchObject({ ok: false, code: "RB-TEKST-LINK" });
  });

  it("allows fragments, site paths, mailto:, letters and files in content/, and hosts on the allow-list with their subdomains", () => {
    expect(link("#inleiding")).toEqual({ ok: true, href: "#inleiding" });
    expect(link("/reeksen/bijstandsvolume/")).toEqual({ ok: true, href: "/reeksen/bijstandsvolume/" });
    expect(link("mailto:griffie@emmen.nl")).toMatchObject({ ok: true });
    expect(link("https://www.cbs.nl/nl-nl/cijfers")).toMatchObject({ ok: true });
    expect(link("https://emmen.nl")).toMatchObject({ ok: true });
    expect(link("bijlage.pdf")).toEqual({ ok: true, href: "bestanden/bijlage.pdf", source: path.join(content, "bijlage.pdf") });
    expect(link("2015-10-27-vorige.md#cijfers")).toEqual({ ok: true, href: "#cijfers", letter: "content/emmen/2015/2015-10-27-vorige.md" });
  });

  it("refuses other hosts, look-alike hosts, missing files, files outside content/ and files a browser would run", () => {
    expect(link("https://evilcbs.nl/")).toMatchObject({ ok: false, message: "Een link naar evilcbs.nl is niet toegestaan." });
    expect(link("https://cbs.nl.evil.example/")).toMatchObject({ ok: false });
    expect(link("https://cbs.nl@evil.example/")).toMatchObject({ ok: false });
    expect(link("//evil.example/x")).toMatchObject({ ok: false });
    expect(link("bestaat-niet.pdf")).toMatchObject({ ok: false, message: "Het bestand content/emmen/2015/bestaat-niet.pdf bestaat niet." });
    expect(link("../../../geheim.png")).toMatchObject({ ok: false });
    expect(link("pagina.html")).toMatchObject({ ok: false });
  });

  it("an image is a real PNG, JPEG, WebP or GIF in content/, with a description, never from elsewhere", () => {
    expect(image("kaart.png")).toEqual({ ok: true, href: "bestanden/kaart.png", source: path.join(content, "kaart.png") });
    expect(image("kaart.png", " ")).toMatchObject({ ok: false, code: "RB-TEKST-AFBEELDING" });
    expect(image("https://www.cbs.nl/kaart.png")).toMatchObject({ ok: false, code: "RB-TEKST-AFBEELDING" });
    expect(image("logo.svg")).toMatchObject({ ok: false });
    expect(image("nep.png")).toMatchObject({ ok: false });
    expect(image("ontbreekt.png")).toMatchObject({ ok: false });
    expect(image("/assets/logos/emmen.svg")).toMatchObject({ ok: false });
    expect(image("data:image/png;base64,iVBORw0KGgo=")).toMatchObject({ ok: false });
    expect(image("../../../geheim.png")).toMatchObject({ ok: false });
  });
});
