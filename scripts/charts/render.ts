// The chart renderer: vega-lite spec → standalone, accessible inline SVG. One
// ChartRenderer per build (made with the build's context, pipeline/context.ts) holds
// that build's disk cache, deferred charts, worker threads and counts; nothing here
// is shared between builds but the loaded Vega (vega-render.ts). Output is
// byte-identical for identical input, so it can be cached and diffed.

import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TopLevelSpec } from "vega-lite";
import { ChartError } from "./errors.ts";
import { renderRaw } from "./vega-render.ts";
import { ChartWorkers, DEFAULT_CHART_WORKERS } from "./workers.ts";

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
  .update(["render.ts", "vega-render.ts", "locale.ts", "vega-libs.ts"].map((f) => readFileSync(fileURLToPath(new URL(`./${f}`, import.meta.url)), "utf8")).join("\0"))
  .digest("hex")
  .slice(0, 16);
const packageVersion = (name: string): string =>
  (JSON.parse(readFileSync(fileURLToPath(new URL(`../../node_modules/${name}/package.json`, import.meta.url)), "utf8")) as { version: string }).version;
export const RENDERER_VERSION = `vega ${packageVersion("vega")}; vega-lite ${packageVersion("vega-lite")}; raadsbrief ${POSTPROCESS_VERSION} ${CODE_HASH}`;

// Usable unescaped in id attributes, url(#…) references and CSS selectors.
const ID_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** What the site's figures need of a chart renderer (site/figures/). */
export interface Charts {
  /** The chart's SVG, or (deferring) a marker that fill() replaces by it. */
  render(spec: TopLevelSpec, meta: ChartMeta): Promise<string>;
}

export interface ChartRendererOptions {
  /** Folder of the on-disk cache of rendered SVGs; null: none. */
  cacheDir: string | null;
  /**
   * Deferred charts, for the build: render() answers at once with a marker and renders
   * in the background, so Eleventy writes every page without waiting for Vega; fill()
   * then puts each page's SVGs in, a letter as soon as its own charts are done, so its
   * PDF prints while later letters' charts still render (a cold build of 120 letters:
   * the charts' ~5 s hide behind the printing). The page is byte for byte what an
   * immediate render gives (the marker is replaced by the same string; the scale test
   * compares). Markers are an HTML comment, which markdown-it and Nunjucks pass
   * through as they do the SVG.
   */
  defer?: boolean;
}

const MARKER_RE = /<!--raadsbrief-grafiek:([0-9a-f]{64})-->/g;

/** True if the page still has charts to fill in. */
export function hasChartMarkers(html: string): boolean {
  return html.includes("<!--raadsbrief-grafiek:");
}

export interface ChartStats {
  rendered: number;
  fromDisk: number;
  seconds: number;
  medianMs: number;
  busyMs: number;
}

/** Renders charts for one build. */
export class ChartRenderer implements Charts {
  readonly cacheDir: string | null;
  readonly defer: boolean;
  /** Worker threads; none until allowed (workers.allow()), stopped by close(). */
  readonly workers: ChartWorkers;
  /** This build's SVGs by cache key: a chart on many pages is rendered once. */
  private readonly memory = new Map<string, Promise<string>>();
  /** Deferred charts by cache key, for fill(). */
  private readonly deferred = new Map<string, Promise<string>>();
  // Time spent rendering, for the build's "charts" timing: wall time while at least
  // one render runs (renders overlap; counted once).
  private readonly counts = { rendered: 0, fromDisk: 0, ms: 0 };
  /** Milliseconds each rendered chart took in the thread that ran Vega (vega-render.ts). */
  private readonly renderMs: number[] = [];
  private active = 0;
  private activeSince = 0;

  constructor(options: ChartRendererOptions) {
    this.cacheDir = options.cacheDir;
    this.defer = options.defer === true;
    this.workers = new ChartWorkers(!this.defer);
  }

  /** Allows worker threads (default: one per core but this one's), the first started now or with the first chart. */
  startWorkers(n: number = DEFAULT_CHART_WORKERS, startNow = true): void {
    this.workers.allow(n, startNow);
  }

  /** Stops the worker threads; the renderer renders in this thread afterwards. */
  close(): void {
    this.workers.stop();
  }

  /**
   * Every page has its charts: lets go of this build's SVGs (~25 kB a chart, 44 MB at
   * 1,200 letters) and of the worker threads (~60 MB with Vega), which would otherwise
   * stay while Chromium prints. A chart asked for later is rendered again, in this
   * thread; a marker filled later is refused (fill).
   */
  release(): void {
    this.workers.stop();
    this.memory.clear();
    this.deferred.clear();
  }

  /**
   * Charts rendered and read from the disk cache, seconds spent (wall time while any
   * render ran), and of the rendered charts the median and total milliseconds in the
   * thread that ran Vega (busyMs: summed over threads, so it can exceed the seconds).
   */
  stats(): ChartStats {
    const sorted = [...this.renderMs].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const medianMs = sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    const round1 = (ms: number): number => Math.round(ms * 10) / 10;
    return {
      rendered: this.counts.rendered,
      fromDisk: this.counts.fromDisk,
      seconds: this.counts.ms / 1000,
      medianMs: round1(medianMs),
      busyMs: round1(sorted.reduce((a, b) => a + b, 0)),
    };
  }

  /** Render a vega-lite spec to an SVG string fit for inline HTML (or its marker, deferring). */
  render(spec: TopLevelSpec, meta: ChartMeta): Promise<string> {
    if (!ID_RE.test(meta.id)) return Promise.reject(badId(meta.id));
    const key = cacheKey(spec, meta);
    const svg = this.renderByKey(key, spec, meta);
    if (!this.defer) return svg;
    svg.catch(() => {}); // reported by fill(), for the page that needs it
    this.deferred.set(key, svg);
    return Promise.resolve(`<!--raadsbrief-grafiek:${key}-->`);
  }

  /**
   * Replaces every deferred-chart marker in a page with its SVG, once rendered.
   * Rejects with the chart's ChartError if one of them failed.
   */
  async fill(html: string): Promise<string> {
    const keys = [...new Set(Array.from(html.matchAll(MARKER_RE), (m) => m[1]!))];
    if (keys.length === 0) return html;
    const svgs = new Map<string, string>();
    for (const key of keys) {
      const svg = this.deferred.get(key);
      if (!svg) throw new ChartError(key.slice(0, 12), "grafiek niet gevonden (gemaakt buiten deze build)");
      svgs.set(key, await svg);
    }
    return html.replace(MARKER_RE, (_m, key: string) => svgs.get(key)!);
  }

  private renderByKey(key: string, spec: TopLevelSpec, meta: ChartMeta): Promise<string> {
    let result = this.memory.get(key);
    if (!result) {
      result = this.timed(() => this.renderCached(key, spec, meta));
      this.memory.set(key, result);
      // A failure must not be kept: the next call should try (and report) again.
      result.catch(() => this.memory.delete(key));
    }
    return result;
  }

  private async timed<T>(work: () => Promise<T>): Promise<T> {
    if (this.active++ === 0) this.activeSince = performance.now();
    try {
      return await work();
    } finally {
      if (--this.active === 0) this.counts.ms += performance.now() - this.activeSince;
    }
  }

  private async renderCached(key: string, spec: TopLevelSpec, meta: ChartMeta): Promise<string> {
    const dir = this.cacheDir;
    const file = dir ? path.join(dir, `${key}.svg`) : null;
    if (file) {
      const cached = await readCachedSvg(file);
      if (cached !== undefined) {
        this.counts.fromDisk++;
        return cached;
      }
    }
    const raw = await this.workers.render(spec, meta.id);
    const svg = postProcess(raw.svg, meta);
    this.counts.rendered++;
    this.renderMs.push(raw.ms);
    if (dir && file) await writeCachedSvg(dir, file, svg);
    return svg;
  }
}

/** One chart, rendered now in this thread, without any cache (tests, tools). */
export async function renderChartSvg(spec: TopLevelSpec, meta: ChartMeta): Promise<string> {
  if (!ID_RE.test(meta.id)) throw badId(meta.id);
  return postProcess((await renderRaw(spec, meta.id)).svg, meta);
}

function badId(id: string): ChartError {
  return new ChartError(id, "de id moet met een letter beginnen en mag alleen letters, cijfers, '-' en '_' bevatten");
}

/** A cached SVG, or undefined for a miss (missing, truncated or unreadable: the cache is safe to delete). */
async function readCachedSvg(file: string): Promise<string | undefined> {
  try {
    const cached = await readFile(file, "utf8");
    // A truncated or emptied file (disk full, killed mid-write elsewhere) is a miss.
    if (cached.startsWith("<svg") && cached.endsWith("</svg>")) return cached;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT" && (err as NodeJS.ErrnoException).code !== "EISDIR") {
      console.warn(`Waarschuwing: grafiekcache ${file} kon niet worden gelezen; de grafiek wordt opnieuw gemaakt.`);
    }
  }
  return undefined;
}

async function writeCachedSvg(dir: string, file: string, svg: string): Promise<void> {
  // A name of its own: another build (process or renderer) may write the same key now.
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomUUID()}.tmp`);
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

/**
 * SHA-256 over everything that determines the output. Plain JSON: our code builds every
 * spec, so an equal spec has its keys in the same order; were it ever otherwise, the
 * chart would only be rendered once more (the same SVG), never taken for another. Keys
 * sorted first cost ~0,7 ms a chart in a cold build, ~0,18 s of the main thread at 120
 * letters before Eleventy starts (README, Performance).
 */
export function cacheKey(spec: TopLevelSpec, meta: ChartMeta): string {
  const payload = JSON.stringify([RENDERER_VERSION, spec, { id: meta.id, title: meta.title, description: meta.description }]);
  return createHash("sha256").update(payload).digest("hex");
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
