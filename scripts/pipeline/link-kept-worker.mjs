// Links kept files of the previous build into the new folder (copyKept in
// incremental.ts): a few at once in the main thread, the rest in a worker thread
// running this module, with blocking calls beside the main thread, which is busy
// loading and running Eleventy meanwhile (asynchronous calls made from it waited
// for it between files: ~0.25 s on the critical path of a one-letter rebuild).
// Plain JavaScript, so a worker runs it as it is, from the sources or from the bundle.
import { copyFileSync, linkSync, mkdirSync } from "node:fs";
import path from "node:path";
import { workerData } from "node:worker_threads";

/**
 * Hard-links each file (relative to both folders) from `from` into `to`, making its
 * folder first; copies instead from the first file that cannot be linked (another
 * file system, or no hard links there).
 * @param {string} from @param {string} to @param {readonly string[]} files
 */
export function linkFiles(from, to, files) {
  const made = new Set();
  let link = true;
  for (const rel of files) {
    const dir = path.dirname(rel);
    if (!made.has(dir)) {
      mkdirSync(path.join(to, dir), { recursive: true });
      made.add(dir);
    }
    if (link) {
      try {
        linkSync(path.join(from, rel), path.join(to, rel));
        continue;
      } catch {
        link = false;
      }
    }
    copyFileSync(path.join(from, rel), path.join(to, rel));
  }
}

/** @type {{ linkKept?: { from: string; to: string; files: string[] } } | undefined} */
const job = workerData;
if (job?.linkKept) linkFiles(job.linkKept.from, job.linkKept.to, job.linkKept.files);
