// Worker thread of copyKept (incremental.ts): links the kept files of the previous
// build into the new folder with blocking calls, beside the main thread, which is
// busy loading and running Eleventy meanwhile (asynchronous calls made from it waited
// for it between files: ~0.25 s on the critical path of a one-letter rebuild).
// Plain JavaScript, so it runs as it is, from the sources or from the bundle.
import { copyFileSync, linkSync, mkdirSync } from "node:fs";
import path from "node:path";
import { workerData } from "node:worker_threads";

const { from, to, files } = /** @type {{ from: string; to: string; files: string[] }} */ (workerData);
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
      link = false; // another file system, or no hard links there: copy from now on
    }
  }
  copyFileSync(path.join(from, rel), path.join(to, rel));
}
