// The bundle's files run with a V8 code cache (scripts/cli/run-cached.mjs), prepared for
// it by prepareForCache (scripts/cli/bundle.mjs): import() through the runner, ASCII.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { CACHED_WRAPPER, prepareForCache } from "../../scripts/cli/bundle.mjs";
import { cacheFileOf } from "../../scripts/cli/run-cached.mjs";
import { ROOT, tempDir } from "../helpers.ts";

const RUNNER = pathToFileURL(path.join(ROOT, "scripts", "cli", "run-cached.mjs")).href;

/** Runs `file` through runCached in a fresh Node (in a worker thread with `inWorker`); its output and whether the cache was used. */
function run(file: string, inWorker = false, env: Record<string, string> = {}, v8Flag?: string): { used: boolean; out: string } {
  // With `v8Flag`, set before the file is compiled, as in a worker a build starts after it changed a flag.
  const flag = v8Flag ? `(await import("node:v8")).setFlagsFromString(${JSON.stringify(v8Flag)}); ` : "";
  const main = `${flag}import(${JSON.stringify(RUNNER)}).then(({ runCached }) => console.log("used=" + runCached(${JSON.stringify(file)})));`;
  // A worker gets its first job after 0,1 s (unless `idle`) and is terminated after 1,5 s.
  const code = inWorker
    ? `import { Worker } from "node:worker_threads"; const w = new Worker(${JSON.stringify(main)}, { eval: true }); ${env.IDLE ? "" : 'setTimeout(() => w.postMessage("klus"), 100);'} setTimeout(() => w.terminate(), 1500);`
    : main;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", env: { ...process.env, ...env } });
  return { used: out.includes("used=true"), out };
}

/** A CommonJS file like the bundle's: it uses require, module and (rewritten) import(). */
function bundleFile(dir: string): string {
  const file = path.join(dir, "entry.cjs");
  writeFileSync(
    file,
    [
      'const os = require("node:os");',
      "async function later() { return (await import(\"node:path\")).sep; }",
      'module.exports = later().then((sep) => console.log("sep=" + sep + " cpus=" + (os.cpus().length > 0)));',
      "if (process.env.MISLUKT) process.exitCode = 1;",
      "",
    ].join("\n"),
  );
  prepareForCache(file);
  return file;
}

describe("runCached", () => {
  it("makes the cache at the end of a run and uses it in the next; import() works from cached code", () => {
    const file = bundleFile(tempDir());
    const first = run(file);
    expect(first.used).toBe(false);
    expect(first.out).toContain("sep=/ cpus=true");
    expect(existsSync(cacheFileOf(file))).toBe(true);
    const second = run(file);
    expect(second.used).toBe(true);
    // Node 20 loses the dynamic-import callback of cached code: this needs the rewrite.
    expect(second.out).toContain("sep=/ cpus=true");
  });

  it("removes a temporary cache file a thread ended mid-save left behind, not one being written now", () => {
    const dir = tempDir();
    const file = bundleFile(dir);
    // terminate() lets a worker's write finish but not its rename: such a file stays.
    const stale = `${file}.0123abcd.v8-cache.tmp-111-2`;
    const fresh = `${file}.0123abcd.v8-cache.tmp-222-3`;
    const other = path.join(dir, "ander.cjs.0123abcd.v8-cache.tmp-111-2");
    for (const f of [stale, fresh, other]) writeFileSync(f, "half");
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(stale, twoMinutesAgo, twoMinutesAgo);
    utimesSync(other, twoMinutesAgo, twoMinutesAgo);
    run(file);
    expect(existsSync(cacheFileOf(file))).toBe(true);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    // Another file's temporaries are that file's save to clean.
    expect(existsSync(other)).toBe(true);
  });

  it("makes no cache from a run that failed (its cache would hold only the way to its failure)", () => {
    const file = bundleFile(tempDir());
    expect(() => run(file, false, { MISLUKT: "1" })).toThrow();
    expect(existsSync(cacheFileOf(file))).toBe(false);
    expect(run(file).used).toBe(false);
    expect(run(file).used).toBe(true);
  });

  it("ignores a damaged cache, runs the code and makes the cache again", () => {
    const file = bundleFile(tempDir());
    writeFileSync(cacheFileOf(file), Buffer.from("geen cache, maar rommel van een half geschreven bestand"));
    const run1 = run(file);
    expect(run1.used).toBe(false);
    expect(run1.out).toContain("sep=/ cpus=true");
    expect(run(file).used).toBe(true);
  });

  it("runs, and says nothing, when its cache cannot be read or written (a folder in its place)", () => {
    const file = bundleFile(tempDir());
    mkdirSync(cacheFileOf(file));
    const r = run(file);
    expect(r.used).toBe(false);
    expect(r.out.trim()).toBe("used=false\nsep=/ cpus=true");
    expect(readdirSync(path.dirname(file)).sort()).toEqual(["entry.cjs", path.basename(cacheFileOf(file))]);
  });

  it("makes a stale cache again after the code changed, never runs the old code", () => {
    const dir = tempDir();
    const file = bundleFile(dir);
    run(file);
    writeFileSync(file, readFileSync(file, "utf8").replace('"sep="', '"scheidingsteken="'));
    const changed = run(file);
    expect(changed.out).toContain("scheidingsteken=/");
    expect(changed.used).toBe(false);
    expect(run(file).used).toBe(true);
  });

  it("saves a worker thread's cache after its first job, before it is terminated; not one that got no job", () => {
    const dir = tempDir();
    const file = path.join(dir, "worker.cjs");
    writeFileSync(file, 'require("node:worker_threads").parentPort.on("message", () => {});\n');
    prepareForCache(file);
    expect(run(file, true, { IDLE: "1" }).used).toBe(false);
    expect(existsSync(cacheFileOf(file))).toBe(false);
    expect(run(file, true).used).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["worker.cjs", path.basename(cacheFileOf(file))]);
    expect(run(file, true).used).toBe(true);
  });
});

describe("runCached under other V8 flags", () => {
  // A build changes V8 flags as it runs (util/tiering.ts, util/heap.ts); its worker
  // threads started afterwards compile under the new flags, and V8 refuses a cache made
  // under other ones. One file per set of flags: neither kind of run spoils the other's.
  it("keeps a worker thread's cache per set of V8 flags, each used again by a worker under those flags", () => {
    const dir = tempDir();
    const file = path.join(dir, "worker.cjs");
    writeFileSync(file, 'require("node:worker_threads").parentPort.on("message", () => {});\n');
    prepareForCache(file);
    const delayed = "--interrupt-budget=270336";
    expect(run(file, true, {}, delayed).used).toBe(false);
    expect(run(file, true).used).toBe(false);
    expect(run(file, true, {}, delayed).used).toBe(true);
    expect(run(file, true).used).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith(".v8-cache"))).toHaveLength(2);
  });

  it("makes no cache in a worker thread whose flags changed after it started", () => {
    const dir = tempDir();
    const file = path.join(dir, "worker.cjs");
    // Its first job changes a flag, as a build does while its chart worker runs (util/tiering.ts).
    writeFileSync(file, 'require("node:worker_threads").parentPort.on("message", () => require("node:v8").setFlagsFromString("--interrupt-budget=270336"));\n');
    prepareForCache(file);
    expect(run(file, true).used).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith(".v8-cache"))).toEqual([]);
  });

  it("knows every flag the build changes: RUN_FLAGS puts V8 back as it started", () => {
    // What the build calls (util/tiering.ts, util/heap.ts), then what the main thread does
    // before it writes its cache; the cache's compatibility tag must be the start's again.
    const util = (name: string) => JSON.stringify(pathToFileURL(path.join(ROOT, "scripts", "util", name)).href);
    const script = `
      import v8 from "node:v8";
      const started = v8.cachedDataVersionTag();
      (await import(${util("tiering.ts")})).delayOptimization();
      const heap = await import(${util("heap.ts")});
      heap.limitHeapGrowth();
      heap.collectGarbage();
      const changed = v8.cachedDataVersionTag();
      const { RUN_FLAGS } = await import(${JSON.stringify(RUNNER)});
      for (const flag of RUN_FLAGS) v8.setFlagsFromString(flag);
      console.log(JSON.stringify({ started, changed, restored: v8.cachedDataVersionTag() }));`;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    const { started, changed, restored } = JSON.parse(out.trim()) as { started: number; changed: number; restored: number };
    expect(changed).not.toBe(started);
    expect(restored).toBe(started);
  });

  it("makes the main thread's cache for the next start, also when the run changed V8's flags", () => {
    const dir = tempDir();
    const file = path.join(dir, "entry.cjs");
    // As a build does (util/tiering.ts, util/heap.ts): flags changed while it runs.
    writeFileSync(file, 'const v8 = require("node:v8"); v8.setFlagsFromString("--interrupt-budget=270336"); v8.setFlagsFromString("--heap-growing-percent=30"); v8.setFlagsFromString("--expose-gc");\n');
    prepareForCache(file);
    expect(run(file).used).toBe(false);
    expect(run(file).used).toBe(true);
  });
});

describe("prepareForCache", () => {
  it("rewrites the import() calls of the code, not the words in strings, comments or a regular expression", () => {
    const file = path.join(tempDir(), "code.cjs");
    const source = [
      "// import(\"comment\")",
      'const message = "Trailing comma is not allowed in import()";',
      "const re = /import\\(/;",
      'const a = () => import("pagefind");',
      "const b = (u) => import(u, { with: { type: \"json\" } });",
      "const c = `import(${1})`;",
      "",
    ].join("\n");
    writeFileSync(file, source);
    prepareForCache(file);
    const body = source.replace('import("pagefind")', '__raadsbriefImport("pagefind")').replace("import(u,", "__raadsbriefImport(u,");
    expect(readFileSync(file, "utf8")).toBe(CACHED_WRAPPER[0] + body + CACHED_WRAPPER[1]);
  });

  it("makes comments, strings and patterns ASCII without changing what the code does", () => {
    const dir = tempDir();
    const file = path.join(dir, "tekens.cjs");
    writeFileSync(
      file,
      [
        "// Een opmerking … met ‘tekens’ 😀",
        'const s = "é\\é😀";',
        "const re = /^[¶§]+\\¶(?:😀)$/;",
        "const u = /^\\u{1F600}😀[é-ë]$/u;",
        "const slash = /\\\\¶/;",
        'console.log(JSON.stringify([s, re.test("¶§¶😀"), u.test("😀😀ê"), slash.test("\\\\¶"), s.length]));',
        "",
      ].join("\n"),
    );
    const expected = execFileSync(process.execPath, [file], { encoding: "utf8" });
    expect(JSON.parse(expected)).toEqual(["éé😀", true, true, true, 4]);
    prepareForCache(file);
    expect(readFileSync(file).every((b) => b < 0x80)).toBe(true);
    expect(run(file).out).toContain(expected.trim());
    expect(run(file).out).toContain(expected.trim()); // from the cache
  });
});
