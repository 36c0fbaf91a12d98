// Raadsbrief's commands run from one bundle of this code (cli/bundle.mjs) rather
// than through tsx's TypeScript loader: the loader costs ~1 s at every start. One
// place must find a file the bundle made instead of the sources: the worker threads' entries.
import path from "node:path";
import { pathToFileURL } from "node:url";

/** The bundle's folder, defined by esbuild when it makes the bundle (cli/bundle.mjs); not defined under tsx. */
declare const RAADSBRIEF_BUNDLE_DIR: string | undefined;

/** The folder of the running bundle; undefined when the sources run under tsx (tests, debugging). */
function bundleDir(): string | undefined {
  return typeof RAADSBRIEF_BUNDLE_DIR === "string" ? RAADSBRIEF_BUNDLE_DIR : undefined;
}

/** The chart worker's entry: its bundled copy, or a file that loads the TypeScript source. */
export function chartWorkerUrl(): URL {
  const dir = bundleDir();
  return dir ? pathToFileURL(path.join(dir, "render-worker.mjs")) : new URL("../charts/render-worker-entry.mjs", import.meta.url);
}

/** The PDF finishing worker's entry (pdf/finishers.ts): its bundled copy, or a file that loads the TypeScript source. */
export function pdfFinishWorkerUrl(): URL {
  const dir = bundleDir();
  return dir ? pathToFileURL(path.join(dir, "finish-worker.mjs")) : new URL("../pdf/finish-worker-entry.mjs", import.meta.url);
}
