// How far V8 lets the heap grow past what survived its last full garbage collection.
// On a machine with room V8 grows the old generation to up to 4× the live set before it
// collects again: a cold build of 1,200 letters (~330 MB live at the end of the pages,
// Eleventy holding every rendered page) peaked at ~600 MB of heap, most of the build's
// peak RSS. A fixed factor of 1.3 keeps the heap near the live set, at the cost of more
// full collections (mostly concurrent; README, Performance, Memory, has the numbers).
// 1.3 is also the most V8 allows the worker threads, whose heaps are capped (their
// resourceLimits), so they collect about as before (the flag is per process); 1.1 kept
// the build up to ~60 MiB lower but cost ~5 % more CPU at 120 letters, mostly in the
// PDF finishing worker and V8's own threads.
// It is not a limit: a bigger site gets a bigger heap, so nothing runs out of memory
// that did not before (V8's own limit stays as it is). A cap (--max-old-space-size)
// would need a second process to turn V8's fatal "heap out of memory" into a message.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * Sites with more letters than this get the smaller growth (cli/build.ts). At 120
 * letters (heap ~65 MB live) it saved ~60 MiB but cost ~1 CPU-s of collections. Their
 * printing keeps memory down too: a fresh tab more often, no spare tab
 * (pipeline/steps/printing.ts).
 */
export const LARGE_SITE_LETTERS = 200;

/** Heap growth past the live set, in percent (V8's factor 1 + p/100). */
export const HEAP_GROWING_PERCENT = 30;

/**
 * Sets V8's heap growing factor for this process (all its threads). V8 reads the flag
 * each time it sets the next collection's limit, so setting it at start-up is enough.
 */
export function limitHeapGrowth(percent: number = HEAP_GROWING_PERCENT): void {
  if (!Number.isInteger(percent) || percent < 1) throw new RangeError(`heap growing percent: ${percent}`);
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/**
 * Collects garbage now, once. After Eleventy has written the pages, everything it
 * rendered (~0.2 MB a letter) is garbage, but a build that then mostly waits for
 * Chromium allocates too little for V8 to collect it soon: at 1,200 letters the heap
 * stayed at ~360 MB (117 MB alive) for ~20 s while Chromium's tabs grew, the build's
 * memory peak. One full collection there took ~70 ms. V8 offers gc() only with
 * --expose-gc; set at run time, it is there in contexts made afterwards. Node warns
 * that changing V8's flags after start may be unpredictable
 * (https://nodejs.org/api/v8.html#v8setflagsfromstringflags); this flag changes no
 * setting V8 has read, it only adds the function (tests/unit/heap.test.ts).
 */
export function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
}
