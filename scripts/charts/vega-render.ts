// Vega-Lite spec → Vega's raw SVG, in the calling thread (the main thread or a chart
// worker, workers.ts). Post-processing and caching are render.ts's.
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

/** Vega-Lite spec → Vega's raw SVG, in this thread. */
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
