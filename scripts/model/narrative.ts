// A letter's narrative is data, not a template: Markdown plus two shortcodes,
// {% figuur "id" %} and {% bespreking "partij", … %}, each on a line of its own and
// with string literals as arguments. Nothing in it is ever evaluated. This module
// parses a narrative into markdown-it tokens and reports everything else the text
// holds ({{ … }}, {% set %}, {% include %}, unknown tags, {# … #}, raw HTML) at its
// file, line and column, for `npm run check` and the build alike. The renderer
// (site/narrative-html.ts) uses the same grammar plugin, with HTML switched off.
import MarkdownIt from "markdown-it";
import type { StateBlock, StateCore, StateInline, Token } from "markdown-it";

type Md = InstanceType<typeof MarkdownIt>;
import { SHORTCODE_NAMES } from "../site/shortcodes/names.ts";

export type ShortcodeName = (typeof SHORTCODE_NAMES)[number];

/** Where something is in the narrative: 0-based line of the body, 1-based column. */
export interface BodyPosition {
  line: number;
  column: number;
}

export interface NarrativeProblem extends BodyPosition {
  code: string;
  message: string;
  hint: string;
}

export interface ShortcodeUse extends BodyPosition {
  name: ShortcodeName;
  args: string[];
}

/** A link or image destination as markdown-it normalised it, with where it was written. */
export interface NarrativeRef extends BodyPosition {
  kind: "link" | "image";
  href: string;
  /** An image's text alternative. */
  alt?: string;
}

/** What the parser collects in markdown-it's `env`. */
export interface NarrativeEnv {
  problems: NarrativeProblem[];
  shortcodes: ShortcodeUse[];
  refs: NarrativeRef[];
  /** The source lines, for columns. */
  lines: string[];
  /** The inline token being parsed (its map gives the line). */
  block?: Token;
}

export function narrativeEnv(body: string): NarrativeEnv {
  return { problems: [], shortcodes: [], refs: [], lines: body.split(/\r\n?|\n/) };
}

const SHORTCODES = new Set<string>(SHORTCODE_NAMES);
/** Nunjucks' own tags: none has a meaning in a narrative. */
const NUNJUCKS_TAGS = new Set([
  "set", "include", "import", "from", "macro", "call", "extends", "block", "raw", "verbatim", "if", "elif", "elseif", "else",
  "for", "asyncEach", "asyncAll", "filter", "ifAsync",
]);
const ALLOWED = SHORTCODE_NAMES.map((n) => `{% ${n} "…" %}`).join(" en ");
const SHOW_LITERALLY = "Wilt u de tekens zelf laten zien, zet ze dan tussen backticks (`…`).";

const envOf = (state: { env: unknown }) => state.env as NarrativeEnv;

function problem(at: BodyPosition, code: string, message: string, hint: string): NarrativeProblem {
  return { ...at, code, message, hint };
}

interface ParsedTag {
  /** Index just after the closing %}, or undefined when the tag is not closed on its line. */
  end?: number;
  name?: string;
  args?: string[];
  /** First problem, with its offset from the tag's start. */
  problem?: { offset: number; code: string; message: string; hint: string };
}

/** Reads a quoted string at text[i] (' or "); the value and the index after it, or the offset of the fault. */
function readString(text: string, i: number): { value: string; next: number } | { fault: number } {
  const quote = text[i]!;
  let value = "";
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j]!;
    if (c === quote) return { value, next: j + 1 };
    if (c === "\n") return { fault: j };
    if (c === "\\") {
      const n = text[j + 1];
      if (n !== "\\" && n !== '"' && n !== "'") return { fault: j };
      value += n;
      j++;
    } else value += c;
  }
  return { fault: text.length };
}

/** Parses "{% name "a", 'b' %}" starting at text[start] within one line (text ends at the line's end). */
export function parseTag(text: string, start: number): ParsedTag {
  const fault = (at: number, code: string, message: string, hint: string): ParsedTag => ({ problem: { offset: at - start, code, message, hint } });
  let i = start + 2;
  if (text[i] === "-") {
    return fault(i, "RB-TEKST-SJABLOON", "Een {%- … %} met streepje kan niet in de tekst.", `Schrijf de opdracht zonder streepjes, bijvoorbeeld ${ALLOWED}.`);
  }
  while (text[i] === " " || text[i] === "\t") i++;
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))?.[0];
  if (!name) return fault(start, "RB-TEKST-SJABLOON", "Een {% … %} zonder bekende opdracht.", `In de tekst zijn alleen ${ALLOWED} toegestaan. ${SHOW_LITERALLY}`);
  if (!SHORTCODES.has(name)) {
    const nunjucks = NUNJUCKS_TAGS.has(name) || /^end/.test(name);
    return fault(
      start,
      "RB-TEKST-SJABLOON",
      nunjucks ? `De opdracht {% ${name} %} kan niet in de tekst: de tekst wordt niet als sjabloon uitgevoerd.` : `Onbekende opdracht {% ${name} %}.`,
      `In de tekst zijn alleen ${ALLOWED} toegestaan; schrijf de rest als gewone tekst in Markdown. ${SHOW_LITERALLY}`,
    );
  }
  i += name.length;
  const args: string[] = [];
  const argHint = `Schrijf de argumenten als tekst tussen aanhalingstekens, gescheiden door komma's: {% ${name} "…"${name === "bespreking" ? ', "…"' : ""} %}.`;
  for (;;) {
    while (text[i] === " " || text[i] === "\t") i++;
    if (text.startsWith("%}", i)) break;
    if (text.startsWith("-%}", i)) return fault(i, "RB-TEKST-SJABLOON", "Een {% … -%} met streepje kan niet in de tekst.", `Schrijf de opdracht zonder streepjes: {% ${name} "…" %}.`);
    if (i >= text.length) return fault(start, "RB-TEKST-SJABLOON", `De opdracht {% ${name} … is niet afgesloten met %} op dezelfde regel.`, `Zet de hele opdracht op één regel en sluit af met %}.`);
    if (args.length > 0) {
      if (text[i] !== ",") return fault(i, "RB-TEKST-ARGUMENT", `Onverwacht teken ${JSON.stringify(text[i])} in {% ${name} %}: alleen tekst tussen aanhalingstekens is toegestaan.`, argHint);
      i++;
      while (text[i] === " " || text[i] === "\t") i++;
    }
    if (text[i] !== '"' && text[i] !== "'") {
      const what = text.startsWith("%}", i) ? "een komma zonder argument erna" : `onverwacht teken ${JSON.stringify(text[i] ?? "")}`;
      return fault(i, "RB-TEKST-ARGUMENT", `In {% ${name} %} staat ${what}: alleen tekst tussen aanhalingstekens is toegestaan.`, argHint);
    }
    const s = readString(text, i);
    if ("fault" in s) return fault(s.fault, "RB-TEKST-ARGUMENT", `De tekst tussen aanhalingstekens in {% ${name} %} is niet goed afgesloten.`, `${argHint} Een aanhalingsteken of \\ in de tekst schrijft u als \\" of \\\\.`);
    args.push(s.value);
    i = s.next;
  }
  const end = i + 2;
  if (name === "figuur" && (args.length !== 1 || args[0] === "")) {
    return { end, name, problem: fault(start, "RB-TEKST-ARGUMENT", `{% figuur %} heeft precies één naam van een figuur nodig, maar kreeg er ${args.length}.`, 'Schrijf {% figuur "naam" %} met de naam uit `figuren:` in de front matter.').problem };
  }
  if (name === "bespreking" && (args.length === 0 || args.some((a) => a.trim() === ""))) {
    return { end, name, problem: fault(start, "RB-TEKST-ARGUMENT", "{% bespreking %} noemt geen partij (of een lege).", 'Noem de partijen die bespreking aanvroegen: {% bespreking "PvdA", "SP" %}.').problem };
  }
  return { end, name, args };
}

/** The column (1-based) of `index` in body line `line`, given the text that starts there. */
function columnOf(env: NarrativeEnv, line: number, lineText: string, offsetInLineText: number): number {
  const source = env.lines[line] ?? "";
  const at = lineText === "" ? -1 : source.lastIndexOf(lineText);
  return (at >= 0 ? at : 0) + offsetInLineText + 1;
}

/** Where state.src[pos] of an inline parse is in the body. */
function inlinePosition(state: StateInline, pos: number): BodyPosition {
  const env = envOf(state);
  const map = env.block?.map;
  if (!map) return { line: 0, column: 1 };
  if (env.block!.content === state.src) {
    const lineStart = state.src.lastIndexOf("\n", pos - 1) + 1;
    const line = map[0] + (state.src.slice(0, lineStart).match(/\n/g)?.length ?? 0);
    const lineEnd = state.src.indexOf("\n", pos);
    const lineText = state.src.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
    return { line, column: columnOf(env, line, lineText, pos - lineStart) };
  }
  // A nested parse (an image's text alternative): find the text in the block's lines.
  const snippet = state.src.slice(pos).split("\n")[0]!;
  for (let line = map[0]; line < map[1]; line++) {
    const at = (env.lines[line] ?? "").indexOf(snippet);
    if (at >= 0) return { line, column: at + 1 };
  }
  return { line: map[0], column: 1 };
}

/** Where state.src[pos] of a block parse is in the body. */
function blockPosition(state: StateBlock, line: number, pos: number): BodyPosition {
  return { line, column: pos - (state.src.lastIndexOf("\n", pos - 1) + 1) + 1 };
}

/** A line that is one shortcode: a block of its own (the figure's or the party line's HTML). */
function shortcodeBlock(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const pos = state.bMarks[startLine]! + state.tShift[startLine]!;
  const max = state.eMarks[startLine]!;
  if (!state.src.startsWith("{%", pos)) return false;
  if (silent) return true;
  const env = envOf(state);
  const line = state.src.slice(0, max);
  const tag = parseTag(line, pos);
  const at = blockPosition(state, startLine, pos);
  const token = state.push("rb_shortcode", "", 0);
  token.map = [startLine, startLine + 1];
  state.line = startLine + 1;
  if (tag.problem) {
    env.problems.push(problem({ line: startLine, column: at.column + tag.problem.offset }, tag.problem.code, tag.problem.message, tag.problem.hint));
    token.meta = { text: state.src.slice(pos, max) };
    return true;
  }
  const rest = state.src.slice(tag.end!, max);
  if (rest.trim() !== "") {
    env.problems.push(problem(blockPosition(state, startLine, tag.end! + (rest.length - rest.trimStart().length)), "RB-TEKST-SJABLOON", `Na {% ${tag.name} %} staat nog tekst op dezelfde regel.`, `Zet {% ${tag.name} … %} op een regel van zichzelf, met een witregel ervoor en erna.`));
  }
  const use: ShortcodeUse = { ...at, name: tag.name as ShortcodeName, args: tag.args! };
  env.shortcodes.push(use);
  token.meta = { shortcode: use };
  return true;
}

/**
 * {{, {% and {# inside a paragraph: reported, and kept as plain text (the renderer
 * never evaluates anything; the check refuses the letter before it gets there).
 */
function templateInline(state: StateInline, silent: boolean): boolean {
  const pos = state.pos;
  if (state.src.charCodeAt(pos) !== 0x7b /* { */) return false;
  const next = state.src[pos + 1];
  if (next !== "{" && next !== "%" && next !== "#") return false;
  const close = next === "{" ? "}}" : next === "%" ? "%}" : "#}";
  const closeAt = state.src.indexOf(close, pos + 2);
  const end = closeAt >= 0 && closeAt < state.posMax ? closeAt + 2 : pos + 2;
  if (!silent) {
    const env = envOf(state);
    const at = inlinePosition(state, pos);
    if (next === "{") {
      env.problems.push(problem(at, "RB-TEKST-SJABLOON", "In de tekst kan geen {{ … }} staan: de tekst wordt niet als sjabloon uitgevoerd.", `Schrijf de waarde zelf uit, of plaats een figuur met {% figuur "…" %} op een eigen regel. ${SHOW_LITERALLY}`));
    } else if (next === "#") {
      env.problems.push(problem(at, "RB-TEKST-SJABLOON", "Commentaar {# … #} kan niet in de tekst.", `Verwijder het commentaar. ${SHOW_LITERALLY}`));
    } else {
      const lineEnd = state.src.indexOf("\n", pos);
      const tag = parseTag(state.src.slice(0, lineEnd < 0 ? state.posMax : Math.min(lineEnd, state.posMax)), pos);
      if (tag.problem) env.problems.push(problem({ line: at.line, column: at.column + tag.problem.offset }, tag.problem.code, tag.problem.message, tag.problem.hint));
      else env.problems.push(problem(at, "RB-TEKST-SJABLOON", `{% ${tag.name} %} moet op een regel van zichzelf staan, niet midden in een alinea.`, `Zet {% ${tag.name} … %} op een eigen regel, met een witregel ervoor en erna.`));
    }
    const token = state.push("text", "", 0);
    token.content = state.src.slice(pos, end);
  }
  state.pos = end;
  return true;
}

/** Records where each link or image was written (markdown-it's tokens carry no columns). */
function recordRefs(md: Md): void {
  const rules = (md.inline.ruler as unknown as { __rules__: { name: string; fn: (s: StateInline, silent: boolean) => boolean }[] }).__rules__;
  for (const name of ["link", "image", "autolink"]) {
    const original = rules.find((r) => r.name === name)!.fn;
    md.inline.ruler.at(name, (state: StateInline, silent: boolean) => {
      const start = state.pos;
      const before = state.tokens.length;
      if (!original(state, silent)) return false;
      if (silent) return true;
      const token = state.tokens.slice(before).find((t: Token) => t.type === "link_open" || t.type === "image");
      if (token) {
        const env = envOf(state);
        const at = inlinePosition(state, start);
        const ref: NarrativeRef = { ...at, kind: token.type === "image" ? "image" : "link", href: String(token.attrGet(token.type === "image" ? "src" : "href") ?? "") };
        if (token.type === "image") ref.alt = token.content;
        env.refs.push(ref);
        token.meta = { ...token.meta, ref };
      }
      return true;
    });
  }
}

/** Parses inline content knowing which block it belongs to (for line numbers). */
function inlineWithBlocks(state: StateCore): void {
  const env = envOf(state);
  for (const token of state.tokens) {
    if (token.type !== "inline") continue;
    env.block = token;
    state.md.inline.parse(token.content, state.md, state.env, token.children ?? (token.children = []));
  }
  env.block = undefined;
}

/** The narrative grammar, for the checker and the renderer alike. */
export function narrativeSyntax(md: Md): void {
  md.block.ruler.before("html_block", "rb_shortcode", shortcodeBlock, { alt: ["paragraph", "reference", "blockquote"] });
  md.inline.ruler.after("text", "rb_template", templateInline);
  recordRefs(md);
  md.core.ruler.at("inline", inlineWithBlocks);
}

/** Options shared by the checker and the renderer: only `html` differs. */
export function narrativeMarkdown(html: boolean): Md {
  const md = new MarkdownIt({
    html,
    linkify: false,
    typographer: true,
    // Dutch quotation marks: „dubbel” and ‚enkel’.
    quotes: "„”‚’",
  });
  narrativeSyntax(md);
  return md;
}

// HTML on: only to find it and say so (html_block / html_inline tokens). Every link
// destination is taken as written, so that narrative-refs.ts can say why one is
// refused instead of markdown-it silently leaving it as text.
const checker = narrativeMarkdown(true);
checker.validateLink = () => true;

function walk(tokens: Token[], visit: (t: Token, parent?: Token) => void, parent?: Token): void {
  for (const t of tokens) {
    visit(t, parent);
    if (t.children) walk(t.children, visit, t);
  }
}

/** The checked narrative: its shortcodes and references, and every problem of its grammar. */
export function parseNarrative(body: string): NarrativeEnv {
  const env = narrativeEnv(body);
  const tokens = checker.parse(body, env as unknown as Record<string, unknown>);
  const htmlLines = new Set<number>();
  walk(tokens, (t, parent) => {
    if (t.type !== "html_block" && t.type !== "html_inline") return;
    const map = t.map ?? parent?.map;
    let at: BodyPosition = { line: map?.[0] ?? 0, column: 1 };
    // An inline tag: find it on the block's lines.
    if (t.type === "html_inline" && map) {
      for (let line = map[0]; line < map[1]; line++) {
        const i = (env.lines[line] ?? "").indexOf(t.content);
        if (i >= 0) {
          at = { line, column: i + 1 };
          break;
        }
      }
    } else if (map) {
      at = { line: map[0], column: (env.lines[map[0]] ?? "").search(/\S|$/) + 1 };
    }
    // One message a line: <b>…</b> is one mistake.
    if (htmlLines.has(at.line)) return;
    htmlLines.add(at.line);
    const tag = /^<\/?([A-Za-z][A-Za-z0-9-]*)/.exec(t.content)?.[1]?.toLowerCase();
    env.problems.push(
      problem(
        at,
        "RB-TEKST-HTML",
        tag ? `HTML (<${tag}>) kan niet in de tekst.` : t.content.startsWith("<!--") ? "HTML-commentaar (<!-- … -->) kan niet in de tekst." : "HTML kan niet in de tekst.",
        "Schrijf de opmaak in Markdown: **vet**, *cursief*, ## kop, - opsomming, [tekst](adres), ![beschrijving](afbeelding.png). Figuren en tabellen plaatst u met {% figuur \"…\" %}. Wilt u de tekens zelf laten zien, zet ze dan tussen backticks (`…`).",
      ),
    );
  });
  env.block = undefined;
  return env;
}

/** Characters XML 1.0 cannot carry (and no text needs): C0 controls but tab, LF and CR; U+FFFE/U+FFFF; lone surrogates. */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/u;

/** "U+0007" for the first control character in text, with its index. */
export function controlCharacter(text: string): { index: number; code: string } | undefined {
  const m = CONTROL_CHARACTER.exec(text);
  return m ? { index: m.index, code: `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` } : undefined;
}
