// Checks a letter's narrative (see narrative.ts for its grammar, narrative-refs.ts
// for links and images) and reports every problem at the letter's file, line and
// column. The build renders only narratives that passed this check.
import type { Diagnostics } from "./diagnostics.ts";
import { InputCache } from "./input-cache.ts";
import { controlCharacter, parseNarrative, type NarrativeRef, type ShortcodeUse } from "./narrative.ts";
import { resolveRef, type RefContext } from "./narrative-refs.ts";

interface Parsed {
  shortcodes: ShortcodeUse[];
  refs: NarrativeRef[];
}

export interface NarrativeCheck {
  body: string;
  /** Line of the file where the body starts. */
  bodyLine: number;
  refs: RefContext;
  diags: Diagnostics;
  inputs?: InputCache;
}

/** Checks the narrative; returns its shortcodes (where figures are placed), also when it has problems. */
export function checkNarrative(args: NarrativeCheck): ShortcodeUse[] {
  const { body, bodyLine, diags, inputs } = args;
  const file = args.refs.file;
  const at = (p: { line: number; column: number }) => ({ line: bodyLine + p.line, column: p.column });

  // The grammar is a function of the text alone: a text without problems is not parsed again.
  const key = InputCache.key("tekst", body);
  let parsed = inputs?.get(key) as Parsed | undefined;
  if (!parsed) {
    const env = parseNarrative(body);
    for (const p of env.problems) diags.error({ code: p.code, file, ...at(p), message: p.message, hint: p.hint });
    const control = controlCharacter(body);
    if (control) {
      const lines = body.slice(0, control.index).split(/\r\n?|\n/);
      diags.error({
        code: "RB-STUURTEKEN",
        file,
        ...at({ line: lines.length - 1, column: lines[lines.length - 1]!.length + 1 }),
        message: `De tekst bevat een onzichtbaar stuurteken (${control.code}).`,
        hint: "Verwijder het teken (het komt vaak mee bij kopiëren uit Word of een PDF): XML, zoals de feed en het archief, kan het niet bevatten.",
      });
    }
    parsed = { shortcodes: env.shortcodes, refs: env.refs };
    if (env.problems.length === 0 && !control) inputs?.set(key, parsed);
  }

  // Files can come and go: links and images are checked every time (a few stat calls).
  const copies = new Map<string, string>();
  for (const ref of parsed.refs) {
    const resolved = resolveRef(ref, args.refs);
    if (!resolved.ok) {
      diags.error({ code: resolved.code, file, ...at(ref), message: resolved.message, hint: resolved.hint });
      continue;
    }
    if (!resolved.source) continue;
    // Every file goes into one folder beside the page: one name, one file.
    const name = resolved.href.replace(/#.*$/, "");
    const other = copies.get(name);
    if (other && other !== resolved.source) {
      diags.error({
        code: ref.kind === "image" ? "RB-TEKST-AFBEELDING" : "RB-TEKST-LINK",
        file,
        ...at(ref),
        message: `Twee verschillende bestanden heten '${name.replace(/^.*\//, "")}' in deze brief.`,
        hint: "Geef een van beide een andere naam: ze komen in één map naast de pagina.",
      });
    }
    copies.set(name, resolved.source);
  }
  return parsed.shortcodes;
}
