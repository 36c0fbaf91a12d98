// The search index: Pagefind reads the built HTML and writes a static index plus
// its search UI to <site>/pagefind/, loaded by /zoeken/ in the browser.
// Only the letters carry data-pagefind-body (templates/layouts/brief.njk), so the
// site chrome and listing pages never show up as hits.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as pagefind from "pagefind";
import { describeSystemError } from "../util/system-error.mjs";
import { insideOrRefuse } from "./output.ts";

export const SEARCH_DIR = "pagefind";

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

/** Indexes every HTML page under siteDir in Dutch; returns the number of pages indexed. */
export async function buildSearchIndex(siteDir: string): Promise<{ pages: number }> {
  openIndexes++;
  const fail = (what: string, errors: unknown) =>
    new SearchError(`Pagefind: de zoekindex kon niet worden gemaakt (${what}): ${describe(errors)}. Draai \`npm ci\` opnieuw als Pagefind ontbreekt; helpt dat niet, gebruik --debug.`, {
      cause: errors,
    });
  try {
    const { index, errors } = await pagefind.createIndex({
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
    const added = await index.addDirectory({ path: siteDir });
    if (added.errors.length) throw fail("pagina's lezen", added.errors);
    // The files come to us and we write them: Pagefind's own writeFiles answers before
    // its writes have reached the disk (tokio writes without flush), and close() below
    // ends its process, so on a busy machine index files could end up empty or cut off.
    const { files, errors: fileErrors } = await index.getFiles();
    if (fileErrors.length) throw fail("wegschrijven", fileErrors);
    const outputPath = path.join(siteDir, SEARCH_DIR);
    let entryFile: Uint8Array | undefined;
    for (const file of files) {
      // Pagefind names its files; they go inside the site's pagefind/ folder, nowhere else.
      const target = insideOrRefuse(outputPath, file.path);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
      if (file.path === "pagefind-entry.json") entryFile = file.content;
    }
    if (!entryFile) throw fail("wegschrijven", ["pagefind-entry.json ontbreekt"]);
    // addDirectory counts every HTML file it read; the entry file counts the pages
    // actually indexed (those with data-pagefind-body).
    const entry = JSON.parse(Buffer.from(entryFile).toString("utf8")) as {
      languages: Record<string, { page_count: number }>;
    };
    return { pages: Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0) };
  } catch (error) {
    if (error instanceof SearchError) throw error;
    // The service rejects with plain strings or Errors (e.g. no binary for this platform).
    throw fail("onverwachte fout", error);
  } finally {
    // Stops Pagefind's backend process once no index of this process needs it;
    // otherwise it keeps the build process alive.
    if (--openIndexes === 0) await pagefind.close();
  }
}

function describe(errors: unknown): string {
  const list = Array.isArray(errors) ? errors : [errors];
  return list.map((e) => describeSystemError(e) ?? (e instanceof Error ? e.message : String(e)).split("\n")[0]).join("; ") || "onbekende fout";
}
