// The record of an incremental build's folder (up-to-date.ts), made early. Walking the
// whole folder after the swap took ~0,3 s at the end of a one-letter rebuild of 1,200
// letters (16.172 files), while the main thread had waited idle for the PDF and the
// search index just before. Once the pages are written (Eleventy, the kept files'
// links), a worker thread walks the folder during that wait; after the swap only the
// places written later are walked again (writtenLater). A cold build writes nearly
// everything later, so it walks once at the end as before.
import { Worker } from "node:worker_threads";
import type { Letter } from "../model/types.ts";
import { legacyLetterUrls } from "../site/legacy.ts";
import { outputRecord } from "./output-record.mjs";
import { SEARCH_DIR } from "./search.ts";

export type OutputRecord = Record<string, [number, number]>;

/**
 * Where a build writes after its pages: the rendered letters' folders (charts filled
 * in, the PDF, its size on the page), their old addresses (site/legacy.ts) and the
 * search index. Folders relative to the output folder, each ending in "/".
 */
export function writtenLater(rendered: readonly Letter[], all: readonly Letter[]): string[] {
  const old = legacyLetterUrls(all);
  const folders = rendered.flatMap((l) => [l.url, ...(old.has(l.url) ? [old.get(l.url)!] : [])]);
  return [...new Set([...folders, SEARCH_DIR].map((f) => `${f.replace(/^\/+|\/+$/g, "")}/`))].sort();
}

/**
 * Walks `dir` in a worker thread (output-record.mjs); undefined when that failed (then
 * the folder is walked whole, recordBuild). Awaited before the swap: the walk reads the
 * temporary folder, which the swap renames (a walk that started late found nothing there).
 */
export function startRecord(dir: string): Promise<OutputRecord | undefined> {
  return new Promise<OutputRecord>((resolve, reject) => {
    const worker = new Worker(new URL("./output-record.mjs", import.meta.url), { workerData: { record: dir } });
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`het overzicht van de uitvoermap is niet gemaakt (code ${code})`)));
  }).catch(() => undefined);
}

/** The early record with every file under `later` (writtenLater) read again from `dir`, the output folder after the swap. */
export function completeRecord(walked: OutputRecord, dir: string, later: readonly string[]): OutputRecord {
  const record: OutputRecord = {};
  for (const rel of Object.keys(walked)) if (!later.some((folder) => rel.startsWith(folder))) record[rel] = walked[rel]!;
  for (const folder of later) Object.assign(record, outputRecord(dir, folder));
  // In the order a walk of the whole folder gives.
  return Object.fromEntries(Object.keys(record).sort().map((rel) => [rel, record[rel]!]));
}
