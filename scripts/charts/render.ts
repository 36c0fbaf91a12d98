// The one Vega renderer of the build: vega-lite spec → standalone, accessible inline SVG.
// Output is byte-identical for identical input, so it can be cached and diffed.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type * as vega from "vega";
import type { TopLevelSpec } from "vega-lite";
import { chartWorkerUrl } from "../util/bundle.ts";
import { ChartError } from "./errors.ts";
import { nlNumberLocale, nlTimeLocale } from "./locale.ts";

export { ChartError } from "./errors.ts";

export interface ChartMeta {
  id: string;
  title: string;
  description: string;
}

// Bump when the post-processing below changes, so cached SVGs are not reused.
const POSTPROCESS_VERSION = "1";
// The renderer's own code and locale are part of every cache key too: an SVG cached
// by older code must never stand in for what this code renders (cached = cold).
const CODE_HASH = createHash("sha256")
  .update(["render.ts", "locale.ts"].map((f) => readFileSync(fileURLToPath(new URL(`./${f}`, import.meta.url)), "utf8")).join("\0"))
  .digest("hex")
  .slice(0, 16);
const packageVersion = (name: string): string =>
  (JSON.parse(readFileSync(fileURLToPath(new URL(`../../node_modules/${name}/package.json`, import.meta.url)), "utf8")) as { version: string }).version;
export const RENDERER_VERSION = `vega ${packageVersion("vega")}; vega-lite ${packageVersion("vega-lite")}; raadsbrief ${POSTPROCESS_VERSION} ${CODE_HASH}`;

// Vega and Vega-Lite (vega-libs.ts; ~0.15 s to load from the bundle, more beside a
// busy build) are loaded for the first chart that is not cached: a build whose charts
// come from the cache or from the workers never loads them in its main thread.
let vegaLibs: Promise<typeof import("./vega-libs.ts")> | undefined;
const loadVega = () => (vegaLibs ??= import("./vega-libs.ts"));

// Usable unescaped in id attributes, url(#…) references and CSS selectors.
const ID_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;

const memoryCache = new Map<string, Promise<string>>();
let cacheDir: string | null = null;
let tempCounter = 0;

/** Enable (a directory) or disable (null) the on-disk cache of rendered SVGs. */
export function setChartCacheDir(dir: string | null): void {
  cacheDir = dir;
}

/** Forget rendered SVGs held in memory (for tests and long-running watch processes). */
export function clearChartMemoryCache(): void {
  memoryCache.clear();
}

// Time spent rendering, for the build's "charts" timing: wall time while at least
// one render runs (renders overlap while Eleventy awaits them; counted once).
const stats = { rendered: 0, fromDisk: 0, ms: 0 };
let active = 0;
let activeSince = 0;

async function timed<T>(work: () => Promise<T>): Promise<T> {
  if (active++ === 0) activeSince = performance.now();
  try {
    return await work();
  } finally {
    if (--active === 0) stats.ms += performance.now() - activeSince;
  }
}

/** Charts rendered and read from the disk cache, and seconds spent, since the last reset. */
export function chartStats(): { rendered: number; fromDisk: number; seconds: number } {
  return { rendered: stats.rendered, fromDisk: stats.fromDisk, seconds: stats.ms / 1000 };
}

export function resetChartStats(): void {
  Object.assign(stats, { rendered: 0, fromDisk: 0, ms: 0 });
}

// Deferred charts, for the build: renderChartSvg answers at once with a marker and
// renders in the background, so Eleventy writes every page without waiting for Vega;
// fillCharts() then puts each page's SVGs in, a letter as soon as its own charts are
// done, so its PDF prints while later letters' charts still render (a cold build of
// 120 letters: the charts' ~5 s hide behind the printing). The page is byte for byte
// what an immediate render gives (the marker is replaced by the same string; the
// scale test compares). Markers are an HTML comment, which markdown-it and Nunjucks
// pass through as they do the SVG.
const MARKER_RE = /<!--raadsbrief-grafiek:([0-9a-f]{64})-->/g;
const deferred = new Map<string, Promise<string>>();
let deferring = false;
/**
 * Whether this thread renders charts too when they pile up. Not with deferred charts:
 * then it has Eleventy and the printing to drive, and Vega in this thread would add
 * its garbage to the build's peak memory (1,200 letters: ~150 MB).
 */
let mainHelps = true;

/** Turns deferred rendering on (the build) or off, forgetting charts not yet filled in. */
export function deferCharts(on: boolean): void {
  deferring = on;
  mainHelps = !on;
  deferred.clear();
}

/** True if the page still has charts to fill in. */
export function hasChartMarkers(html: string): boolean {
  return html.includes("<!--raadsbrief-grafiek:");
}

/**
 * Replaces every deferred-chart marker in a page with its SVG, once rendered.
 * Rejects with the chart's ChartError if one of them failed.
 */
export async function fillCharts(html: string): Promise<string> {
  const keys = [...new Set(Array.from(html.matchAll(MARKER_RE), (m) => m[1]!))];
  if (keys.length === 0) return html;
  const svgs = new Map<string, string>();
  for (const key of keys) {
    const svg = deferred.get(key);
    if (!svg) throw new ChartError(key.slice(0, 12), "grafiek niet gevonden (gemaakt buiten deze build)");
    svgs.set(key, await svg);
  }
  return html.replace(MARKER_RE, (_m, key: string) => svgs.get(key)!);
}

/** Render a vega-lite spec to an SVG string fit for inline HTML. */
export function renderChartSvg(spec: TopLevelSpec, meta: ChartMeta): Promise<string> {
  if (!ID_RE.test(meta.id)) {
    return Promise.reject(
      new ChartError(meta.id, "de id moet met een letter beginnen en mag alleen letters, cijfers, '-' en '_' bevatten"),
    );
  }
  const key = cacheKey(spec, meta);
  const svg = renderByKey(key, spec, meta);
  if (!deferring) return svg;
  svg.catch(() => {}); // reported by fillCharts, for the page that needs it
  deferred.set(key, svg);
  return Promise.resolve(`<!--raadsbrief-grafiek:${key}-->`);
}

function renderByKey(key: string, spec: TopLevelSpec, meta: ChartMeta): Promise<string> {
  let result = memoryCache.get(key);
  if (!result) {
    result = timed(() => renderCached(key, spec, meta));
    memoryCache.set(key, result);
    // A failure must not be cached: the next call should try (and report) again.
    result.catch(() => memoryCache.delete(key));
  }
  return result;
}

/** SHA-256 over everything that determines the output. */
export function cacheKey(spec: TopLevelSpec, meta: ChartMeta): string {
  const payload = canonicalJson([RENDERER_VERSION, spec, { id: meta.id, title: meta.title, description: meta.description }]);
  return createHash("sha256").update(payload).digest("hex");
}

// JSON with sorted keys, so an equal spec built in another key order hashes the same.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

async function renderCached(key: string, spec: TopLevelSpec, meta: ChartMeta): Promise<string> {
  const dir = cacheDir;
  const file = dir ? path.join(dir, `${key}.svg`) : null;
  if (file) {
    try {
      const cached = await readFile(file, "utf8");
      // A truncated or emptied file (disk full, killed mid-write elsewhere) is a miss.
      if (cached.startsWith("<svg") && cached.endsWith("</svg>")) {
        stats.fromDisk++;
        return cached;
      }
    } catch (err) {
      // The cache is safe to delete: a missing or unreadable entry is just a miss.
      if ((err as NodeJS.ErrnoException).code !== "ENOENT" && (err as NodeJS.ErrnoException).code !== "EISDIR") {
        console.warn(`Waarschuwing: grafiekcache ${file} kon niet worden gelezen; de grafiek wordt opnieuw gemaakt.`);
      }
    }
  }
  const svg = postProcess(await renderSvg(spec, meta.id), meta);
  stats.rendered++;
  if (dir && file) {
    const tmp = path.join(dir, `.${key}.${process.pid}.${++tempCounter}.tmp`);
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(tmp, svg, "utf8");
      await rename(tmp, file); // atomic: readers never see a half-written SVG
    } catch {
      // Only the next build gets slower: the chart itself is fine.
      await rm(tmp, { force: true }).catch(() => undefined);
      console.warn(`Waarschuwing: grafiekcache ${file} kon niet worden geschreven.`);
    }
  }
  return svg;
}

function message(args: unknown[]): string {
  return args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
}

/** Logger that keeps errors (to fail the chart) and forwards warnings with the chart id. */
function chartLogger(id: string, errors: unknown[], warnLevel: number): vega.LoggerInterface {
  const logger: vega.LoggerInterface = {
    level(_?: number) {
      return arguments.length ? logger : warnLevel;
    },
    error(...args: unknown[]) {
      errors.push(args.find((a) => a instanceof Error) ?? new Error(message(args)));
      return logger;
    },
    warn(...args: unknown[]) {
      console.warn(`Waarschuwing bij grafiek '${id}': ${message(args)}`);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

// Worker threads for charts not in the cache: a cold build renders hundreds, and
// a Vega render is ~20 ms of CPU. Each worker has its own Vega (same output: Vega is
// deterministic and postProcess renumbers ids). One starts at once; more (up to
// the limit) when a backlog builds up, so a build with a few new charts spends no
// CPU on idle renderers. The main thread lends a hand only with a backlog (a cold
// build: it has nothing else to do while the charts are pre-rendered), so a build
// with a few new charts never loads Vega in its main thread. Off unless the build asks.
interface RenderJob {
  spec: TopLevelSpec;
  id: string;
  resolve: (svg: string) => void;
  reject: (err: unknown) => void;
  /** Workers that died while rendering it: a chart that kills one is not handed to another. */
  crashes?: number;
}
interface Slot {
  worker: Worker;
  ready: boolean;
  job?: RenderJob;
}
/** Charts waiting before another worker is started. */
const BACKLOG = 4;
let workerLimit = 0;
let workersFailed = false;
const queue: RenderJob[] = [];
const slots: Slot[] = [];
let mainBusy = false;

/**
 * Allows up to `n` chart workers (default: one per core but the one this thread
 * uses) and starts the first now (loading Vega takes ~0.8 s), or with `startNow`
 * false when the first chart comes; with 0 stops them (busy ones after their
 * chart) and renders in this thread again.
 */
export function setChartWorkers(n: number = Math.max(1, os.availableParallelism() - 1), startNow = true): void {
  workerLimit = n;
  if (n === 0) {
    for (const slot of slots.splice(0)) if (!slot.job) void slot.worker.terminate();
    return;
  }
  if (startNow && slots.length === 0 && !workersFailed) startWorker();
}

function renderSvg(spec: TopLevelSpec, id: string): Promise<string> {
  if (workerLimit === 0) return renderRaw(spec, id);
  return new Promise((resolve, reject) => {
    queue.push({ spec, id, resolve, reject });
    pump();
  });
}

function pump(): void {
  if ((slots.length === 0 || queue.length > BACKLOG) && slots.length < workerLimit && !workersFailed) startWorker();
  for (const slot of slots) {
    if (!slot.ready || slot.job || queue.length === 0) continue;
    const job = queue.shift()!;
    slot.job = job;
    try {
      slot.worker.postMessage({ spec: job.spec, id: job.id });
    } catch {
      slot.job = undefined; // not cloneable: this thread renders it
      renderRaw(job.spec, job.id).then(job.resolve, job.reject);
    }
  }
  // No worker at all (none could start), or a backlog while this thread only waits
  // for the charts: it renders too, one chart at a time.
  if (!mainBusy && queue.length > 0 && (slots.length === 0 || (queue.length > BACKLOG && mainHelps))) {
    mainBusy = true;
    const job = queue.shift()!;
    renderRaw(job.spec, job.id)
      .then(job.resolve, job.reject)
      // setImmediate: let the workers' finished charts in first. Taking the next chart
      // in a microtask would keep this thread busy until the backlog is gone while the
      // workers' messages wait (measured: 7 of 242 charts went to the worker).
      .finally(() =>
        setImmediate(() => {
          mainBusy = false;
          pump();
        }),
      );
  }
}

function startWorker(): void {
  // A small heap: a chart needs a few MB, and with V8's default limit a worker only
  // collects its garbage late, which at 1,200 letters added ~150 MB to the peak.
  const worker = new Worker(chartWorkerUrl(), { resourceLimits: { maxOldGenerationSizeMb: 192 } });
  // unref() alone does not let the process end while a worker listens for messages:
  // whoever starts workers stops them with setChartWorkers(0).
  worker.unref();
  const slot: Slot = { worker, ready: false };
  slots.push(slot);
  const drop = (error?: unknown) => {
    const i = slots.indexOf(slot);
    if (i >= 0) {
      slots.splice(i, 1);
      // A worker that never got ready will not start next time either (e.g. no TypeScript loader).
      if (!slot.ready) workersFailed = true;
    }
    const job = slot.job;
    slot.job = undefined;
    if (job) {
      job.crashes = (job.crashes ?? 0) + (error === undefined ? 0 : 1);
      // Out of memory, or a second crash: the chart itself is the cause, and would take
      // down every worker (and then this thread) in turn. Otherwise it goes back to
      // the queue, for another worker or this thread.
      if (workerOutOfMemory(error)) job.reject(new ChartError(job.id, "de grafiek had meer geheugen nodig dan een grafiekwerker mag gebruiken (192 MB); maak hem kleiner (minder reeksen, regio's of maanden)", { cause: error }));
      else if (job.crashes > 1) job.reject(new ChartError(job.id, "de grafiekwerker stopte twee keer onverwacht bij deze grafiek", { cause: error }));
      else queue.unshift(job);
    }
    pump();
  };
  worker.on("message", (msg: { ready?: true; svg?: string; error?: string }) => {
    if (msg.ready) slot.ready = true;
    else if (slot.job) {
      const job = slot.job;
      slot.job = undefined;
      if (msg.svg !== undefined) job.resolve(msg.svg);
      else job.reject(new ChartError(job.id, msg.error ?? "onbekende fout"));
      if (!slots.includes(slot)) void worker.terminate(); // stopped while busy
    }
    pump();
  });
  worker.on("error", (error) => drop(error));
  worker.on("exit", () => drop());
}

function workerOutOfMemory(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === "ERR_WORKER_OUT_OF_MEMORY";
}

/** Vega-Lite spec → Vega's raw SVG, in this thread. Exported for render-worker.ts. */
export async function renderRaw(spec: TopLevelSpec, id: string): Promise<string> {
  const { vega, compile } = await loadVega();
  const errors: unknown[] = [];
  const logger = chartLogger(id, errors, vega.Warn);
  let view: vega.View | undefined;
  try {
    const vgSpec = compile(spec, { logger }).spec;
    view = new vega.View(vega.parse(vgSpec), {
      renderer: "none",
      logger,
      logLevel: vega.Warn,
      // Per-view locale works in vega 6 (View passes {number, time} to vega-format's
      // locale()); the typings describe the formatter object instead, hence the cast.
      locale: { number: nlNumberLocale, time: nlTimeLocale } as unknown as vega.LocaleFormatters,
    });
    const svg = await view.toSVG();
    if (errors.length > 0) throw errors[0];
    return svg;
  } catch (err) {
    throw new ChartError(id, err instanceof Error ? err.message : String(err), { cause: err });
  } finally {
    view?.finalize();
  }
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * Make Vega's SVG a good inline-HTML citizen: one text alternative on the root,
 * nothing announced inside, ids unique per chart and independent of how many
 * charts this process rendered before (Vega numbers clip paths globally).
 */
export function postProcess(svg: string, meta: ChartMeta): string {
  const rootMatch = /^<svg\b([^>]*)>/.exec(svg);
  if (!rootMatch) throw new ChartError(meta.id, "Vega leverde geen SVG op");
  const rootEnd = rootMatch[0].length;
  let body = svg.slice(rootEnd);

  // Only touch markup inside tags; Vega escapes "<" and ">" in text and attribute values.
  const inTags = (re: RegExp, fn: (...m: string[]) => string): void => {
    body = body.replace(/<[^<>]+>/g, (tag) => tag.replace(re, fn as (m: string, ...rest: unknown[]) => string));
  };

  // The root gets role="img", whose children are presentational; drop Vega's inner ARIA.
  inTags(/\s(?:role|aria-[a-z]+)="[^"]*"/g, () => "");

  // Renumber ids per chart in document order (clip7 → <id>-clip-1): Vega numbers clip
  // paths per process, and two charts on one page must not share an id.
  const idMap = new Map<string, string>();
  const perBase = new Map<string, number>();
  for (const tag of body.match(/<[^<>]+>/g) ?? []) {
    const old = /\sid="([^"]*)"/.exec(tag)?.[1];
    if (old === undefined || idMap.has(old)) continue;
    const base = old.replace(/[_-]?\d+$/, "").replace(/[^A-Za-z0-9-]/g, "-") || "id";
    const n = (perBase.get(base) ?? 0) + 1;
    perBase.set(base, n);
    idMap.set(old, `${meta.id}-${base}-${n}`);
  }
  const mapId = (old: string): string => idMap.get(old) ?? `${meta.id}-${old}`;
  inTags(/(\sid=")([^"]*)"/g, (_m, pre, old) => `${pre}${mapId(old!)}"`);
  inTags(/url\(#([^)"]+)\)/g, (_m, old) => `url(#${mapId(old!)})`);
  inTags(/(\s(?:xlink:)?href=")#([^"]*)"/g, (_m, pre, old) => `${pre}#${mapId(old!)}"`);

  // Root attributes: keep namespaces and size, replace Vega's class and ARIA.
  let attrs = rootMatch[1]!
    .replace(/\s(?:role|aria-[a-z]+|class)="[^"]*"/g, "")
    .trimEnd();
  if (!/\sviewBox="/.test(attrs)) {
    const w = /\swidth="([\d.]+)"/.exec(attrs)?.[1];
    const h = /\sheight="([\d.]+)"/.exec(attrs)?.[1];
    if (!w || !h) throw new ChartError(meta.id, "de SVG heeft geen afmetingen");
    attrs += ` viewBox="0 0 ${w} ${h}"`;
  }
  const titleId = `${meta.id}-titel`;
  const descId = `${meta.id}-beschrijving`;
  attrs += ` class="grafiek" role="img" aria-labelledby="${titleId} ${descId}"`;

  return (
    `<svg${attrs}>` +
    `<title id="${titleId}">${escapeXml(meta.title)}</title>` +
    `<desc id="${descId}">${escapeXml(meta.description)}</desc>` +
    // No blank lines: markdown-it ends an HTML block at one.
    body.replace(/\n\s*\n/g, "\n")
  );
}
