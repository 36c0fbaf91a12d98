// Vega-Lite spec → Vega's raw SVG, in the calling thread (the main thread or a chart
// worker, workers.ts). Post-processing and caching are render.ts's.
//
// The speed trick lives here, in VegaRenderer: a chart's own values travel in the
// spec's `datasets` (named data) and plain `params` (signals); everything else is its
// *shape*. The first chart of a shape is compiled by Vega-Lite and parsed by Vega as
// before; the parsed dataflow (Vega's runtime spec) is kept as a template with those
// values blanked. The next chart of that shape gets a copy of the template with its
// own values put in, then a new View and toSVG as always: no Vega-Lite compile and no
// Vega parse. Every chart still gets a View of its own, so nothing of one chart (data,
// signals, scale domains, scenegraph items, clip ids) can show in the next. (Reusing
// the View itself was tried: Vega keys axis tick items by value, so ticks two charts
// share kept the first chart's place in the scenegraph and the SVG changed.)
// Measured on the 120-letter bench corpus (242 trend charts of one shape, loaded 2-core
// machine), CPU per chart, median: compile ~8 ms, parse ~4, new View ~4, toSVG ~4 =
// ~18 ms before; ~6 ms from a template (copy ~1, View ~2, dataflow and SVG ~3). In a
// cold build the chart worker thread used ~2.3 CPU-s instead of ~6.3. The SVG is
// byte-identical to a plain Vega-Lite → Vega render (tests/unit/charts-reuse.test.ts
// renders both ways; the bench corpus's 413 pages and the sample project's were
// compared whole).
import { readFileSync } from "node:fs";
import type * as vega from "vega";
import type { TopLevelSpec } from "vega-lite";
import { ChartError } from "./errors.ts";
import { nlNumberLocale, nlTimeLocale } from "./locale.ts";

// Vega and Vega-Lite (vega-libs.ts; ~0.15 s to load from the bundle, more beside a
// busy build) are loaded for the first chart that is not cached: a build whose charts
// come from the cache or from the workers never loads them in its main thread.
// Module-level: the loaded library is the same for every build in this process.
let vegaLibs: Promise<typeof import("./vega-libs.ts")> | undefined;
const loadVega = () => (vegaLibs ??= import("./vega-libs.ts"));

/** Templates kept per renderer: a build has a few shapes per chart kind. */
export const MAX_TEMPLATES = 64;

/**
 * Milliseconds of CPU this thread has used (Linux: the scheduler's count), or failing
 * that, wall time: a chart's cost without the time it waited for a core.
 */
function threadMs(): number {
  try {
    return Number(readFileSync("/proc/thread-self/schedstat", "ascii").split(" ")[0]) / 1e6;
  } catch {
    return performance.now();
  }
}

/** Raw SVG and the milliseconds of CPU this thread spent on it (threadMs). */
export interface RawChart {
  svg: string;
  ms: number;
}

type Param = { name: string; value?: unknown; expr?: unknown; bind?: unknown };
type Operator = { type?: string; signal?: string; value?: unknown; update?: unknown; params?: unknown; data?: Record<string, string[]> };
type Runtime = { operators: Operator[] };

/** A parsed shape: the runtime spec with its chart's values blanked, and where they go. */
interface Template {
  runtime: Runtime;
  /** Vega-Lite's warnings while compiling: said again for every chart of the shape. */
  warnings: string[];
  signalAt: Map<string, number>;
  dataAt: Map<string, number>;
}

function message(args: unknown[]): string {
  return args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
}

const warnAbout = (id: string, warning: string): void => console.warn(`Waarschuwing bij grafiek '${id}': ${warning}`);

/** Logger that keeps errors (to fail the chart) and forwards warnings with the chart id (and keeps them in `said`). */
function chartLogger(id: string, errors: unknown[], warnLevel: number, said: string[] = []): vega.LoggerInterface {
  const logger: vega.LoggerInterface = {
    level(_?: number) {
      return arguments.length ? logger : warnLevel;
    },
    error(...args: unknown[]) {
      errors.push(args.find((a) => a instanceof Error) ?? new Error(message(args)));
      return logger;
    },
    warn(...args: unknown[]) {
      said.push(message(args));
      warnAbout(id, message(args));
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

// A param with only a value is a plain signal; one with an expression or a binding
// stays part of the shape.
const isPlainParam = (p: Param): boolean => p.expr === undefined && p.bind === undefined;
const datasetsOf = (spec: TopLevelSpec): Record<string, unknown[]> => (spec as { datasets?: Record<string, unknown[]> }).datasets ?? {};
const plainParamsOf = (spec: TopLevelSpec): Param[] => ((spec as { params?: Param[] }).params ?? []).filter(isPlainParam);

/**
 * The spec without its chart's own values: dataset values and plain params' values
 * (and the description, which Vega never draws: postProcess writes the chart's own).
 */
function shapeOf(spec: TopLevelSpec): string {
  const s = spec as { datasets?: Record<string, unknown>; params?: Param[] };
  return JSON.stringify({
    ...spec,
    description: undefined,
    datasets: s.datasets && Object.keys(s.datasets),
    params: s.params?.map((p) => (isPlainParam(p) ? { ...p, value: undefined } : p)),
  });
}

/**
 * The template of a parsed spec, or undefined if a dataset or param of the spec is
 * not exactly one plain operator of the runtime (then every chart of that shape is
 * compiled and parsed).
 */
function templateOf(runtime: Runtime, spec: TopLevelSpec, warnings: string[]): Template | undefined {
  const signalAt = new Map<string, number>();
  const dataAt = new Map<string, number>();
  const datasets = new Set(Object.keys(datasetsOf(spec)));
  const params = new Set(plainParamsOf(spec).map((p) => p.name));
  let found = 0;
  runtime.operators.forEach((op, i) => {
    if (op.signal !== undefined && params.has(op.signal)) {
      if (op.type !== "operator" || op.update !== undefined || op.params !== undefined) return;
      signalAt.set(op.signal, i);
      found++;
    }
    for (const [name, roles] of Object.entries(op.data ?? {})) {
      if (!datasets.has(name) || !roles.includes("input")) continue;
      // The rows to ingest and (kept from the template) how to parse them.
      const keys = Object.keys((op.value ?? {}) as object);
      if (op.type !== "collect" || !keys.includes("$ingest") || !keys.every((k) => k === "$ingest" || k === "$format")) return;
      dataAt.set(name, i);
      found++;
    }
  });
  if (found !== datasets.size + params.size || signalAt.size !== params.size || dataAt.size !== datasets.size) return undefined;
  const blank = structuredClone(runtime);
  for (const i of signalAt.values()) blank.operators[i]!.value = null;
  for (const i of dataAt.values()) (blank.operators[i]!.value as { $ingest: unknown[] }).$ingest = [];
  // Frozen: every chart of the shape starts from it, so nothing may change it.
  return { runtime: deepFreeze(blank), warnings, signalAt, dataAt };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * A copy of the template with this spec's values put in: what parse(compile(spec))
 * gives. A copy, because a View changes the runtime spec it is given (vega-view's
 * event config, for one) and ingests the rows as they are.
 */
function fill(template: Template, spec: TopLevelSpec): Runtime {
  const runtime = structuredClone(template.runtime);
  for (const p of plainParamsOf(spec)) runtime.operators[template.signalAt.get(p.name)!]!.value = structuredClone(p.value);
  for (const [name, values] of Object.entries(datasetsOf(spec))) (runtime.operators[template.dataAt.get(name)!]!.value as { $ingest: unknown[] }).$ingest = structuredClone(values);
  return runtime;
}

/**
 * Renders Vega-Lite specs in this thread, keeping the parsed template of each chart
 * shape (at most `maxTemplates`, least recently used dropped). One per chart worker,
 * one per build for the main thread.
 */
export class VegaRenderer {
  // Map order is use order (a hit is moved to the end).
  private readonly templates = new Map<string, Template>();
  /** Charts compiled and parsed, and charts drawn from a kept template (tests, tools). */
  readonly counts = { compiled: 0, fromTemplate: 0 };

  constructor(private readonly maxTemplates: number = MAX_TEMPLATES) {}

  async render(spec: TopLevelSpec, id: string): Promise<RawChart> {
    const { vega, compile } = await loadVega();
    const start = threadMs();
    const errors: unknown[] = [];
    const logger = chartLogger(id, errors, vega.Warn);
    let view: vega.View | undefined;
    try {
      const shape = shapeOf(spec);
      const template = this.templates.get(shape);
      let runtime: Runtime;
      const compileWarnings: string[] = [];
      if (template) {
        this.templates.delete(shape);
        this.templates.set(shape, template);
        runtime = fill(template, spec);
        for (const warning of template.warnings) warnAbout(id, warning);
        this.counts.fromTemplate++;
      } else {
        this.counts.compiled++;
        const compileLogger = chartLogger(id, errors, vega.Warn, compileWarnings);
        const vgSpec = compile({ ...spec, description: undefined } as TopLevelSpec, { logger: compileLogger }).spec;
        runtime = vega.parse(vgSpec) as unknown as Runtime;
      }
      // Kept before the View ingests (and so changes) the runtime's data; only once the chart has rendered.
      const newTemplate = template || this.maxTemplates === 0 ? undefined : templateOf(runtime, spec, compileWarnings);
      view = new vega.View(runtime as unknown as vega.Runtime, viewOptions(vega, logger));
      const svg = await view.toSVG();
      if (errors.length > 0) throw errors[0];
      if (newTemplate) this.keep(shape, newTemplate);
      return { svg, ms: threadMs() - start };
    } catch (err) {
      throw new ChartError(id, err instanceof Error ? err.message : String(err), { cause: err });
    } finally {
      view?.finalize();
    }
  }

  private keep(shape: string, template: Template): void {
    this.templates.set(shape, template);
    for (const oldest of this.templates.keys()) {
      if (this.templates.size <= this.maxTemplates) break;
      this.templates.delete(oldest);
    }
  }
}

function viewOptions(v: typeof vega, logger: vega.LoggerInterface): vega.ViewOptions {
  return {
    renderer: "none",
    logger,
    logLevel: v.Warn,
    // Per-view locale works in vega 6 (View passes {number, time} to vega-format's
    // locale()); the typings describe the formatter object instead, hence the cast.
    locale: { number: nlNumberLocale, time: nlTimeLocale } as unknown as vega.LocaleFormatters,
  };
}

/** One chart, compiled, parsed and rendered afresh (nothing kept). */
export async function renderRaw(spec: TopLevelSpec, id: string): Promise<RawChart> {
  return new VegaRenderer(0).render(spec, id);
}
