// A worker thread of the chart renderer (see setChartWorkers in render.ts): renders
// Vega-Lite specs to raw SVG with its own Vega; post-processing and caching stay
// in the main thread.
import { parentPort } from "node:worker_threads";
import type { TopLevelSpec } from "vega-lite";
import { ChartError, renderRaw } from "./render.ts";

const port = parentPort!;
port.on("message", (msg: { spec: TopLevelSpec; id: string }) => {
  renderRaw(msg.spec, msg.id).then(
    (svg) => port.postMessage({ svg }),
    // ChartError's message already names the chart; send only its detail.
    (err: unknown) => port.postMessage({ error: err instanceof ChartError ? err.message.replace(/^Grafiek '[^']*' kon niet worden gemaakt: /, "") : String(err) }),
  );
});
port.postMessage({ ready: true });
