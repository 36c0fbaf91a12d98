// Runs one CommonJS file of the bundle (cli/bundle.mjs) with a V8 code cache beside
// it, so a command or worker thread does not compile the same megabytes of JavaScript
// at every start. Node 20 has no compile cache of its own (module.enableCompileCache
// came with Node 22), and V8's cache is only offered for scripts (vm.Script's
// cachedData), not for ES modules: that is why the bundle is CommonJS.
// https://nodejs.org/docs/latest-v20.x/api/vm.html#scriptcreatecacheddata
//
// The cache holds what a run compiled, and is made when there was none or V8 refused
// it (another V8 version or other flags): in the main thread at the end of a run that
// succeeded, in a worker thread SAVE_AFTER_MS after its first job came (it may be
// terminated without an end). Only a successful run: the first one after a code
// update is then a full build (the build's fingerprint includes the code), whose cache
// holds everything a later one-letter rebuild uses, not the few functions of a build
// that refused its input. It is an optimisation only: a missing, damaged or foreign
// cache file is ignored (V8 checks its version, flags and the source's hash) and made
// again; a failure to write it is ignored too.
//
// One cache file per set of V8 flags (v8.cachedDataVersionTag(): V8's version, flags and
// CPU features), because V8 accepts a cache only under the flags it was made with, and
// a build changes flags as it runs (util/tiering.ts, util/heap.ts): a worker thread
// started after that would otherwise refuse the file an earlier build wrote, and
// overwrite it with one the next build refuses in turn. The name is taken when the
// cache is read and again when it is written, each under the flags of that moment. The
// main thread writes its cache as the process ends: it first puts back V8's defaults of
// the flags a build changes (RUN_FLAGS), so the cache is the one the next start, with
// those defaults, looks for. A worker thread whose flags changed after it started writes
// none: it would fit only a thread started under the new flags, and its successor starts
// under the old ones.
import { isAscii } from "node:buffer";
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import { cachedDataVersionTag, setFlagsFromString } from "node:v8";
import { isMainThread, parentPort, threadId } from "node:worker_threads";

/** A worker thread may be ended (terminate()) at any time: it saves its cache this long after its first job came. */
const SAVE_AFTER_MS = 1000;

/**
 * V8 flags a build changes as it runs, with V8's defaults (Node 20: `node --v8-options`):
 * util/tiering.ts and util/heap.ts. A new one belongs here too (tests/unit/run-cached.test.ts
 * sets them all and checks that these put V8 back as it started); one left out would only
 * cost speed (the next start would not find its cache and compile everything again).
 */
export const RUN_FLAGS = [
  "--interrupt-budget=67584",
  "--max-inlined-bytecode-size=460",
  "--max-inlined-bytecode-size-cumulative=920",
  "--heap-growing-percent=0",
  "--no-expose-gc",
];

/** The cache file of a bundle file, for this thread's V8 flags as they are now. */
export const cacheFileOf = (file) => `${file}.${cachedDataVersionTag().toString(16)}.v8-cache`;

/**
 * Runs `file` (CommonJS, prepared by cli/bundle.mjs) as Node would require it, its
 * compiled code taken from its cache file when V8 accepts it. Returns whether it did
 * (for the tests).
 */
export function runCached(file) {
  let cachedData;
  try {
    cachedData = readFileSync(cacheFileOf(file));
  } catch {
    // No cache yet: this run makes it.
  }
  // The file is one function expression (cli/bundle.mjs: prepareForCache), ASCII when it
  // could be made so: then read as a one-byte string, half the memory of UTF-16.
  const bytes = readFileSync(file);
  const source = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  const script = new vm.Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const used = cachedData !== undefined && !script.cachedDataRejected;
  if (!used) {
    const tag = cachedDataVersionTag();
    whenDone(() => save(script, file, tag));
  }
  const module = new Module(file, null);
  module.filename = file;
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file), importModule);
  return used;
}

/**
 * What the bundle's import() calls (cli/bundle.mjs rewrites them): V8 loses a script's
 * dynamic-import callback when its code comes from the cache (Node 20: "A dynamic import
 * callback was not specified"), so the bundle imports through this module instead.
 * The specifiers are packages in node_modules and absolute file URLs.
 */
const importModule = (specifier) => import(specifier);

/**
 * Calls `write` once: when the main thread ends with exit code 0; in a worker thread
 * SAVE_AFTER_MS after its first message (its first job), so that the cache holds the
 * job's code too, not only the loading (a chart worker of a build whose charts all
 * come from the chart cache gets no job, and makes no cache).
 */
function whenDone(write) {
  if (isMainThread) {
    process.once("exit", (code) => {
      if (code !== 0) return;
      // Only exit handlers run after this: the flags may go back to their defaults (RUN_FLAGS).
      for (const flag of RUN_FLAGS) setFlagsFromString(flag);
      write();
    });
  } else {
    parentPort?.once("message", () => setTimeout(write, SAVE_AFTER_MS).unref());
  }
}

/** A temporary cache file this old was left by a thread ended while it wrote (terminate() lets the write finish, not the rename). */
const STALE_TMP_MS = 60_000;

/**
 * Writes the cache whole or not at all (a rename), never half a file; failures are
 * ignored. Only under the flags `file` was compiled with (`tag`), see above. Removes
 * the temporary files of `file`'s caches that threads ended mid-save left behind.
 */
function save(script, file, tag) {
  if (cachedDataVersionTag() !== tag) return;
  removeStaleTemporaries(file);
  const cacheFile = cacheFileOf(file);
  const tmp = `${cacheFile}.tmp-${process.pid}-${threadId}`;
  try {
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Left for no one to read: a tmp name is never taken for a cache.
    }
  }
}

function removeStaleTemporaries(file) {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  try {
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(prefix) || !name.includes(".v8-cache.tmp-")) continue;
      const tmp = path.join(dir, name);
      if (Date.now() - statSync(tmp).mtimeMs > STALE_TMP_MS) rmSync(tmp, { force: true });
    }
  } catch {
    // Another thread removed it first, or the folder cannot be read: the next save tries again.
  }
}
