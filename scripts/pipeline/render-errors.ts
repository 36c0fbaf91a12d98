// Turns an error thrown while Eleventy renders a page (a missing include or an
// unknown filter in a template) into a diagnostic at the letter's own file, in
// Dutch, instead of a stack trace; a chart that failed later, at its {% figuur %}.
// (A figure that fails while the narrative is rendered is reported by
// site/narrative-html.ts at its line.)
import path from "node:path";
import { Diagnostics, ProjectError } from "../model/diagnostics.ts";
import type { Project } from "../model/load.ts";
import { letterTemplatePath } from "../site/letter-pages.ts";

function chain(error: unknown): Error[] {
  const out: Error[] = [];
  let e: unknown = error;
  while (e instanceof Error && out.length < 10) {
    out.push(e);
    e = (e as { cause?: unknown; originalError?: unknown }).cause ?? (e as { originalError?: unknown }).originalError;
  }
  return out;
}

const TRANSLATIONS: [RegExp, (m: RegExpMatchArray) => { message: string; hint: string; needle?: string }][] = [
  [/template not found: (\S+)/, (m) => ({ message: `Het sjabloon '${m[1]}' bestaat niet.`, hint: "Controleer de naam achter {% include %}; sjablonen staan in templates/.", needle: m[1] })],
  [/filter not found: (\S+)/, (m) => ({ message: `Onbekend filter '${m[1]}'.`, hint: "Controleer de naam achter het | teken.", needle: `| ${m[1]}` })],
  [/Unable to call `(\w+)`, which is undefined/, (m) => ({ message: `'${m[1]}' bestaat niet in de tekst.`, hint: "Controleer de schrijfwijze.", needle: m[1] })],
];

/** A ProjectError with one diagnostic when the error came from a page we can name; otherwise undefined. */
export function renderErrorToDiagnostics(error: unknown, project: Project): ProjectError | undefined {
  const errors = chain(error);
  let file: string | undefined;
  let line: number | undefined;
  let column: number | undefined;
  for (const e of errors) {
    const m = /\(([^()\n]+\.(?:md|njk))\)(?:\s*\[Line (\d+), Column (\d+)\])?/.exec(e.message);
    if (m) {
      file ??= path.relative(project.root, path.resolve(m[1]!)).split(path.sep).join("/");
      if (m[2] && line === undefined) {
        line = Number(m[2]);
        column = Number(m[3]);
      }
    }
    const tpl = /Having trouble rendering \w+ template (\S+)/.exec(e.message);
    if (tpl) file ??= path.relative(project.root, path.resolve(tpl[1]!)).split(path.sep).join("/");
  }
  if (!file) return undefined;
  // A letter's page is a virtual template named by a hash of its file (site/letter-pages.ts).
  const letter = project.letters.find((l) => file!.endsWith(`${letterTemplatePath(l.inputPath)}.njk`));
  if (letter) {
    file = letter.inputPath;
    line = column = undefined;
  }
  const inner = errors[errors.length - 1]!.message.replace(/^\([^)]*\)\s*/, "").replace(/^.*?Error: /s, "").trim();
  const found = TRANSLATIONS.find(([re]) => re.test(inner));
  const t = found ? found[1](inner.match(found[0])!) : { message: `De pagina kon niet worden gemaakt: ${inner}`, hint: "Controleer de tekst rond deze plek." };
  return pageDiagnostic(project, file, t, line, column);
}

/**
 * A chart that failed after Eleventy wrote the page (deferred rendering, see
 * charts/render.ts), as a diagnostic at the letter's {% figuur %} for it.
 */
export function chartErrorToDiagnostics(error: unknown, project: Project, file: string): ProjectError {
  const message = error instanceof Error ? error.message : String(error);
  const figure = /^Grafiek 'fig-([^']+)'/.exec(message)?.[1];
  return pageDiagnostic(project, file, {
    message: `De pagina kon niet worden gemaakt: ${message}`,
    hint: "Controleer de cijfers en instellingen van deze figuur.",
    ...(figure ? { needle: `"${figure}"` } : {}),
  });
}

function pageDiagnostic(
  project: Project,
  file: string,
  t: { message: string; hint: string; needle?: string },
  line?: number,
  column?: number,
): ProjectError {
  const body = project.bodies.get(file);
  const bodyLine = project.bodyLines.get(file);
  if (body !== undefined && bodyLine !== undefined) {
    if (line !== undefined) {
      line = bodyLine + line - 1;
    } else if (t.needle) {
      const index = body.indexOf(t.needle);
      if (index >= 0) {
        const before = body.slice(0, index).split("\n");
        line = bodyLine + before.length - 1;
        column = before[before.length - 1]!.length + 1;
      }
    }
  }
  const diags = new Diagnostics();
  for (const [k, v] of project.diagnostics.sources) diags.sources.set(k, v);
  diags.error({ code: "RB-PAGINA", file, ...(line ? { line, column: column ?? 1 } : {}), message: t.message, hint: t.hint });
  return new ProjectError(diags);
}
