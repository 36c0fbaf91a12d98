// Types of bundle.mjs, which stays plain JavaScript: launch.mjs runs it before any TypeScript can run.
import type { BuildOptions } from "esbuild";

export const COMMANDS: readonly string[];
/** Bundles scripts/ into target, with esbuild or a stand-in for its build() and stop(). */
export function makeBundle(target: string, esbuild?: { build(options: BuildOptions): Promise<unknown>; stop(): Promise<void> }): Promise<void>;
/** The folder of the bundle for the current sources, made first if there is none. */
export function ensureBundle(command: string): Promise<string>;
