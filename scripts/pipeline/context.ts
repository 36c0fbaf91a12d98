// The build's context: made once per build (createBuildContext), passed to every step
// (pipeline/steps/), to the Eleventy plugin (through its options), the shortcodes and
// the renderers. It holds what the build was asked for, where it may write, its chart
// renderer and its Chromium, its caches, progress and timings. Nothing about a build
// lives in module-level state, so two builds can run side by side in one process.
import path from "node:path";
import { ChartRenderer } from "../charts/render.ts";
import { Chromium } from "../pdf/browser.ts";
import { TOOL_DIR } from "../site/paths.ts";
import { BuildFolder, resolveOutputDir } from "./output.ts";
import { DEFAULT_TIME_LIMITS, type TimeLimits } from "./time-limits.ts";
import { cacheDir, type InputsFingerprint } from "./up-to-date.ts";

export interface BuildOptions {
  root: string;
  /** Output folder, relative to root or absolute. Default "_site". */
  outDir?: string;
  pdf?: boolean;
  /** Print only these letters' PDFs (input paths); others only if archived. For publishing. */
  pdfOnly?: ReadonlySet<string>;
  /** The letter being published: sent and frozen, not yet archived (scripts/archive/publish.ts). */
  publishing?: string;
  /**
   * Concept letters too (the preview, `--met-concepten`), each with its CONCEPT banner
   * and watermark. Default: the public site, without them (site/concepts.ts).
   */
  concepts?: boolean;
  /** Called as work gets done, for progress display. */
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Reuse chart SVGs and PDFs from <root>/.cache/raadsbrief/ when what they are
   * made from is unchanged (default true). The output is the same either way.
   */
  cache?: boolean;
  /** Called when a PDF failed once and is printed again (Dutch message). */
  onRetry?: (message: string) => void;
  /**
   * Render charts beside Eleventy and fill them into the written pages (default
   * true), or inside Eleventy's run. Same output; false is for the test that says so.
   */
  deferCharts?: boolean;
  /**
   * The inputs as hashed before they were read (up-to-date.ts). With it, the build
   * keeps what the last build to the same folder made from unchanged inputs
   * (incremental.ts) and is remembered for the next; without it, it renders everything.
   */
  fingerprint?: InputsFingerprint;
  /** Time limit per step (time-limits.ts); default DEFAULT_TIME_LIMITS. */
  timeLimits?: TimeLimits;
}

export interface ProgressEvent {
  phase: "html" | "pdf";
  done: number;
  total: number;
}

export interface BuildContext {
  readonly options: BuildOptions;
  /** The project's folder (data/, content/, archive/), absolute. */
  readonly root: string;
  /** The output folder, checked to be the tool's alone (output.ts). */
  readonly out: string;
  /** The temporary folder the build writes into, swapped in whole at the end. */
  readonly folder: BuildFolder;
  /** <root>/.cache/raadsbrief/, or undefined when the build must not use caches. */
  readonly cache: string | undefined;
  readonly limits: TimeLimits;
  /** This build's charts: its disk cache, deferred charts and worker threads. */
  readonly charts: ChartRenderer;
  /** This build's Chromium, started when first asked for. */
  readonly chromium: Chromium;
  readonly progress: (event: ProgressEvent) => void;
  readonly onRetry: (message: string) => void;
  /** Seconds per step, filled in as the steps finish. */
  readonly timings: Record<string, number>;
  /** CPU seconds per worker pool (e.g. "pdfFinishing"), where the build can tell (util/cpu-time.ts). */
  readonly cpu: Record<string, number>;
  /** When build() started (performance.now()), for BuildResult.seconds: without the CLI's check before it. */
  started: number;
}

/**
 * The context of one build. Refuses, before anything is read or written, an output
 * folder that is not the tool's alone (output.ts). Its chart workers and Chromium
 * start only when asked for (the CLI starts them early); closeBuildContext ends them.
 */
export function createBuildContext(options: BuildOptions): BuildContext {
  const root = path.resolve(options.root);
  const out = resolveOutputDir({ root, toolDir: TOOL_DIR }, options.outDir ?? "_site");
  const cache = options.cache === false ? undefined : cacheDir(root);
  const charts = new ChartRenderer({ cacheDir: cache ? path.join(cache, "grafieken") : null, defer: options.deferCharts !== false });
  // Worker threads allowed; the first starts with the first chart not in the cache (the CLI starts it earlier).
  charts.startWorkers(undefined, false);
  return {
    options,
    root,
    out,
    folder: new BuildFolder(out),
    cache,
    limits: options.timeLimits ?? DEFAULT_TIME_LIMITS,
    charts,
    chromium: new Chromium(),
    progress: options.onProgress ?? (() => {}),
    onRetry: options.onRetry ?? (() => {}),
    timings: {},
    cpu: {},
    started: performance.now(),
  };
}

/** Ends what the build started: its chart workers, and its Chromium (a remote one: disconnects). */
export async function closeBuildContext(context: BuildContext): Promise<void> {
  context.charts.close();
  await context.chromium.close();
}

/** Records the seconds a step took since `since` (performance.now()). */
export function lap(context: BuildContext, name: string, since: number): void {
  context.timings[name] = (performance.now() - since) / 1000;
}
