// Checks a letter's narrative as Nunjucks before anything is rendered, so a typo
// like an unclosed {% if %} is reported with the letter's file, line and column.
import nunjucks from "nunjucks";
import { SHORTCODE_NAMES } from "../site/shortcodes/names.ts";
import type { Diagnostics } from "./diagnostics.ts";

interface NunjucksParser {
  nextToken(): { value: string };
  parseSignature(a: null, b: boolean): unknown;
  advanceAfterBlockEnd(name: string): void;
}
interface NunjucksNodes {
  CallExtension: new (ext: unknown, method: string, args: unknown) => unknown;
}

// Stand-ins for the shortcodes: parsed like Eleventy's, never run.
const shortcodeExtension = {
  tags: [...SHORTCODE_NAMES] as string[],
  parse(parser: NunjucksParser, nodes: NunjucksNodes) {
    const tok = parser.nextToken();
    const args = parser.parseSignature(null, true);
    parser.advanceAfterBlockEnd(tok.value);
    return new nodes.CallExtension(this, "run", args);
  },
};

const parse = (nunjucks as unknown as { parser: { parse(src: string, ext: unknown[], opts: object): unknown } }).parser.parse;

const OPENERS = new Set(["if", "for", "asyncEach", "asyncAll", "macro", "call", "filter", "raw", "verbatim", "block"]);

/** Where the last block tag without its end tag starts, by a simple scan of tags. */
function unclosedTag(src: string): { index: number; tag: string } | undefined {
  const stack: { index: number; tag: string }[] = [];
  for (const m of src.matchAll(/\{%-?\s*(\w+)/g)) {
    const tag = m[1]!;
    if (OPENERS.has(tag)) stack.push({ index: m.index ?? 0, tag });
    else if (tag.startsWith("end") && stack.length) stack.pop();
  }
  return stack.pop();
}

const NL: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/unknown block tag: (\S+)/, (m) => `Onbekende opdracht {% ${m[1]} %}.`],
  [/expected (elif, else, or endif|endfor|endblock|endmacro|endraw)/, () => "Een blok is niet afgesloten."],
  [/unexpected token: (.*)/, (m) => `Onverwacht teken ${m[1]}.`],
  [/expected variable end/, () => "Een {{ … }} is niet afgesloten met }}."],
  [/expected block end/, () => "Een {% … %} is niet afgesloten met %}."],
];

export function checkNarrative(body: string, bodyLine: number, file: string, diags: Diagnostics): void {
  try {
    parse(body, [shortcodeExtension], {});
  } catch (error) {
    const e = error as { message?: string; lineno?: number; colno?: number };
    const raw = String(e.message ?? error).replace(/^\(unknown path\)\s*/, "").trim();
    const open = /end of file/.test(raw) ? unclosedTag(body) : undefined;
    if (open) {
      const before = body.slice(0, open.index).split("\n");
      diags.error({
        code: "RB-TEKST-SJABLOON",
        file,
        line: bodyLine + before.length - 1,
        column: before[before.length - 1]!.length + 1,
        message: `Het blok {% ${open.tag} %} is niet afgesloten.`,
        hint: `Sluit het af met {% end${open.tag} %}, of verwijder de opdracht.`,
      });
      return;
    }
    const match = NL.find(([re]) => re.test(raw));
    diags.error({
      code: "RB-TEKST-SJABLOON",
      file,
      line: bodyLine + (e.lineno ?? 1) - 1,
      column: e.colno ?? 1,
      message: match ? match[1](raw.match(match[0])!) : `De tekst kan niet worden gelezen: ${raw}`,
      hint: `Controleer de {% … %} en {{ … }} op deze regel; in de tekst zijn toegestaan: ${SHORTCODE_NAMES.map((n) => `{% ${n} "…" %}`).join(", ")}.`,
    });
  }
}
