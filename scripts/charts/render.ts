// The one Vega renderer of the build: vega-lite spec → standalone, accessible inline SVG.
// Output is byte-identical for identical input, so it can be cached and diffed.

import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import * as vega from "vega";
import { compile, version as vegaLiteVersion, type TopLevelSpec } from "vega-lite";
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
export const RENDERER_VERSION = `vega ${vega.version}; vega-lite ${vegaLiteVersion}; raadsbrief ${POSTPROCESS_VERSION}`;

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

/** Render a vega-lite spec to an SVG string fit for inline HTML. */
export function renderChartSvg(spec: TopLevelSpec, meta: ChartMeta): Promise<string> {
  if (!ID_RE.test(meta.id)) {
    return Promise.reject(
      new ChartError(meta.id, "de id moet met een letter beginnen en mag alleen letters, cijfers, '-' en '_' bevatten"),
    );
  }
  const key = cacheKey(spec, meta);
  let result = memoryCache.get(key);
  if (!result) {
    result = renderCached(key, spec, meta);
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
      return await readFile(file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new ChartError(meta.id, `cachebestand ${file} kon niet worden gelezen`, { cause: err });
      }
    }
  }
  const svg = postProcess(await renderRaw(spec, meta.id), meta);
  if (dir && file) {
    const tmp = path.join(dir, `.${key}.${process.pid}.${++tempCounter}.tmp`);
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(tmp, svg, "utf8");
      await rename(tmp, file); // atomic: readers never see a half-written SVG
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw new ChartError(meta.id, `cachebestand ${file} kon niet worden geschreven`, { cause: err });
    }
  }
  return svg;
}

function message(args: unknown[]): string {
  return args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
}

/** Logger that keeps errors (to fail the chart) and forwards warnings with the chart id. */
function chartLogger(id: string, errors: unknown[]): vega.LoggerInterface {
  const logger: vega.LoggerInterface = {
    level(_?: number) {
      return arguments.length ? logger : vega.Warn;
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

async function renderRaw(spec: TopLevelSpec, id: string): Promise<string> {
  const errors: unknown[] = [];
  const logger = chartLogger(id, errors);
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
    body
  );
}
