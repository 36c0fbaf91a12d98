// "Nothing changed": when every input of a full build (data/, content/, archive/,
// the templates, the tool's own code and packages, the browser) is byte for byte
// what the last successful build to the same folder used, and that folder is still
// exactly what it wrote, building again would produce the same files. Then
// `npm run build` says so instead of spending seconds proving it.
//
// Deliberately light: no YAML, Eleventy or Puppeteer is loaded to decide this.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { browserSetting } from "../pdf/executable.ts";
import { TOOL_DIR, templatesDir } from "../site/paths.ts";
import { filesUnder, hashTree } from "../util/files.ts";

/** Everything Raadsbrief keeps between builds; safe to delete. */
export const CACHE_DIR = path.join(".cache", "raadsbrief");

export interface BuildState {
  /** Hash of every input (see inputsKey). */
  key: string;
  outDir: string;
  /** Every file in outDir: site-relative path → [size, mtime in ms]. */
  outputs: Record<string, [number, number]>;
  letters: number;
  pdfs: number;
  warnings: number;
  /** The warnings as the build printed them. */
  warningsText: string;
}

export function cacheDir(root: string): string {
  return path.join(root, CACHE_DIR);
}

/** SHA-256 over the contents of every input of a full build to outDir. */
export function inputsKey(root: string, outDir: string): string {
  const hash = createHash("sha256");
  hash.update(`${process.version}\0${outDir}\0${browserSetting()}\0`);
  for (const file of [".eleventy.ts", "package.json", "package-lock.json"]) {
    const full = path.join(TOOL_DIR, file);
    if (existsSync(full)) hash.update(`${file}\0`).update(readFileSync(full));
  }
  for (const dir of [path.join(TOOL_DIR, "scripts"), templatesDir(root)]) {
    hashTree(hash.update(`\0${dir}\0`), dir);
  }
  for (const sub of ["data", "content", "archive"]) {
    hashTree(hash.update(`\0${sub}\0`), path.join(root, sub));
  }
  return hash.digest("hex");
}

function outputs(outDir: string): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const file of filesUnder(outDir)) {
    const st = statSync(file);
    out[path.relative(outDir, file)] = [st.size, st.mtimeMs];
  }
  return out;
}

/** One record per output folder: `npm run build` and a build with --uit elsewhere do not forget each other. */
function stateFile(root: string, outDir: string): string {
  return path.join(cacheDir(root), "builds", `${createHash("sha256").update(outDir).digest("hex").slice(0, 16)}.json`);
}

/** The last build's summary when building again would change nothing; otherwise undefined. */
export function upToDate(root: string, outDir: string, key: string): BuildState | undefined {
  let state: BuildState;
  try {
    state = JSON.parse(readFileSync(stateFile(root, outDir), "utf8")) as BuildState;
  } catch {
    return undefined; // never built here, or the cache was deleted
  }
  if (state.outDir !== outDir || !existsSync(outDir)) return undefined;
  if (state.key !== key) return undefined;
  // The folder must still be exactly what that build wrote: nothing added, removed or touched.
  const now = outputs(outDir);
  const paths = Object.keys(state.outputs);
  if (Object.keys(now).length !== paths.length) return undefined;
  for (const p of paths) {
    const a = now[p];
    const b = state.outputs[p]!;
    if (!a || a[0] !== b[0] || a[1] !== b[1]) return undefined;
  }
  return state;
}

/** Remembers a successful full build; `key` is inputsKey() taken before the build read its input. */
export function recordBuild(root: string, state: Omit<BuildState, "outputs">): void {
  const file = stateFile(root, state.outDir);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ ...state, outputs: outputs(state.outDir) }));
    renameSync(tmp, file);
  } catch {
    // Only the next build gets slower.
  }
}

/** Forgets the last build to outDir: another build is about to replace that folder. */
export function forgetBuild(root: string, outDir: string): void {
  rmSync(stateFile(root, outDir), { force: true });
}
