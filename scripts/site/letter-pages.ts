// Letters reach Eleventy as finished HTML, never as templates: the build renders
// each narrative itself (narrative-html.ts) and adds one virtual template per letter
// whose text is fixed ("{{ verhaal | safe }}") and whose data carry the narrative's
// HTML, the layout of its document type and the address Raadsbrief gives it.
// Eleventy's input folder holds no letters (see eleventyInputDir), so no letter,
// front matter or file beside it is ever read or evaluated by Eleventy.
import { createHash } from "node:crypto";
import path from "node:path";
import type { Project } from "../model/load.ts";
import type { Letter } from "../model/types.ts";
import { letterView } from "./letter-view.ts";
import { renderNarrative, type RenderedNarrative } from "./narrative-html.ts";
import { TOOL_DIR } from "./paths.ts";

export interface LetterPage {
  letter: Letter;
  narrative: RenderedNarrative;
}

/**
 * Eleventy's input folder: one of the tool's own that holds no template, so the
 * only pages are the virtual ones (letters, site pages). Not content/: Eleventy
 * would read letters and any .njk, .11tydata.js or _data/ beside them.
 */
export function eleventyInputDir(): string {
  return path.join(TOOL_DIR, "scripts", "site", "eleventy-input");
}

/** The narratives of these letters, in their order (the first letters' charts are queued first). */
export function renderLetterPages(project: Project, letters: readonly Letter[]): Promise<LetterPage[]> {
  return Promise.all(letters.map(async (letter) => ({ letter, narrative: await renderNarrative(project, letter) })));
}

/** The virtual template of a letter, by a hash of its file (names in content/ may hold any character). */
export function letterTemplatePath(inputPath: string): string {
  return `raadsbrief/brieven/${createHash("sha256").update(inputPath).digest("hex").slice(0, 20)}`;
}

/** The letter's own stylesheet: its running header from page 2 on, and its organisation's colours. */
export function letterStylesheet(project: Project, letter: Letter): string {
  const view = letterView(project, letter);
  const { primary, accent } = view.organisation.colours;
  return [
    `/* Running header from page 2 on: "Gemeente Emmen, 29 september 2015, blad 2". */`,
    `@page { @top-left { content: ${view.runningHeaderCss} counter(page); } }`,
    `@page :first { @top-left { content: none; } }`,
    `/* The document wears its own organisation's colours; the site around it the site's. */`,
    `.brief { --kleur-primair: ${primary}; --kleur-accent: ${accent}; }`,
    "",
  ].join("\n");
}

/** Adds the letters' pages, stylesheets and files to an Eleventy configuration. */
export function addLetterPages(eleventyConfig: any, project: Project, pages: readonly LetterPage[]): void {
  for (const { letter, narrative } of pages) {
    const base = letterTemplatePath(letter.inputPath);
    const layout = project.documentTypes.get(letter.type)!.layout;
    eleventyConfig.addTemplate(`${base}.njk`, "{{ verhaal | safe }}", {
      layout: `${layout}.njk`,
      permalink: letter.url,
      // The address is used as given, never rendered as a template.
      dynamicPermalink: false,
      verhaal: narrative.html,
      eleventyComputed: { brief: () => letterView(project, letter) },
    });
    eleventyConfig.addTemplate(`${base}-opmaak.njk`, "{{ opmaak | safe }}", {
      permalink: `${letter.url}opmaak.css`,
      dynamicPermalink: false,
      eleventyExcludeFromCollections: true,
      opmaak: letterStylesheet(project, letter),
    });
    for (const file of narrative.files) eleventyConfig.addPassthroughCopy({ [file.source]: file.target });
  }
}
