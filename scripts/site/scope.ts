// Which pages an Eleventy run renders. A full build renders every page; an
// incremental build (pipeline/incremental.ts) renders only the letters whose input
// changed and keeps every other page of the previous build.
import path from "node:path";
export interface RenderScope {
  /** Home, archive, listings, series pages, feed, stylesheet and the static assets. */
  sitePages: boolean;
  /** Letters to leave out (input paths relative to the project root). */
  skipLetters: ReadonlySet<string>;
}

const everything: RenderScope = { sitePages: true, skipLetters: new Set() };
let scope = everything;

/** Sets the scope of the next Eleventy runs; without an argument: everything again. */
export function setRenderScope(next?: RenderScope): void {
  scope = next ?? everything;
}

export function renderScope(): RenderScope {
  return scope;
}

/** Whether Eleventy can be told to ignore this path: its ignores are globs. */
export function globSafe(file: string): boolean {
  return !/[*?[\]{}()!@+|\\]/.test(file.split(path.sep).join("/"));
}
