// Renders a letter's narrative to HTML: markdown-it (site/markdown.ts, HTML off)
// with the narrative grammar, whose shortcodes become our figure and party-line
// HTML. Nothing in the text is evaluated: it is parsed, never run as a template.
// Links and images follow model/narrative-refs.ts, the rule the check applied.
import type { Token } from "markdown-it";
import type { Charts } from "../charts/render.ts";
import { Diagnostics, ProjectError } from "../model/diagnostics.ts";
import type { Project } from "../model/load.ts";
import { narrativeEnv, type NarrativeRef, type ShortcodeUse } from "../model/narrative.ts";
import { resolveRef, type RefContext } from "../model/narrative-refs.ts";
import type { Letter } from "../model/types.ts";
import { markdown } from "./markdown.ts";
import { besprekingShortcode } from "./shortcodes/bespreking.ts";
import { renderFigure } from "./shortcodes/figuur.ts";

export interface NarrativeFile {
  /** Absolute path of the file in content/. */
  source: string;
  /** Where it goes in the site, without a leading slash ("brieven/2015/11/x/bestanden/kaart.png"). */
  target: string;
}

export interface RenderedNarrative {
  html: string;
  /** Images and linked files the page needs beside it. */
  files: NarrativeFile[];
}

/** A figure that could not be made, at its {% figuur %} in the letter. */
function figureError(project: Project, letter: Letter, use: ShortcodeUse, error: unknown): ProjectError {
  const diags = new Diagnostics();
  for (const [k, v] of project.diagnostics.sources) diags.sources.set(k, v);
  diags.error({
    code: "RB-PAGINA",
    file: letter.inputPath,
    line: (project.bodyLines.get(letter.inputPath) ?? 1) + use.line,
    column: use.column,
    message: `De pagina kon niet worden gemaakt: ${error instanceof Error ? error.message : String(error)}`,
    hint: "Controleer de cijfers en instellingen van deze figuur.",
  });
  return new ProjectError(diags);
}

function shortcodeHtml(project: Project, letter: Letter, use: ShortcodeUse, charts: Charts): Promise<string> {
  try {
    return Promise.resolve(use.name === "figuur" ? renderFigure(project, letter, use.args[0]!, charts) : besprekingShortcode(...use.args));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Where a link or image of this letter goes in the site; throws for one the check would refuse. */
function target(project: Project, letter: Letter, ref: NarrativeRef, files: NarrativeFile[]): string {
  const ctx: RefContext = { root: project.root, file: letter.inputPath, externalHosts: project.site.externalLinks };
  const resolved = resolveRef(ref, ctx);
  if (!resolved.ok) throw new Error(`${letter.inputPath}: ${resolved.message}`);
  if (resolved.letter) {
    // A concept the public site leaves out keeps its address: the page comes when it is sent.
    const other = [...project.letters, ...project.leftOut].find((l) => l.inputPath === resolved.letter);
    if (!other) throw new Error(`${letter.inputPath}: ${resolved.letter} is geen brief`);
    return `${other.url}${resolved.href}`;
  }
  if (!resolved.source) return resolved.href;
  // The letter's own files are addressed relative to its folder ("bestanden/kaart.png"):
  // a published letter's frozen article then refers to its archived copies wherever
  // the letter's address goes (scripts/archive/article.ts).
  const file = `${letter.url}${resolved.href}`.replace(/#.*$/, "").replace(/^\/+/, "");
  if (!files.some((f) => f.target === file)) files.push({ source: resolved.source, target: file });
  return resolved.href;
}

function rewriteRefs(project: Project, letter: Letter, tokens: Token[], files: NarrativeFile[]): void {
  for (const t of tokens) {
    const ref = t.meta?.ref as NarrativeRef | undefined;
    if (ref) t.attrSet(t.type === "image" ? "src" : "href", target(project, letter, ref, files));
    if (t.children) rewriteRefs(project, letter, t.children, files);
  }
}

/**
 * The narrative of a letter as HTML. Figures are made in the order they are placed
 * (a chart may be a marker filled in later: charts/render.ts); a figure that fails
 * is reported at its line as RB-PAGINA.
 */
export async function renderNarrative(project: Project, letter: Letter, charts: Charts): Promise<RenderedNarrative> {
  const body = project.bodies.get(letter.inputPath) ?? "";
  const env = narrativeEnv(body);
  const tokens = markdown.parse(body, env as unknown as Record<string, unknown>);
  const files: NarrativeFile[] = [];
  const shortcodes = tokens.filter((t) => t.type === "rb_shortcode");
  const made = await Promise.all(
    shortcodes.map((t) => {
      const use = t.meta?.shortcode as ShortcodeUse | undefined;
      return use ? shortcodeHtml(project, letter, use, charts).catch((error: unknown) => Promise.reject(figureError(project, letter, use, error))) : Promise.resolve(undefined);
    }),
  );
  shortcodes.forEach((t, i) => (t.meta = { ...t.meta, html: made[i] }));
  rewriteRefs(project, letter, tokens, files);
  return { html: markdown.renderer.render(tokens, markdown.options, env as unknown as Record<string, unknown>), files };
}
