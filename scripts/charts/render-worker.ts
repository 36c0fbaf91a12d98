// A worker thread of the chart renderer (workers.ts): renders
// Vega-Lite specs to raw SVG with its own Vega; post-processing and caching stay
// in the main thread.
import { parentPort } from "node:worker_threads";
import type { TopLevelSpec } from "vega-lite";
import { ChartError } from "./errors.ts";
import { VegaRenderer } from "./vega-render.ts";

const port = parentPort!;
// This thread's renderer: it keeps each chart shape's parsed template for the next chart of that shape.
const renderer = new VegaRenderer();
// Charts come many at a time (workers.ts, pump): one after another, answered in the order they
// came, each timed alone, and a shape's template made once.
let previous: Promise<void> = Promise.resolve();
port.on("message", (msg: { spec: TopLevelSpec; id: string }) => {
  previous = previous.then(() => renderOne(msg));
});
port.postMessage({ ready: true });

function renderOne(msg: { spec: TopLevelSpec; id: string }): Promise<void> {
  // TEST ONLY: RAADSBRIEF_TEST_CHART_FAULT=geheugen makes a worker run out of memory on
  // its first chart, to prove the build reports that in Dutch (tests/e2e/errors.test.ts).
  if (process.env.RAADSBRIEF_TEST_CHART_FAULT === "geheugen") exhaustMemory();
  return renderer.render(msg.spec, msg.id).then(
    ({ svg, ms }) => port.postMessage({ svg, ms }),
    // ChartError's message already names the chart; send only its detail.
    (err: unknown) => port.postMessage({ error: err instanceof ChartError ? err.message.replace(/^Grafiek '[^']*' kon niet worden gemaakt: /, "") : String(err) }),
  );
}

function exhaustMemory(): never {
  const hoard: number[][] = [];
  for (;;) hoard.push(new Array(1_000_000).fill(hoard.length));
}
