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
import { isAscii } from "node:buffer";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import { isMainThread, parentPort, threadId } from "node:worker_threads";

/** A worker thread may be ended (terminate()) at any time: it saves its cache this long after its first job came. */
const SAVE_AFTER_MS = 1000;

/** The cache file of a bundle file. */
export const cacheFileOf = (file) => `${file}.v8-cache`;

/**
 * Runs `file` (CommonJS, prepared by cli/bundle.mjs) as Node would require it, its
 * compiled code taken from its cache file when V8 accepts it. Returns whether it did
 * (for the tests).
 */
export function runCached(file) {
  const cacheFile = cacheFileOf(file);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet: this run makes it.
  }
  // The file is one function expression (cli/bundle.mjs: prepareForCache), ASCII when it
  // could be made so: then read as a one-byte string, half the memory of UTF-16.
  const bytes = readFileSync(file);
  const source = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  const script = new vm.Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const used = cachedData !== undefined && !script.cachedDataRejected;
  if (!used) whenDone(() => save(script, cacheFile));
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
      if (code === 0) write();
    });
  } else {
    parentPort?.once("message", () => setTimeout(write, SAVE_AFTER_MS).unref());
  }
}

/** Writes the cache whole or not at all (a rename), never half a file; failures are ignored. */
function save(script, cacheFile) {
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
