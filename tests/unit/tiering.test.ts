// When V8 optimizes (util/tiering.ts): with delayOptimization() a function is compiled
// by TurboFan only after four times the work V8 waits for by default. Each run is a
// fresh Node process (the flag is process-wide) that reports, with --trace-opt, whether
// V8 marked the function for optimization.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const TIERING_TS = pathToFileURL(path.resolve(import.meta.dirname, "../../scripts/util/tiering.ts")).href;

/** Whether V8 marked `hot` for optimization after it ran `calls` times. */
function markedAfter(calls: number, delayed: boolean): boolean {
  const script = `
    ${delayed ? `(await import(${JSON.stringify(TIERING_TS)})).delayOptimization();` : ""}
    function hot(x) { return (x * 31 + 7) % 1009; }
    let sum = 0;
    for (let i = 0; i < ${calls}; i++) sum += hot(i);
    console.log("sum", sum);`;
  // Without on-stack replacement: the loop, compiled while it runs, would inline `hot`
  // at a moment that depends on the compiler thread, and `hot` would then stop counting.
  const run = spawnSync(process.execPath, ["--trace-opt", "--no-use-osr", "--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain("sum ");
  return /marking \S+ <JSFunction hot /.test(run.stdout);
}

describe("delayOptimization (util/tiering.ts)", () => {
  it("optimizes a function only after four times V8's usual work", () => {
    // Measured: marked after 4,000–6,000 calls by default, after 18,000–22,000 with the
    // delay. 10,000 lies between the two.
    expect(markedAfter(10_000, false)).toBe(true);
    expect(markedAfter(10_000, true)).toBe(false);
    // Still optimized, later.
    expect(markedAfter(200_000, true)).toBe(true);
  });

  it("refuses a budget that is not a positive whole number", async () => {
    const { delayOptimization } = await import("../../scripts/util/tiering.ts");
    expect(() => delayOptimization(0)).toThrow(RangeError);
    expect(() => delayOptimization(1.5)).toThrow(RangeError);
  });
});
