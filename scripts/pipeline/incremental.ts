// Incremental builds: after a successful build to the same folder, a build keeps
// every page whose inputs are unchanged and renders only the letters whose own file
// changed. A page's inputs, as the templates can reach them:
//
// - every page: the tool, the templates, data/, archive/, content/ apart from the
//   letters' Markdown (the fingerprint's `shared` hash), and what pages show of the
//   letters: their summaries, all front matter but the figures (site-data.ts);
// - a letter's page and PDF: also its own file (its figures and narrative).
//
// So a new sentence or figure in one letter renders that letter only; a new title
// or date (listings, feed, errata links) or any shared input renders everything.
// The output is the full build's, byte for byte (tests/e2e/incremental.test.ts).
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Project } from "../model/load.ts";
import type { Diagnostic } from "../model/diagnostics.ts";
import type { Letter } from "../model/types.ts";
import { letterSummaries } from "../site/site-data.ts";
import { sha256 } from "../util/files.ts";
import { linkFiles } from "./link-kept-worker.mjs";
import { OUTPUT_MARKER } from "./output.ts";
import { SEARCH_DIR, searchIndexDir } from "./search.ts";
import { filesIntact, type BuildState, type InputsFingerprint } from "./up-to-date.ts";

/** Hash of what any page may show of the letters. */
export function listingKey(project: Project): string {
  return sha256(JSON.stringify(letterSummaries(project)));
}

export interface ReusePlan {
  /** Letters (input paths) whose page and PDF are taken from the previous build. */
  keep: Set<string>;
  /** Files of the previous build to copy, relative to its folder, with "/" between folders. */
  files: string[];
  /** The layout audit's warnings of the previous build, per letter (a kept PDF keeps its warnings). */
  layout: Record<string, Diagnostic[]>;
  /** Organisations whose search index (pagefind/<organisation>/) is taken from the previous build. */
  searchKept: Set<string>;
}

/**
 * What the previous build to `out` can give this one, or undefined when it must
 * render everything: nothing remembered, a shared input or a listing changed, or
 * a file it would keep is no longer exactly what that build wrote (a file added to
 * the folder since is simply not kept).
 */
export function planReuse(previous: BuildState | undefined, out: string, fingerprint: InputsFingerprint, project: Project): ReusePlan | undefined {
  if (!previous?.letterFiles || !previous.layout || previous.shared !== fingerprint.shared || previous.listing !== listingKey(project)) return undefined;
  const keep = new Set(
    project.letters
      .filter((l) => {
        const file = fingerprint.letterFiles[l.inputPath];
        return file !== undefined && file === previous.letterFiles[l.inputPath];
      })
      .map((l) => l.inputPath),
  );
  // A rendered letter's folder (page, PDF, stylesheet, images and files) is written
  // anew; so is the search index of its organisation (each has its own, search.ts).
  const renderedLetters = project.letters.filter((l) => !keep.has(l.inputPath));
  const rendered = renderedLetters.map((l) => l.url.replace(/^\/+/, ""));
  const previousFiles = Object.keys(previous.outputs).map((rel) => rel.split(path.sep).join("/"));
  const searchKept = keptSearchIndexes(project, renderedLetters, new Set(previousFiles));
  const files = previousFiles
    // The marker is written anew into every build's folder (output.ts).
    .filter((rel) => (rel.startsWith(`${SEARCH_DIR}/`) ? searchKept.has(rel.split("/")[1]!) : !rendered.some((dir) => rel.startsWith(dir)) && rel !== OUTPUT_MARKER));
  // Only what is kept must be as that build wrote it; the rest of the new folder is written anew.
  if (!filesIntact(previous, out, files)) return undefined;
  return { keep, files, layout: previous.layout, searchKept };
}

/**
 * The organisations whose search index the previous build made from the same pages:
 * none of their letters is rendered again (the same letters, as the listing is unchanged),
 * and that build wrote their index (its entry file is there).
 */
function keptSearchIndexes(project: Project, rendered: readonly Letter[], previousFiles: ReadonlySet<string>): Set<string> {
  const changed = new Set(rendered.map((l) => l.organisation));
  return new Set(
    project.letters.map((l) => l.organisation).filter((o) => !changed.has(o) && previousFiles.has(`${searchIndexDir(o)}/pagefind-entry.json`)),
  );
}

/**
 * Puts the kept files into the new build's folder as hard links (the folders are
 * siblings, on one file system): no bytes are copied. Safe because the build never
 * writes a kept file: Eleventy leaves kept letters and site pages alone, charts and
 * PDF sizes go into rendered letters only, a search index is written only where none was kept.
 * Where links are not possible, the files are copied.
 *
 * The few files `first` picks are in place when this returns (the page a print tab
 * warms up with, and its assets); the rest follow in a worker thread
 * (link-kept-worker.mjs) while this one loads and runs Eleventy.
 */
export function copyKept(plan: ReusePlan, from: string, to: string, first: (rel: string) => boolean = () => false): Promise<void> {
  linkFiles(from, to, plan.files.filter(first));
  const rest = plan.files.filter((rel) => !first(rel));
  if (rest.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./link-kept-worker.mjs", import.meta.url), { workerData: { linkKept: { from, to, files: rest } } });
    worker.once("error", reject);
    worker.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`de bestanden van de vorige build konden niet worden overgenomen (code ${code})`))));
  });
}
