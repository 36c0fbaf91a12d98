// The build's heap growth (util/heap.ts): with limitHeapGrowth() a process that keeps
// ~60–90 MB alive while it makes garbage keeps its heap near that live set; without it V8
// (on a machine with room) lets the heap grow to several times the live set. Each runs
// in a fresh Node process: the flag is process-wide.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { getHeapStatistics } from "node:v8";
import { describe, expect, it } from "vitest";

const HEAP_TS = pathToFileURL(path.resolve(import.meta.dirname, "../../scripts/util/heap.ts")).href;
const MIB = 1024 * 1024;

/**
 * Peak heap size (MiB) of a fresh process that keeps ~60 MB alive (and a round's ~25 MB
 * while it is made) and makes ~1 GB of garbage, much of it old enough to be promoted.
 */
function peakHeapMiB(limit: boolean): number {
  const script = `
    import v8 from "node:v8";
    ${limit ? `(await import(${JSON.stringify(HEAP_TS)})).limitHeapGrowth();` : ""}
    const live = [];
    for (let i = 0; i < 200000; i++) live.push({ a: "x".repeat(20) + i, b: [i, i + 1, i + 2] });
    let peak = 0;
    for (let round = 0; round < 30; round++) {
      const garbage = [];
      for (let i = 0; i < 100000; i++) garbage.push({ s: "y".repeat(30) + i, n: [i, i] });
      live.push(garbage.slice(0, 500));
      peak = Math.max(peak, v8.getHeapStatistics().total_heap_size);
    }
    console.log(peak, live.length);`;
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  return Number(run.stdout.trim().split(" ")[0]) / MIB;
}

describe("heap growth (util/heap.ts)", () => {
  it("keeps the heap near the live set", () => {
    // Measured: ~150 MiB (up to ~90 MB live, plus the young generation's 32 MiB).
    expect(peakHeapMiB(true)).toBeLessThan(210);
  });

  // The control: the same process without the limit, where V8 may grow the heap up to 4×
  // (only when its heap limit is at least 2 GiB, i.e. the machine has room).
  it.runIf(getHeapStatistics().heap_size_limit >= 2048 * MIB)("grows far past it without the limit (control)", () => {
    // Measured: 330–390 MiB.
    expect(peakHeapMiB(false)).toBeGreaterThan(260);
  });
});

describe("collectGarbage (util/heap.ts)", () => {
  it("frees at once what is no longer reachable, in a process started without --expose-gc", () => {
    // ~100 MB kept alive long enough to reach the old generation, then let go: V8 would
    // leave it until its next full collection, which an idle process does not start.
    const script = `
      import v8 from "node:v8";
      const { collectGarbage } = await import(${JSON.stringify(HEAP_TS)});
      let pages = [];
      for (let i = 0; i < 400000; i++) pages.push({ html: "<p>" + "x".repeat(200) + i + "</p>" });
      await new Promise((resolve) => setTimeout(resolve, 50));
      pages = null;
      const before = v8.getHeapStatistics().used_heap_size;
      collectGarbage();
      const after = v8.getHeapStatistics().used_heap_size;
      console.log(before, after, typeof globalThis.gc);`;
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const [before, after, globalGc] = run.stdout.trim().split(" ");
    expect(Number(before) / MIB).toBeGreaterThan(90);
    expect(Number(after) / MIB).toBeLessThan(40);
    // The build's own global scope gets no gc().
    expect(globalGc).toBe("undefined");
  });
});
