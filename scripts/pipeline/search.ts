// The search index: Pagefind reads the letters' built pages and writes one static index
// per organisation, <site>/pagefind/<organisatie>/ (index, pagefind.js, its worker and
// WebAssembly; not Pagefind's UIs), loaded by /zoeken/ in the browser (zoeken.js: the chosen
// organisation's index, or all of them merged with mergeIndex). An incremental build makes
// only the indexes of organisations with a letter rendered again (incremental.ts keeps the
// others' files). A site of one organisation has one index, as before.
// Only the letters carry data-pagefind-body (templates/layouts/document.njk), so the
// site chrome and listing pages never show up as hits; and Pagefind is told which
// files are the letters (a glob of their pages), so it does not parse the listing,
// year and redirect pages only to drop them: at 1,200 letters 1,589 of 2,789 HTML
// files, ~15 % of its CPU time (4.1 → 3.5 s). Same index bytes as reading them all.
// The glob starts with the organisation's folder, so Pagefind walks only that folder
// (120 letters: 0.5 s instead of 0.9 s with the folder inside the braces).
//
// Measured (1,200 letters: ten organisations of 120, Pagefind 1.6.0, 2 cores shared with
// other builds, load 12–18, 2026-11-30): Pagefind's CPU time for one index of all letters
// 3.2–3.3 s, for one organisation's 0.31–0.33 s, for the ten one after another 3.15 s
// (a cold build is not slower). One letter edited (text and figure), the old and new
// version alternating on their own corpus: at load 7–9, four rounds, the step "zoekindex"
// 3.8–5.3 s → 0.5–0.7 s and the whole process 8.3–12.5 s → 5.7–7.7 s; at load 12–18, five
// rounds, 8.0–16.6 s → 1.2–2.8 s and 19–36 s → 15–26 s.
// On a phone (Chromium, /zoeken/ served as plain files; query "jongeren", then
// "arbeidsmarkt", 25 hits shown each; page load the same, 9 requests, 159 → 161 kB):
// - one organisation chosen: first search 31 → 30 requests, 157 → 142 kB; next query
//   24 → 23 requests, 49 → 35 kB (its own small index, no filter chunk);
// - "Alle organisaties": first search 30 → 57 requests, 155 → 281 kB; next query
//   27 → 35 requests, 52 → 144 kB. Each index adds its entry and meta (~1.3 kB) and, per
//   query, its chunk of words (~14 kB; an index of 120 letters has four), where one index
//   fetched one chunk. mergeIndex shares one WebAssembly and one worker among the indexes;
//   ten instances queried apart and merged by score in zoeken.js loaded one each (first
//   search 66 requests, 811 kB), so mergeIndex it is.
//
// Measured (1,200 letters, Pagefind 1.6.0, 2 busy cores) and not done:
// - addHTMLFile page by page in the letters' order, which would let the kept pages be
//   indexed while the changed letter's charts are made, and fix the page numbering
//   (addDirectory numbers pages in readdir order: the same site copied to tmpfs gives
//   other index bytes than on ext4). Pagefind's service indexes such files one at a
//   time on one core, and they travel as base64 JSON: 3.8 CPU-s of Pagefind plus
//   1.3 of Node, against 3.5 over both cores here; 13 s instead of 5–11 s in the edit build.
// - Smaller pages (no <svg>, empty table cells, no <head>): 35 % less CPU, but other
//   fragment bytes (Pagefind reads the <head>), and it ties us to what Pagefind reads.

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describeSystemError } from "../util/system-error.mjs";
import { insideOrRefuse } from "./output.ts";

export const SEARCH_DIR = "pagefind";

/** Pagefind is an ES module only, and the bundle CommonJS (cli/bundle.mjs): import(), not require. */
const loadPagefind = () => import("pagefind");

/** An organisation's index in the site (its own Pagefind bundle), relative to the site's folder. */
export function searchIndexDir(organisation: string): string {
  return `${SEARCH_DIR}/${organisation}`;
}

/** Pagefind failed; the message is Dutch and names the tool. */
export class SearchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SearchError";
  }
}

// Pagefind runs one backend per process (the package's own, shared by every index):
// counted here so that one build closing it cannot end another build's index in the
// same process. The only state: how many indexes of this process are open.
let openIndexes = 0;

/** Pagefind's own search UIs and its highlighter: /zoeken/ has its own UI, so they are not written (~430 kB an index). */
const UNUSED = /^pagefind-(ui|modular-ui|component-ui|highlight)\./;

/**
 * Indexes each organisation's letters (the pages at these addresses: folders under
 * siteDir with their index.html) in Dutch, into its own bundle, pagefind/<organisation>/;
 * returns the number of pages indexed. The organisations one after another, in one
 * Pagefind process: it reads one organisation's pages over both cores already.
 */
export async function buildSearchIndexes(siteDir: string, organisations: ReadonlyMap<string, readonly string[]>): Promise<{ pages: number }> {
  if (organisations.size === 0) return { pages: 0 };
  openIndexes++;
  try {
    let pages = 0;
    for (const [organisation, urls] of organisations) pages += await buildSearchIndex(siteDir, organisation, urls);
    return { pages };
  } finally {
    // Stops Pagefind's backend process once no index of this process needs it;
    // otherwise it keeps the build process alive.
    if (--openIndexes === 0) await (await loadPagefind()).close();
  }
}

/** Indexes one organisation's letters (their addresses, all under /<organisation>/); returns the number of pages indexed. */
async function buildSearchIndex(siteDir: string, organisation: string, urls: readonly string[]): Promise<number> {
  const fail = (what: string, errors: unknown) =>
    new SearchError(`Pagefind: de zoekindex kon niet worden gemaakt (${what}): ${describe(errors)}. Draai \`npm ci\` opnieuw als Pagefind ontbreekt; helpt dat niet, gebruik --debug.`, {
      cause: errors,
    });
  try {
    const { index, errors } = await (await loadPagefind()).createIndex({
      // One language for the whole site: the Dutch stemmer, also for pages Pagefind might guess otherwise.
      forceLanguage: "nl",
      // The sender's address block is the same on every letter and only adds noise: Pagefind
      // splits a query into indexed words it starts with (Dutch compounds), so "fiets" hit the fax's "f.".
      // Table cells: Pagefind joins adjacent cells without a space, so an excerpt read
      // "JaarBijstandsuitkeringenLaagHoog". Tables are figures computed from the data
      // (their numbers are in the letter's CSV); their captions stay searchable.
      excludeSelectors: [".adresblok", "td", "th"],
    });
    if (!index || errors.length) throw fail("starten", errors);
    // The site's folder, not the organisation's: Pagefind makes each hit's address from the path below it.
    const added = await index.addDirectory({ path: siteDir, glob: pagesGlob(organisation, urls) });
    if (added.errors.length) throw fail("pagina's lezen", added.errors);
    // The files come to us and we write them: Pagefind's own writeFiles answers before
    // its writes have reached the disk (tokio writes without flush), and close() ends
    // its process, so on a busy machine index files could end up empty or cut off.
    const { files, errors: fileErrors } = await index.getFiles();
    if (fileErrors.length) throw fail("wegschrijven", fileErrors);
    const outputPath = path.join(siteDir, searchIndexDir(organisation));
    let entryFile: Uint8Array | undefined;
    for (const file of files) {
      if (UNUSED.test(file.path)) continue;
      // Pagefind names its files; they go inside the organisation's folder of pagefind/, nowhere else.
      const target = insideOrRefuse(outputPath, file.path);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
      if (file.path === "pagefind-entry.json") entryFile = file.content;
    }
    if (!entryFile) throw fail("wegschrijven", ["pagefind-entry.json ontbreekt"]);
    // The entry file counts the pages actually indexed (those with data-pagefind-body).
    const entry = JSON.parse(Buffer.from(entryFile).toString("utf8")) as {
      languages: Record<string, { page_count: number }>;
    };
    return Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0);
  } catch (error) {
    if (error instanceof SearchError) throw error;
    // The service rejects with plain strings or Errors (e.g. no binary for this platform).
    throw fail("onverwachte fout", error);
  }
}

/** Characters that mean nothing to a glob (Pagefind's, the wax crate): such addresses are listed as they are. */
const PLAIN = /^[A-Za-z0-9._~/-]+$/;

/**
 * A glob that matches the pages at these addresses (all in the organisation's folder)
 * and nothing else; every HTML file of the organisation's folder when an address holds
 * a character a glob would read (a letter's file name may hold any): the same index,
 * only slower. The folder leads the glob, so Pagefind walks that folder only.
 */
export function pagesGlob(organisation: string, urls: readonly string[]): string {
  const prefix = `/${organisation}/`;
  if (!PLAIN.test(organisation) || !urls.every((u) => u.startsWith(prefix))) {
    throw new SearchError(`Pagefind: de adressen van de brieven van ${organisation} liggen niet alle in /${organisation}/.`);
  }
  if (urls.length === 0 || !urls.every((u) => PLAIN.test(u))) return `${organisation}/**/*.html`;
  const files = urls.map((u) => `${u.slice(prefix.length)}index.html`);
  return `${organisation}/${files.length === 1 ? files[0]! : `{${files.join(",")}}`}`;
}

function describe(errors: unknown): string {
  const list = Array.isArray(errors) ? errors : [errors];
  return list.map((e) => describeSystemError(e) ?? (e instanceof Error ? e.message : String(e)).split("\n")[0]).join("; ") || "onbekende fout";
}
