// Types of bundle.mjs, which stays plain JavaScript: launch.mjs runs it before any TypeScript can run.
import type { BuildOptions } from "esbuild";

export const COMMANDS: readonly string[];
/** Bundles scripts/ into target, with esbuild or a stand-in for its build() and stop(). */
export function makeBundle(target: string, esbuild?: { build(options: BuildOptions): Promise<unknown>; stop(): Promise<void> }): Promise<void>;
/** The folder of the bundle for the current sources, made first if there is none. */
export function ensureBundle(command: string): Promise<string>;
/** The function a cached bundle file is: its start and its end (run-cached.mjs calls it). */
export const CACHED_WRAPPER: readonly [string, string];
/** Makes a bundle file what run-cached.mjs runs: import() through the runner, ASCII where harmless, wrapped. */
export function prepareForCache(file: string): void;
