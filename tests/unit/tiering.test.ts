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

/** Whether TurboFan inlined `mid` (162 bytes of bytecode: more than 115, less than V8's 460) into its hot caller. */
function inlinedMid(delayed: boolean): boolean {
  const script = `
    ${delayed ? `(await import(${JSON.stringify(TIERING_TS)})).delayOptimization();` : ""}
    function mid(x) {
      let y = x;
      y = (y * 31 + 7) % 1009; y = (y * 17 + 3) % 997; y = (y * 13 + 5) % 991; y = (y * 11 + 1) % 983;
      y = (y * 29 + 9) % 977; y = (y * 23 + 2) % 971; y = (y * 19 + 4) % 967; y = (y * 7 + 6) % 953;
      y = (y * 37 + 8) % 947; y = (y * 41 + 1) % 941; y = (y * 43 + 3) % 937; y = (y * 47 + 5) % 929;
      return y;
    }
    function caller(n) { let s = 0; for (let i = 0; i < n; i++) s += mid(i); return s; }
    let sum = 0;
    for (let k = 0; k < 400; k++) sum += caller(1000);
    console.log("sum", sum);`;
  const run = spawnSync(process.execPath, ["--trace-turbo-inlining", "--no-use-osr", "--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain("sum ");
  // Both runs optimize caller; only the default one inlines mid into it.
  expect(run.stdout).toMatch(/<SharedFunctionInfo mid>/);
  return /Inlining \S+ \{\S+ <SharedFunctionInfo mid>\} into/.test(run.stdout);
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

  it("inlines only small functions: a quarter of V8's inlining budget", () => {
    expect(inlinedMid(false)).toBe(true);
    expect(inlinedMid(true)).toBe(false);
  });

  it("refuses a budget that is not a positive whole number", async () => {
    const { delayOptimization } = await import("../../scripts/util/tiering.ts");
    expect(() => delayOptimization(0)).toThrow(RangeError);
    expect(() => delayOptimization(1.5)).toThrow(RangeError);
  });
});
