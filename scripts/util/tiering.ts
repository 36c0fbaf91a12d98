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
// What TurboFan then compiles, it compiles with a quarter of V8's inlining budget: a
// function with its callees inlined is a big graph (the audit's showText took ~30 ms a
// compilation), and most of a short build's compilations are of code that runs only a
// few seconds more. ~0,45 CPU-s and ~0,35 s fewer at 120 letters cold (four rounds);
// no inlining at all, or half the budget, were as fast, the code a little slower.
// Only for a build that renders many letters, set once it knows that (pipeline/build.ts):
// a changed flag also makes V8 refuse Node's own code cache of its built-in modules,
// which a thread then compiles from source (~3× the time to load them), so a
// one-letter rebuild, which starts three threads and runs ~1 s, got ~0,08 s slower.
import { setFlagsFromString } from "node:v8";

/** Bytecode a function runs before V8 considers optimizing it: 4 × V8's default. */
export const INTERRUPT_BUDGET = 4 * 67_584;

/** What TurboFan inlines in those builds: bytecode bytes of one callee, and of all callees of a function (¼ of V8's 460 and 920). */
export const INLINED_BYTECODE = { single: 115, cumulative: 230 };

/** Builds that render at least this many letters optimize later (a one-letter rebuild does not). */
export const DELAY_OPTIMIZATION_FROM = 20;

/**
 * Sets the budget and the inlining for this process, all its threads. V8 reads the
 * flags each time it (re)sets a function's budget and each time TurboFan starts a
 * compilation, so what is compiled from now on follows them. The code caches of our
 * bundle are kept per set of flags (cli/run-cached.mjs, whose RUN_FLAGS puts them back).
 */
export function delayOptimization(budget: number = INTERRUPT_BUDGET): void {
  if (!Number.isInteger(budget) || budget < 1) throw new RangeError(`interrupt budget: ${budget}`);
  setFlagsFromString(`--interrupt-budget=${budget}`);
  setFlagsFromString(`--max-inlined-bytecode-size=${INLINED_BYTECODE.single}`);
  setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${INLINED_BYTECODE.cumulative}`);
}
