// Letters reach Eleventy as finished HTML, never as templates: the build renders
// each narrative itself (narrative-html.ts) and adds one virtual template per letter
// whose text is fixed ("{{ verhaal | safe }}") and whose data carry the narrative's
// HTML, the layout of its document type and the address Raadsbrief gives it.
// Eleventy's input folder holds no letters (see eleventyInputDir), so no letter,
// front matter or file beside it is ever read or evaluated by Eleventy.
import { createHash } from "node:crypto";
import type { Charts } from "../charts/render.ts";
import path from "node:path";
import type { Project } from "../model/load.ts";
import type { Letter } from "../model/types.ts";
import { archivedArticle, STYLESHEET_FILE, type ArchivedArticle } from "../archive/article.ts";
import { letterView } from "./letter-view.ts";
import { escapeCssString } from "./html.ts";
import { renderNarrative, type RenderedNarrative } from "./narrative-html.ts";
import { TOOL_DIR } from "./paths.ts";

/** A letter's page: its narrative rendered now, or (published) its archived article. */
export type LetterPage = { letter: Letter; narrative: RenderedNarrative; archived?: undefined } | { letter: Letter; archived: ArchivedArticle; narrative?: undefined };

/**
 * Eleventy's input folder: one of the tool's own that holds no template, so the
 * only pages are the virtual ones (letters, site pages). Not content/: Eleventy
 * would read letters and any .njk, .11tydata.js or _data/ beside them.
 */
export function eleventyInputDir(): string {
  return path.join(TOOL_DIR, "scripts", "site", "eleventy-input");
}

/**
 * The narratives of these letters, in their order (the first letters' charts are queued
 * first). A published letter whose article is archived is not rendered at all: its page
 * shows the archived article (archive/article.ts).
 */
export function renderLetterPages(project: Project, letters: readonly Letter[], charts: Charts): Promise<LetterPage[]> {
  return Promise.all(
    letters.map(async (letter): Promise<LetterPage> => {
      const archived = archivedArticle(project.root, project.manifest, letter.inputPath);
      return archived ? { letter, archived } : { letter, narrative: await renderNarrative(project, letter, charts) };
    }),
  );
}

/** The virtual template of a letter, by a hash of its file (names in content/ may hold any character). */
export function letterTemplatePath(inputPath: string): string {
  return `raadsbrief/brieven/${createHash("sha256").update(inputPath).digest("hex").slice(0, 20)}`;
}

/** The line at the foot of every page of a document with illustrative figures: outside the letter's text. */
export const ILLUSTRATIVE_FOOTER = "Dit document bevat illustratieve cijfers (gemarkeerd met †): ze komen niet uit een brondocument.";

/**
 * The letter's own stylesheet: its running header from page 2 on (the organisation's
 * `vervolgkop`), the illustrative-figures line at the foot of each page when a figure
 * has one, and its organisation's colours. Margin boxes, so none of it is the letter's text.
 */
export function letterStylesheet(project: Project, letter: Letter): string {
  const view = letterView(project, letter);
  const { primary, accent } = view.organisation.colours;
  return [
    `/* Running header from page 2 on, e.g. "Gemeente Emmen, 29 september 2015, blad 2". */`,
    `@page { @top-left { content: ${view.runningHeaderCss}; } }`,
    `@page :first { @top-left { content: none; } }`,
    ...(view.illustrative ? [`/* Illustrative figures (†) in this document: said once per page, in the margin. */`, `@page { @bottom-left { content: "${escapeCssString(ILLUSTRATIVE_FOOTER)}"; } }`] : []),
    `/* The document wears its own organisation's colours; the site around it the site's. */`,
    `.brief { --kleur-primair: ${primary}; --kleur-accent: ${accent}; }`,
    "",
  ].join("\n");
}

/**
 * Adds the letters' pages and stylesheets to an Eleventy configuration (their files:
 * letterFiles). A page with an archived article gets it as `artikel`: the layout places
 * it byte for byte instead of rendering one.
 */
export function addLetterPages(eleventyConfig: any, project: Project, pages: readonly LetterPage[]): void {
  for (const page of pages) {
    const { letter } = page;
    const base = letterTemplatePath(letter.inputPath);
    const layout = project.documentTypes.get(letter.type)!.layout;
    eleventyConfig.addTemplate(`${base}.njk`, "{{ verhaal | safe }}", {
      layout: `${layout}.njk`,
      permalink: letter.url,
      // The address is used as given, never rendered as a template.
      dynamicPermalink: false,
      verhaal: page.narrative?.html ?? "",
      ...(page.archived ? { artikel: page.archived.html } : {}),
      eleventyComputed: { brief: () => letterView(project, letter) },
    });
    // Its figures as open data (letter-downloads.ts), for a published letter from its frozen figures.
    const downloads = letterView(project, letter).downloads;
    for (const [ext, text] of downloads ? ([["csv", downloads.csv], ["json", downloads.json]] as const) : []) {
      eleventyConfig.addTemplate(`${base}-${ext}.njk`, "{{ tekst | safe }}", {
        permalink: `${letter.url}${letter.slug}.${ext}`,
        dynamicPermalink: false,
        eleventyExcludeFromCollections: true,
        tekst: text,
      });
    }
    if (page.archived) continue; // its stylesheet is a file too (letterFiles)
    eleventyConfig.addTemplate(`${base}-opmaak.njk`, "{{ opmaak | safe }}", {
      permalink: `${letter.url}${STYLESHEET_FILE}`,
      dynamicPermalink: false,
      eleventyExcludeFromCollections: true,
      opmaak: letterStylesheet(project, letter),
    });
  }
}

/** A file the build copies into a letter's folder. */
export interface LetterFile {
  /** Absolute path of the file to copy. */
  source: string;
  /** Where it goes in the site, without a leading slash ("brieven/2015/11/x/bestanden/kaart.png"). */
  target: string;
}

/**
 * The files beside the letters' pages: the logo and the narrative's images and files,
 * or a published letter's archived stylesheet and files. Copied by the build itself,
 * not as Eleventy passthrough copies: Eleventy keeps one target per source file, and
 * one logo (or one shared attachment) goes into the folder of every letter.
 */
export function letterFiles(project: Project, pages: readonly LetterPage[]): LetterFile[] {
  return pages.flatMap((page): LetterFile[] => {
    const folder = page.letter.url.replace(/^\/+/, "");
    if (page.archived) {
      return [{ source: page.archived.stylesheet, target: `${folder}${STYLESHEET_FILE}` }, ...page.archived.files.map((f) => ({ source: f.source, target: `${folder}${f.rel}` }))];
    }
    const logo = letterView(project, page.letter).logo;
    return [...(logo ? [{ source: logo.source, target: `${folder}${logo.href}` }] : []), ...page.narrative.files];
  });
}
