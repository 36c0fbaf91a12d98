// Raadsbrief's commands run from one bundle of this code (cli/launch.mjs) rather
// than through tsx's TypeScript loader: the loader costs ~1 s at every start. One
// place must find a file the bundle made instead of the sources: the chart worker.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { TOOL_DIR } from "../site/paths.ts";

const BUNDLE_DIR = Symbol.for("raadsbrief.bundleDir");

/** The folder of the running bundle; undefined when the sources run under tsx (tests, tools). */
function bundleDir(): string | undefined {
  return (globalThis as Record<symbol, string | undefined>)[BUNDLE_DIR];
}

/** The chart worker's entry: its bundled copy, or a file that loads the TypeScript source. */
export function chartWorkerUrl(): URL {
  const dir = bundleDir();
  return dir ? pathToFileURL(path.join(dir, "render-worker.mjs")) : new URL("../charts/render-worker-entry.mjs", import.meta.url);
}
