// The chart renderer keeps each chart shape's parsed Vega dataflow and draws the next
// chart of that shape from it (vega-render.ts). These tests render a representative
// set of specs both ways — through one VegaRenderer, so most come from a kept
// template, and through a plain Vega-Lite → Vega render of the spec as it is — and
// require the same bytes.
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { describe, expect, it, vi } from "vitest";
import { barSpec, type BarChartInput } from "../../scripts/charts/bars.ts";
import { forecastSpec, type ForecastChartInput } from "../../scripts/charts/forecast.ts";
import { formatMonthLong, nlNumberLocale, nlTimeLocale } from "../../scripts/charts/locale.ts";
import { ChartError, ChartRenderer } from "../../scripts/charts/render.ts";
import { trendSpec, type TrendChartInput, type TrendPoint } from "../../scripts/charts/trend.ts";
import { VegaRenderer } from "../../scripts/charts/vega-render.ts";

/** The oracle: Vega-Lite compile, Vega parse, a View of its own, nothing kept. */
async function plain(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), {
    renderer: "none",
    locale: { number: nlNumberLocale, time: nlTimeLocale } as unknown as vega.LocaleFormatters,
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const months = (start: number, n: number): string[] =>
  Array.from({ length: n }, (_, i) => {
    const m = start + i;
    return `${2015 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
  });
function line(region: string, name: string, start: number, indexes: number[], extra: (i: number) => Partial<TrendPoint> = () => ({})): TrendChartInput["lines"][number] {
  const ms = months(start, indexes.length);
  return { region, name, points: indexes.map((index, i) => ({ month: ms[i] as TrendPoint["month"], value: Math.round(index * 40), index, ...extra(i) })) };
}
const trend = (id: string, lines: TrendChartInput["lines"], more: Partial<TrendChartInput> = {}): TrendChartInput => ({
  id,
  title: id,
  description: `Beschrijving van ${id}.`,
  baseMonth: lines[0]!.points[0]!.month,
  lines,
  colours: ["#4b4b4b", "#205a7a", "#b3541e"],
  ...more,
});

// Pairs and runs of one shape with different values (domains, ticks, names, label
// nudges, target side), and shapes that differ (line count, crosses, open markers).
const trends: TrendChartInput[] = [
  trend("basis", [line("nl", "Nederland", 0, [100, 101.5, 103]), line("e", "Emmen", 0, [100, 99, 97.5])], {
    target: { name: "Emmen", date: "2015-12-31", value: 3340, index: 92.8, label: "Ambitie eind 2015" },
  }),
  trend("basis-ander", [line("nl", "Nederland", 30, [100, 90, 80]), line("a", "Assen met een veel langere naam", 30, [100, 120, 141])], {
    target: { name: "Assen met een veel langere naam", date: "2017-09-15", value: 9000, index: 60, label: "Doel" },
  }),
  trend("basis-derde", [line("nl", "Nederland", 5, [100, 100, 100]), line("z", "Zwolle", 5, [100, 100.2, 99.9])], {
    target: { name: "Nederland", date: "2015-09-30", value: 1, index: 100.1, label: "Gelijk" },
  }),
  // Missing months: the second line starts later and stops earlier.
  trend("ontbrekend", [line("nl", "Nederland", 0, [100, 102, 104, 106, 108, 110]), line("e", "Emmen", 2, [100, 97])]),
  trend("ontbrekend-ander", [line("nl", "Nederland", 12, [100, 50, 25, 12, 6, 3]), line("e", "Emmen", 12, [100, 250, 400])]),
  // One point per line.
  trend("enkel", [line("nl", "Nederland", 0, [100]), line("e", "Emmen", 0, [100])]),
  // Illustrative crosses, all and some.
  trend("illustratief", [line("nl", "Nederland", 0, [100, 101, 102], () => ({ illustrative: true })), line("e", "Emmen", 0, [100, 98, 96], () => ({ illustrative: true }))]),
  trend("illustratief-deels", [line("nl", "Nederland", 3, [100, 104, 99], (i) => ({ illustrative: i === 1 })), line("e", "Emmen", 3, [100, 93, 91])]),
  trend("illustratief-ander", [line("nl", "Nederland", 40, [100, 100.5, 101], (i) => ({ illustrative: i !== 1 })), line("e", "Emmen", 40, [100, 110, 90])]),
  // Provisional figures, three lines.
  trend("voorlopig", [
    line("nl", "Nederland", 0, [100, 101, 102], (i) => ({ provisional: i === 2 })),
    line("e", "Emmen", 0, [100, 99, 98]),
    line("c", "Coevorden", 0, [100, 103, 99]),
  ]),
  trend("voorlopig-ander", [
    line("nl", "Nederland", 7, [100, 80, 85], (i) => ({ provisional: i > 0 })),
    line("e", "Emmen", 7, [100, 79, 86]),
    line("c", "Coevorden", 7, [100, 81, 84]),
  ]),
  // Dense: more than 24 months, markers at line ends only.
  trend("dicht", [line("nl", "Nederland", 0, Array.from({ length: 30 }, (_, i) => 100 + i)), line("e", "Emmen", 0, Array.from({ length: 30 }, (_, i) => 100 - i / 2))]),
  trend("dicht-ander", [line("nl", "Nederland", 20, Array.from({ length: 60 }, (_, i) => 100 + Math.sin(i) * 5)), line("e", "Emmen", 20, Array.from({ length: 60 }, (_, i) => 100 + i))]),
];

const sectors = ["Landbouw en visserij", "Industrie", "Energie- en waterleidingbedrijven", "Gezondheids-, welzijnszorg en andere zorg die lang is"];
const bars: BarChartInput[] = [
  {
    id: "staaf-groep",
    title: "Banen",
    description: "Banen.",
    xTitle: "Banen",
    mode: "grouped",
    format: "count",
    colours: ["#00629b", "#00629b"],
    categories: sectors.map((label, i) => ({ label, values: [{ series: "2005", value: 1000 + i * 300 }, { series: "2006", value: 1100 + i * 250 }] })),
  },
  {
    id: "staaf-nul",
    title: "Verandering",
    description: "Verandering.",
    xTitle: "Verandering in banen",
    mode: "diverging",
    format: "count",
    colours: ["#b3541e", "#00629b"],
    categories: sectors.map((label, i) => ({ label, values: [{ series: "Verandering", value: (i - 2) * 137 }] })),
  },
  {
    id: "staaf-procent",
    title: "Verandering %",
    description: "Verandering in procenten.",
    xTitle: "Verandering (%)",
    mode: "diverging",
    format: "percentChange",
    colours: ["#b3541e", "#00629b"],
    categories: sectors.map((label, i) => ({ label, values: [{ series: "Verandering", value: (1.5 - i) * 2.7 }] })),
  },
];
const forecasts: ForecastChartInput[] = [
  {
    id: "prognose",
    title: "Prognose",
    description: "Prognose.",
    yTitle: "Aantal",
    actual: [{ year: 2006, value: 3240 }],
    forecast: [2007, 2008, 2009].map((year, i) => ({ year, value: 3232 - i * 8, low: 3172 - i * 60, high: 3292 + i * 60 })),
    colours: ["#00629b", "#b3541e"],
  },
  {
    id: "prognose-ww",
    title: "WW",
    description: "WW.",
    yTitle: "Aanvragen",
    actual: [2825, 5022, 4787].map((value, i) => ({ year: 2002 + i, value })),
    forecast: [3087, 2778].map((value, i) => ({ year: 2005 + i, value })),
    colours: ["#00629b", "#b3541e"],
  },
];

const specs: [string, TopLevelSpec][] = [
  ...trends.map((t): [string, TopLevelSpec] => [t.id, trendSpec(t)]),
  ...bars.map((b): [string, TopLevelSpec] => [b.id, barSpec(b)]),
  ...forecasts.map((f): [string, TopLevelSpec] => [f.id, forecastSpec(f)]),
];

describe("charts from a kept template", () => {
  it("are byte-identical to a plain Vega-Lite → Vega render, in any order", async () => {
    const expected = new Map<string, string>();
    for (const [id, spec] of specs) expected.set(id, await plain(spec));
    const renderer = new VegaRenderer();
    // Forwards, backwards, then interleaved: each chart follows several others of its shape.
    const order = [...specs, ...[...specs].reverse(), ...specs.filter((_, i) => i % 2 === 0), ...specs.filter((_, i) => i % 2 === 1)];
    for (const [id, spec] of order) {
      expect((await renderer.render(spec, id)).svg, id).toBe(expected.get(id));
    }
    // The values given as signals are drawn: e.g. each trend's own y title and line names.
    for (const t of trends) {
      const svg = expected.get(t.id)!;
      expect(svg, t.id).toContain(`>Index (${formatMonthLong(t.baseMonth)} = 100)</text>`);
      for (const l of t.lines) expect(svg, t.id).toContain(`>${l.name}</text>`);
    }
    // The kept templates were used: most charts were neither compiled nor parsed.
    expect(renderer.counts.fromTemplate).toBeGreaterThan(renderer.counts.compiled * 3);
    expect(renderer.counts.compiled).toBeLessThan(specs.length);
  });

  it("leave the caller's spec as it was", async () => {
    const renderer = new VegaRenderer();
    const spec = trendSpec(trends[0]!);
    const before = JSON.stringify(spec);
    await renderer.render(spec, "a");
    await renderer.render(spec, "a");
    expect(renderer.counts.fromTemplate).toBe(1);
    expect(JSON.stringify(spec)).toBe(before);
  });

  it("a failing chart reports as before and does not spoil the next one of its shape", async () => {
    const renderer = new VegaRenderer();
    const good = trendSpec(trends[0]!);
    const other = trendSpec(trends[1]!);
    await renderer.render(good, "goed");
    // Same shape, a value Vega cannot use: an error of this chart, named by its id.
    const bad = structuredClone(good) as TopLevelSpec & { params: { name: string; value: unknown }[] };
    bad.params.find((p) => p.name === "xTickCount")!.value = { interval: "eeuw", step: 1 };
    const err = await renderer.render(bad, "kapot").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChartError);
    expect((err as ChartError).message).toMatch(/^Grafiek 'kapot' kon niet worden gemaakt: /);
    expect(renderer.counts.fromTemplate).toBe(1);
    expect((await renderer.render(other, "ander")).svg).toBe(await plain(other));
    expect(renderer.counts.fromTemplate).toBe(2);

    // A first chart of a shape that fails leaves no template behind.
    const broken = { data: { values: [{ a: 1 }] }, mark: "bogus", encoding: {} } as unknown as TopLevelSpec;
    await expect(renderer.render(broken, "stuk")).rejects.toThrow(/^Grafiek 'stuk' kon niet worden gemaakt: /);
    await expect(renderer.render(broken, "stuk")).rejects.toThrow(/^Grafiek 'stuk' kon niet worden gemaakt: /);
    expect(renderer.counts.compiled).toBe(3);
  });

  it("warnings reach the build for every chart, named by its id, also from a template", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const renderer = new VegaRenderer();
      // Vega warns while drawing (a log scale over zero); Vega-Lite while compiling (an unknown scale type).
      const drawing = (n: number): TopLevelSpec =>
        ({ datasets: { rows: [{ a: n }] }, data: { name: "rows" }, mark: "point", encoding: { x: { field: "a", type: "quantitative", scale: { type: "log", domain: [0, 10] } } } }) as TopLevelSpec;
      const compiling = (n: number): TopLevelSpec =>
        ({ datasets: { rows: [{ a: n }] }, data: { name: "rows" }, mark: "point", encoding: { x: { field: "a", type: "quantitative", scale: { type: "bogus" } } } }) as unknown as TopLevelSpec;
      for (const [spec, id] of [[drawing(1), "teken-1"], [drawing(2), "teken-2"], [compiling(1), "vertaal-1"], [compiling(2), "vertaal-2"]] as const) {
        await renderer.render(spec, id);
      }
      expect(renderer.counts).toEqual({ compiled: 2, fromTemplate: 2 });
      const said = warn.mock.calls.map((c) => String(c[0]));
      for (const id of ["teken-1", "teken-2"]) expect(said).toContain(`Waarschuwing bij grafiek '${id}': Log scale domain includes zero: [0,10]`);
      for (const id of ["vertaal-1", "vertaal-2"]) expect(said.filter((m) => m.startsWith(`Waarschuwing bij grafiek '${id}': Channel "x" does not work with "bogus" scale`))).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });

  it("keeps at most the given number of templates, the least recently used dropped", async () => {
    const renderer = new VegaRenderer(2);
    const [a, b, c] = [trendSpec(trends[0]!), trendSpec(trends[5]!), trendSpec(trends[9]!)]; // three shapes
    for (const spec of [a, b, a, c]) await renderer.render(spec, "x"); // c drops b, the least recently used
    expect(renderer.counts).toEqual({ compiled: 3, fromTemplate: 1 });
    await renderer.render(a, "x");
    await renderer.render(b, "x");
    expect(renderer.counts).toEqual({ compiled: 4, fromTemplate: 2 });
  });

  it("are counted in the renderer's stats with the time they took", async () => {
    const charts = new ChartRenderer({ cacheDir: null });
    for (const t of trends.slice(0, 3)) await charts.render(trendSpec(t), { id: t.id, title: t.title, description: t.description });
    const stats = charts.stats();
    expect(stats.rendered).toBe(3);
    expect(stats.medianMs).toBeGreaterThan(0);
    expect(stats.busyMs).toBeGreaterThanOrEqual(stats.medianMs);
    charts.close();
  });
});
