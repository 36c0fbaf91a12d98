// Types of run-cached.mjs, which stays plain JavaScript: the bundle's entries run it before any TypeScript can run.

/** The V8 code cache file of a bundle file, for this thread's V8 flags as they are now. */
export function cacheFileOf(file: string): string;
/** V8's defaults of the flags a build changes as it runs, put back before the main thread writes its cache. */
export declare const RUN_FLAGS: readonly string[];
/** Runs a CommonJS file of the bundle with its code cache; true when V8 took the cache. */
export function runCached(file: string): boolean;
