// The chart worker pool (scripts/charts/workers.ts): each worker gets its share of the
// charts at once (the main thread is busy with Eleventy meanwhile), answers are matched
// to their charts in order, and charts a worker held when it ended are rendered anyway.
import { afterEach, describe, expect, it } from "vitest";
import { trendSpec, type TrendChartInput } from "../../scripts/charts/trend.ts";
import { VegaRenderer } from "../../scripts/charts/vega-render.ts";
import { ChartWorkers } from "../../scripts/charts/workers.ts";

/** Chart n: its own numbers, so a chart answered for another would show. */
function spec(n: number) {
  const input: TrendChartInput = {
    id: `grafiek-${n}`,
    title: `Grafiek ${n}`,
    description: `Grafiek ${n} (illustratief).`,
    baseMonth: "2015-01",
    lines: [
      {
        region: "emmen",
        name: "Emmen",
        points: [
          { month: "2015-01", value: 3600, index: 100, illustrative: true },
          { month: "2015-02", value: 3600 - n, index: 100 - n / 36, illustrative: true },
          { month: "2015-03", value: 3500 + 7 * n, index: (100 * (3500 + 7 * n)) / 3600, illustrative: true },
        ],
      },
    ],
    colours: ["#00629b"],
  };
  return trendSpec(input);
}

let pool: ChartWorkers | undefined;
afterEach(() => {
  pool?.stop();
  pool = undefined;
});

describe("chart workers", () => {
  it("send each worker its share of the charts at once, and match the answers to their charts", async () => {
    pool = new ChartWorkers(false);
    pool.allow(1);
    await pool.render(spec(0), "grafiek-0"); // the worker is ready
    const charts = Array.from({ length: 30 }, (_, i) => i + 1);
    const rendered = charts.map((n) => pool!.render(spec(n), `grafiek-${n}`));
    // All thirty went out in this turn: one at a time, the worker would wait for this thread.
    expect(pool.sent()).toEqual([30]);
    const svgs = (await Promise.all(rendered)).map((r) => r.svg);
    const local = new VegaRenderer();
    for (const n of [1, 17, 30]) expect(svgs[n - 1]).toBe((await local.render(spec(n), `grafiek-${n}`)).svg);
    expect(new Set(svgs).size).toBe(30);
    expect(pool.sent()).toEqual([0]);
  });

  it("with room for two workers, the first takes half and the second the rest", async () => {
    pool = new ChartWorkers(false);
    pool.allow(2);
    await pool.render(spec(0), "grafiek-0");
    const rendered = Array.from({ length: 20 }, (_, i) => pool!.render(spec(i + 1), `grafiek-${i + 1}`));
    // The second worker is starting (a backlog); the first has its half.
    expect(pool.sent()).toEqual([10, 0]);
    expect((await Promise.all(rendered)).length).toBe(20);
  });

  it("charts held by a worker that ended are rendered by the next, each for its own chart", async () => {
    pool = new ChartWorkers(false);
    pool.allow(1);
    await pool.render(spec(0), "grafiek-0");
    const rendered = Array.from({ length: 12 }, (_, i) => pool!.render(spec(i + 1), `grafiek-${i + 1}`));
    expect(pool.sent()).toEqual([12]);
    await pool.crashForTest();
    const svgs = (await Promise.all(rendered)).map((r) => r.svg);
    const local = new VegaRenderer();
    for (const n of [1, 6, 12]) expect(svgs[n - 1]).toBe((await local.render(spec(n), `grafiek-${n}`)).svg);
  });

  it("stopping refuses the charts not yet rendered, in Dutch, instead of rendering them", async () => {
    pool = new ChartWorkers(false);
    pool.allow(1);
    await pool.render(spec(0), "grafiek-0");
    const rendered = Array.from({ length: 8 }, (_, i) => pool!.render(spec(i + 1), `grafiek-${i + 1}`));
    pool.stop();
    const outcomes = await Promise.allSettled(rendered);
    expect(outcomes.every((o) => o.status === "rejected")).toBe(true);
    expect(String((outcomes[0] as PromiseRejectedResult).reason.message)).toMatch(/grafiekwerkers zijn gestopt voordat deze grafiek klaar was/);
    expect(pool.sent()).toEqual([]);
  });
});
