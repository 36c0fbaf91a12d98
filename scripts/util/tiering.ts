// When V8 compiles a function with its optimizing compiler (TurboFan): after the
// function has run bytecode worth this "interrupt budget" (V8's default: 67,584). A
// cold build is short and runs much code only lukewarm (Eleventy, Puppeteer, pdf-lib's
// parser, Vega's dataflow), three isolates each compiling their own: at 120 letters
// ~3 CPU-s went to TurboFan in V8's own threads (with --no-opt ~3 CPU-s fewer there,
// but the PDF finishing worker alone ran ~6 CPU-s longer). Four times the budget
// leaves the lukewarm code to the baseline tiers, and the hot loops are compiled a
// little later: ~1,3 CPU-s and ~0,7 s fewer at 120 letters cold; eight times cost more
// than it saved (README, Performance). The same code and bytes, only compiled at
// other moments. https://v8.dev/blog/sparkplug explains the tiers.
// Only for a build that renders many letters, set once it knows that (pipeline/build.ts):
// a changed flag also makes V8 refuse Node's own code cache of its built-in modules,
// which a thread then compiles from source (~3× the time to load them), so a
// one-letter rebuild, which starts three threads and runs ~1 s, got ~0,08 s slower.
import { setFlagsFromString } from "node:v8";

/** Bytecode a function runs before V8 considers optimizing it: 4 × V8's default. */
export const INTERRUPT_BUDGET = 4 * 67_584;

/** Builds that render at least this many letters optimize later (a one-letter rebuild does not). */
export const DELAY_OPTIMIZATION_FROM = 20;

/**
 * Sets the budget for this process, all its threads. V8 reads the flag each time it
 * (re)sets a function's budget, so functions compiled from now on follow it. The code
 * caches of our bundle are kept per set of flags (cli/run-cached.mjs).
 */
export function delayOptimization(budget: number = INTERRUPT_BUDGET): void {
  if (!Number.isInteger(budget) || budget < 1) throw new RangeError(`interrupt budget: ${budget}`);
  setFlagsFromString(`--interrupt-budget=${budget}`);
}
