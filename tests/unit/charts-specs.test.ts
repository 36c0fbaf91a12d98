import type { TopLevelSpec } from "vega-lite";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { barSpec, formatBarValue, wrapLabel, wrapLabels, type BarChartInput } from "../../scripts/charts/bars.ts";
import { FORECAST_DASH, forecastSpec, type ForecastChartInput } from "../../scripts/charts/forecast.ts";
import { ChartError, clearChartMemoryCache, renderChartSvg } from "../../scripts/charts/render.ts";
import { validateVegaLiteSpec } from "../../scripts/charts/schema.ts";
import { formatNumber, niceTicks } from "../../scripts/charts/style.ts";
import { trendSpec, type TrendChartInput } from "../../scripts/charts/trend.ts";

const FONT = "'Source Sans 3', sans-serif";
const MINUS = "\u2212";

// Beleidsplan 2007-2010 Emmen/Coevorden: bijstand volume, 3.240 in 2006, ~3.200 (2.900-3.500) in 2011.
const bijstand: ForecastChartInput = {
  id: "bijstand-prognose",
  title: "Prognose bijstandsvolume 2006-2011",
  description: "In 2006 waren er 3.240 bijstandsuitkeringen. De prognose voor 2011 is ongeveer 3.200, met een bandbreedte van 2.900 tot 3.500.",
  yTitle: "Aantal bijstandsuitkeringen",
  actual: [{ year: 2006, value: 3240 }],
  forecast: [
    { year: 2007, value: 3232, low: 3172, high: 3292 },
    { year: 2008, value: 3224, low: 3104, high: 3344 },
    { year: 2009, value: 3216, low: 3036, high: 3396 },
    { year: 2010, value: 3208, low: 2968, high: 3448 },
    { year: 2011, value: 3200, low: 2900, high: 3500 },
  ],
  colours: ["#00629b", "#b3541e"],
};

// WW applications: realised 2002-2006, forecast 2007-2010.
const ww: ForecastChartInput = {
  id: "ww-aanvragen",
  title: "Aanvragen WW 2002-2010",
  description: "Het aantal WW-aanvragen steeg van 2.825 in 2002 naar 5.022 in 2003 en daalde tot 3.508 in 2006; de prognose daalt tot 2.455 in 2010.",
  yTitle: "Aanvragen WW",
  actual: [2825, 5022, 4787, 4230, 3508].map((value, i) => ({ year: 2002 + i, value })),
  forecast: [3087, 2778, 2584, 2455].map((value, i) => ({ year: 2007 + i, value })),
  colours: ["#00629b", "#b3541e"],
};

// Vestigingen en banen, Emmen (PWR 2006). Landbouw, Industrie, Bouw, Zorg, Openbaar bestuur and the
// total (46.593 → 46.871) are from the table; the other sectors are filled in to match the total.
const sectors: [string, number, number][] = [
  ["Landbouw en visserij", 2377, 2337],
  ["Delfstoffenwinning", 112, 118],
  ["Industrie", 9383, 9210],
  ["Energie- en waterleidingbedrijven", 301, 296],
  ["Bouwnijverheid", 3878, 3955],
  ["Handel en reparatie", 7120, 7189],
  ["Horeca", 1312, 1354],
  ["Vervoer, opslag en communicatie", 1789, 1775],
  ["Financiële instellingen", 620, 605],
  ["Zakelijke dienstverlening", 4050, 4195],
  ["Openbaar bestuur", 2026, 1889],
  ["Onderwijs", 3106, 3088],
  ["Gezondheids-, welzijnszorg", 7334, 7626],
  ["Cultuur, recreatie, overige diensten", 3185, 3234],
];
const labels = sectors.map(([l]) => l);
const grouped: BarChartInput = {
  id: "banen-sector",
  title: "Banen per sector in Emmen, 2005 en 2006",
  description: "Het aantal banen in Emmen groeide van 46.593 in 2005 naar 46.871 in 2006.",
  xTitle: "Banen",
  mode: "grouped",
  format: "count",
  colours: ["#00629b", "#00629b"],
  categories: sectors.map(([label, a, b]) => ({ label, values: [{ series: "2005", value: a }, { series: "2006", value: b }] })),
};
const diverging: BarChartInput = {
  id: "banen-verandering",
  title: "Verandering in banen per sector, Emmen 2006",
  description: "De zorg groeide het meest (+292), de industrie kromp het meest (−173).",
  xTitle: "Verandering in banen (2006 t.o.v. 2005)",
  mode: "diverging",
  format: "count",
  colours: ["#b3541e", "#00629b"],
  categories: sectors.map(([label, a, b]) => ({ label, values: [{ series: "Verandering", value: b - a }] })),
};
const percent: BarChartInput = {
  ...diverging,
  id: "banen-verandering-pct",
  xTitle: "Verandering in banen (%, 2006 t.o.v. 2005)",
  format: "percentChange",
  categories: sectors.map(([label, a, b]) => ({ label, values: [{ series: "Verandering", value: ((b - a) / a) * 100 }] })),
};

const trendInput: TrendChartInput = {
  id: "bijstand-trend",
  title: "Bijstand in Emmen",
  description: "Het aantal uitkeringen in Emmen daalde van 3.600 naar 3.510.",
  baseMonth: "2015-01",
  lines: [
    { region: "nederland", name: "Nederland", points: [
      { month: "2015-01", value: 400000, index: 100 },
      { month: "2015-02", value: 406000, index: 101.5 },
      { month: "2015-03", value: 412000, index: 103 },
    ] },
    { region: "emmen", name: "Emmen", points: [
      { month: "2015-01", value: 3600, index: 100 },
      { month: "2015-02", value: 3564, index: 99 },
      { month: "2015-03", value: 3510, index: 97.5 },
    ] },
  ],
  target: { name: "Emmen", date: "2015-12-31", value: 3340, index: 92.8, label: "Ambitie eind 2015" },
  colours: ["#767676", "#00629b"],
};

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const json = (spec: TopLevelSpec): Json => JSON.parse(JSON.stringify(spec));
const meta = (i: { id: string; title: string; description: string }) => ({ id: i.id, title: i.title, description: i.description });

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object") {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

// Text of every <text>, tspans joined by a space.
const texts = (svg: string): string[] =>
  [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) => m[1]!.replace(/<tspan\b[^>]*>([^<]*)<\/tspan>/g, " $1").trim());
const ids = (svg: string): string[] => [...svg.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!);
const rootTag = (svg: string): string => /^<svg\b[^>]*>/.exec(svg)?.[0] ?? "";

/** Shared house rules: one font, text ≥ 11 px, no ARIA inside, data inline. */
function expectHouseStyle(spec: Json): void {
  expect(spec.config.font).toBe(FONT);
  expect(spec.config.aria).toBe(false);
  const sizes: number[] = [];
  const marks: Json[] = [];
  const walk = (o: Json, inConfig = false): void => {
    if (o && typeof o === "object") {
      expect(o).not.toHaveProperty("url");
      for (const [k, v] of Object.entries(o)) {
        if (/fontsize$/i.test(k)) sizes.push(v as number);
        if (/font$/i.test(k)) expect(v).toBe(FONT);
        if (k === "mark") marks.push(v);
        if (k === "axis" && v && !inConfig) expect((v as Json).aria).toBe(false);
        walk(v, inConfig || k === "config");
      }
    }
  };
  walk(spec);
  for (const s of sizes) expect(s).toBeGreaterThanOrEqual(11);
  expect(marks.length).toBeGreaterThan(3);
  for (const m of marks) expect(m.aria).toBe(false);
}

afterEach(() => vi.restoreAllMocks());

describe("forecastSpec", () => {
  const spec = json(forecastSpec(deepFreeze(structuredClone(bijstand))));
  const layers: Json[] = spec.layer;
  const byType = (t: string): Json[] => layers.filter((l) => l.mark.type === t);
  const [bandEdges, forecastLine, actualLine] = byType("line");
  const area = byType("area")[0];
  const textLayers = byType("text");

  it("puts years on x without a thousands separator and counts on y in Dutch", () => {
    const { x, y } = forecastLine.encoding;
    expect(x).toMatchObject({ field: "year", type: "quantitative" });
    expect(x.axis).toMatchObject({ title: "Jaar", format: "d", values: [2006, 2007, 2008, 2009, 2010, 2011], grid: false });
    expect(x.scale).toEqual({ domain: [2005.841629, 2011.158371], nice: false, zero: false });
    expect(y).toMatchObject({ field: "value", type: "quantitative" });
    expect(y.axis).toMatchObject({ title: "Aantal bijstandsuitkeringen", format: ",.2~f", grid: true });
    expect(y.axis.values).toEqual([2800, 2900, 3000, 3100, 3200, 3300, 3400, 3500, 3600]);
    expect(y.scale).toEqual({ domain: [2800, 3600], nice: false, zero: false });
    // Every layer shares the same scales.
    for (const l of layers) {
      expect(l.encoding.x.scale).toEqual(x.scale);
      expect(l.encoding.y.scale).toEqual(y.scale);
      expect(l.encoding.y.axis.title).toBe("Aantal bijstandsuitkeringen");
    }
  });

  it("connects the forecast to the last realised point and pinches the band there", () => {
    expect(actualLine.data.values).toEqual([{ year: 2006, value: 3240 }]);
    expect(forecastLine.data.values).toEqual([
      { year: 2006, value: 3240 },
      { year: 2007, value: 3232 },
      { year: 2008, value: 3224 },
      { year: 2009, value: 3216 },
      { year: 2010, value: 3208 },
      { year: 2011, value: 3200 },
    ]);
    expect(area.data.values).toEqual([
      { year: 2006, low: 3240, high: 3240 },
      { year: 2007, low: 3172, high: 3292 },
      { year: 2008, low: 3104, high: 3344 },
      { year: 2009, low: 3036, high: 3396 },
      { year: 2010, low: 2968, high: 3448 },
      { year: 2011, low: 2900, high: 3500 },
    ]);
    expect(area.encoding.y.field).toBe("low");
    expect(area.encoding.y2).toEqual({ field: "high" });
    expect(bandEdges.data.values).toHaveLength(12);
    expect(bandEdges.encoding.detail).toEqual({ field: "edge", type: "nominal" });
    // Open markers on forecast years only.
    const [forecastPoints, actualPoints] = byType("point");
    expect(forecastPoints.data.values.map((r: Json) => r.year)).toEqual([2007, 2008, 2009, 2010, 2011]);
    expect(actualPoints.data.values).toEqual([{ year: 2006, value: 3240 }]);
  });

  it("keeps realisation, forecast and band apart without colour", () => {
    expect(actualLine.mark.strokeDash).toBeUndefined();
    expect(forecastLine.mark.strokeDash).toEqual(FORECAST_DASH);
    expect(actualLine.mark.color).toBe("#00629b");
    expect(forecastLine.mark.color).toBe("#b3541e");
    const [forecastPoints, actualPoints] = byType("point");
    expect(forecastPoints.mark).toMatchObject({ fill: "#ffffff", stroke: "#b3541e" }); // open
    expect(actualPoints.mark).toMatchObject({ filled: true, color: "#00629b" }); // filled
    expect(area.mark.fillOpacity).toBeLessThanOrEqual(0.2); // light fill…
    expect(bandEdges.mark).toMatchObject({ strokeWidth: 1, color: "#b3541e" }); // …with a visible edge
    expect(spec.layer.some((l: Json) => l.encoding.color || l.encoding.strokeDash)).toBe(false); // no legend needed
  });

  it("labels lines and band directly, with the key figures", () => {
    expect(textLayers.map((l) => l.data.values[0].label)).toEqual(["Prognose: 3.200", "3.500", "2.900", "Bandbreedte", "Realisatie: 3.240"]);
    const at = (label: string): Json => textLayers.find((l) => l.data.values[0].label === label);
    expect(at("Prognose: 3.200").data.values[0]).toMatchObject({ year: 2011, value: 3200 });
    expect(at("Prognose: 3.200").mark).toMatchObject({ align: "left", dx: 8, dy: 0, fontWeight: 600 });
    expect(at("3.500").mark).toMatchObject({ align: "left", dx: 8, dy: 0, fontSize: 11 });
    expect(at("2.900").mark).toMatchObject({ align: "left", dx: 8, dy: 0, fontSize: 11 });
    // Inside the band: right-aligned before its end, between the upper edge and the forecast line.
    const band = at("Bandbreedte").mark;
    expect(band.align).toBe("right");
    expect(band.dx).toBeLessThan(0);
    expect(band.dy).toBeGreaterThan(8);
    expect(at("Realisatie: 3.240").data.values[0]).toMatchObject({ year: 2006, value: 3240 });
  });

  it("sizes the chart in pixels, without Vega's text-width guesses", () => {
    expect(spec.autosize).toEqual({ type: "none" });
    expect(spec.width).toBe(470);
    expect(spec.height).toBe(240);
    expect(spec.padding).toEqual({ left: 63, right: 105, top: 10, bottom: 44 });
    expect(forecastLine.encoding.y.axis.titleX).toBe(-47);
  });

  it("handles the WW series: several realised years, no band", () => {
    const s = json(forecastSpec(ww));
    const lines = s.layer.filter((l: Json) => l.mark.type === "line");
    expect(s.layer.some((l: Json) => l.mark.type === "area")).toBe(false);
    expect(lines).toHaveLength(2);
    expect(lines[0].data.values).toEqual([
      { year: 2006, value: 3508 },
      { year: 2007, value: 3087 },
      { year: 2008, value: 2778 },
      { year: 2009, value: 2584 },
      { year: 2010, value: 2455 },
    ]);
    expect(lines[1].data.values.map((r: Json) => r.value)).toEqual([2825, 5022, 4787, 4230, 3508]);
    expect(lines[0].encoding.x.axis.values).toEqual([2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010]);
    expect(lines[0].encoding.y.scale.domain).toEqual([2000, 5500]);
    expect(lines[0].encoding.y.axis.values).toEqual([2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500]);
    expect(lines[0].encoding.y.axis.title).toBe("Aanvragen WW");
    expect(s.layer.filter((l: Json) => l.mark.type === "text").map((l: Json) => l.data.values[0].label)).toEqual([
      "Prognose: 2.455",
      "Realisatie: 3.508",
    ]);
    expectHouseStyle(s);
  });

  it("connects a single far forecast point and draws a forecast without realisation", () => {
    const short = json(forecastSpec({ ...bijstand, forecast: [{ year: 2011, value: 3200, low: 2900, high: 3500 }] }));
    expect(short.layer.find((l: Json) => l.mark.type === "area").data.values).toEqual([
      { year: 2006, low: 3240, high: 3240 },
      { year: 2011, low: 2900, high: 3500 },
    ]);
    // A band given only for the last year opens from the forecast point before it.
    const late = json(forecastSpec({ ...bijstand, forecast: [{ year: 2010, value: 3208 }, { year: 2011, value: 3200, low: 2900, high: 3500 }] }));
    expect(late.layer.find((l: Json) => l.mark.type === "area").data.values).toEqual([
      { year: 2010, low: 3208, high: 3208 },
      { year: 2011, low: 2900, high: 3500 },
    ]);
    const only = json(forecastSpec({ ...bijstand, actual: [] }));
    expect(only.layer.filter((l: Json) => l.mark.type === "line").map((l: Json) => l.data.values[0].year)).toEqual([2007, 2007]);
    expect(only.layer.filter((l: Json) => l.mark.type === "text").map((l: Json) => l.data.values[0].label)).not.toContain("Realisatie: 3.240");
  });

  it("does not add a connecting point when the forecast overlaps realised years", () => {
    const s = json(forecastSpec({ ...ww, forecast: [{ year: 2005, value: 4000 }, ...ww.forecast] }));
    const forecastRows = s.layer.find((l: Json) => l.mark.type === "line" && l.mark.strokeDash).data.values;
    expect(forecastRows[0]).toEqual({ year: 2005, value: 4000 });
    expect(forecastRows).toHaveLength(5);
  });

  it("keeps zero on the axis when values lie close to it", () => {
    const s = json(forecastSpec({ ...ww, actual: [{ year: 2005, value: 100 }], forecast: [{ year: 2006, value: 900 }] }));
    expect(s.layer[0].encoding.y.scale.domain[0]).toBe(0);
  });

  it("follows the house style and is a pure function of its input", () => {
    expectHouseStyle(spec);
    expect(spec.description).toBe(bijstand.description);
    expect(spec.title).toBeUndefined();
    expect(JSON.stringify(forecastSpec(bijstand))).toBe(JSON.stringify(forecastSpec(structuredClone(bijstand))));
    const titled = json(forecastSpec({ ...bijstand, showTitle: true }));
    expect(titled.padding.top).toBe(38);
    expect(titled.layer.at(-1).data.values).toEqual([{ title: bijstand.title }]);
    expectHouseStyle(titled);
  });

  it("rejects unusable input with a Dutch ChartError", () => {
    const err = (i: ForecastChartInput): string => {
      try {
        forecastSpec(i);
      } catch (e) {
        expect(e).toBeInstanceOf(ChartError);
        return (e as Error).message;
      }
      throw new Error("geen fout");
    };
    expect(err({ ...ww, forecast: [] })).toBe("Grafiek 'ww-aanvragen' kon niet worden gemaakt: er is geen prognose om te tekenen");
    expect(err({ ...ww, colours: ["#000"] as unknown as [string, string] })).toMatch(/twee kleuren nodig/);
    expect(err({ ...ww, forecast: [{ year: 2007, value: 1, low: 0 }] })).toMatch(/zowel een onder- als een bovengrens/);
    expect(err({ ...ww, forecast: [{ year: 2007, value: 5, low: 6, high: 9 }] })).toMatch(/ligt niet tussen de ondergrens 6 en de bovengrens 9/);
    expect(err({ ...ww, forecast: [{ year: 2008, value: 1 }, { year: 2007, value: 1 }] })).toMatch(/de jaren moeten oplopen \(2008 en dan 2007\)/);
    expect(err({ ...ww, actual: [{ year: 2006.5, value: 1 }] })).toMatch(/jaar '2006.5' is geen geheel jaartal/);
    expect(err({ ...ww, actual: [{ year: 2006, value: Number.NaN }] })).toMatch(/realisatie 2006: de waarde is geen getal/);
    expect(err({ ...ww, forecast: [{ year: 2007, value: 1, low: 0, high: 2 }, { year: 2008, value: 1 }] })).toMatch(/ook grenzen/);
  });
});

describe("barSpec", () => {
  const g = json(barSpec(deepFreeze(structuredClone(grouped))));
  const d = json(barSpec(deepFreeze(structuredClone(diverging))));
  const p = json(barSpec(percent));
  const barsOf = (s: Json): Json => s.layer[0];

  it("draws grouped bars side by side per sector, in the given order", () => {
    const enc = barsOf(g).layer[0].encoding;
    expect(barsOf(g).layer[0].mark.type).toBe("bar");
    expect(enc.y).toEqual({ field: "label", type: "nominal", scale: { domain: labels, paddingInner: 0.266667, paddingOuter: 0.133334 }, axis: null });
    expect(enc.yOffset).toEqual({ field: "series", type: "nominal", scale: { domain: ["2005", "2006"], paddingInner: 0.1 } });
    expect(enc.x2).toEqual({ datum: 0 });
    expect(enc.x.field).toBe("value");
    expect(enc.x.scale).toEqual({ domain: [0, 10368.69977], range: [175, 560], nice: false, zero: false });
    expect(enc.x.axis).toMatchObject({ title: "Banen", values: [0, 2000, 4000, 6000, 8000, 10000], labelExpr: "format(datum.value, ',.2~f')", grid: true });
    expect(barsOf(g).data.values.slice(0, 2)).toEqual([
      { label: "Landbouw en visserij", series: "2005", value: 2377, text: "2.377", direction: "stijging" },
      { label: "Landbouw en visserij", series: "2006", value: 2337, text: "2.337", direction: "stijging" },
    ]);
    expect(barsOf(g).data.values.map((r: Json) => r.text)).toContain("9.383");
  });

  it("tells grouped series apart without colour: fill strength, outline and a matching legend", () => {
    const enc = barsOf(g).layer[0].encoding;
    expect(enc.fillOpacity.scale).toEqual({ domain: ["2005", "2006"], range: [0.4, 1] });
    expect(enc.stroke.scale.range).toEqual(["#00629b", "#00629b"]);
    expect(enc.fill.legend).toBeNull();
    const legend = g.layer.filter((l: Json) => l.encoding?.y?.value === -26 || l.encoding?.y?.value === -20);
    expect(legend.map((l: Json) => `${l.mark.type} ${l.data.values[0].series} ${l.mark.fillOpacity ?? ""}`)).toEqual([
      "rect 2005 0.4",
      "text 2005 ",
      "rect 2006 1",
      "text 2006 ",
    ]);
  });

  it("grows with the number of categories", () => {
    expect(g.autosize).toEqual({ type: "none" });
    expect(g.width).toBe(560);
    expect(g.height).toBe(14 * 30);
    expect(g.padding).toEqual({ left: 5, right: 10, top: 38, bottom: 44 });
    const four = json(barSpec({ ...grouped, categories: grouped.categories.slice(0, 4) }));
    expect(four.height).toBe(4 * 30);
    expect(d.height).toBe(14 * 30);
    expect(d.padding.top).toBe(8); // no legend
  });

  it("wraps long sector names onto two right-aligned lines", () => {
    const labelLayers = g.layer.filter((l: Json) => l.encoding?.text?.field === "lines");
    expect(labelLayers.map((l: Json) => l.mark.dy)).toEqual([0, -6.5]);
    expect(labelLayers[1].data.values).toEqual([
      { label: "Energie- en waterleidingbedrijven", lines: ["Energie- en", "waterleidingbedrijven"] },
      { label: "Vervoer, opslag en communicatie", lines: ["Vervoer, opslag en", "communicatie"] },
      { label: "Cultuur, recreatie, overige diensten", lines: ["Cultuur, recreatie,", "overige diensten"] },
    ]);
    expect(labelLayers[0].mark).toMatchObject({ align: "right", baseline: "middle" });
    expect(labelLayers[0].encoding.x).toEqual({ value: 165 });
  });

  it("draws changes around a zero rule with signed labels (real minus) at the bar ends", () => {
    const enc = barsOf(d).layer[0].encoding;
    expect(enc.yOffset).toBeUndefined();
    expect(enc.fill.scale).toEqual({ domain: ["daling", "stijging"], range: ["#b3541e", "#00629b"] });
    expect(enc.fillOpacity.scale.range).toEqual([0.4, 1]); // decreases light, increases solid
    expect(barsOf(d).data.values.map((r: Json) => r.text)).toEqual([
      `${MINUS}40`, "+6", `${MINUS}173`, `${MINUS}5`, "+77", "+69", "+42",
      `${MINUS}14`, `${MINUS}15`, "+145", `${MINUS}137`, `${MINUS}18`, "+292", "+49",
    ]);
    const [neg, pos] = barsOf(d).layer.slice(1);
    expect(neg.transform).toEqual([{ filter: "datum.value < 0" }]);
    expect(neg.mark).toMatchObject({ type: "text", align: "right", dx: -4, fontSize: 11 });
    expect(pos.transform).toEqual([{ filter: "datum.value >= 0" }]);
    expect(pos.mark).toMatchObject({ type: "text", align: "left", dx: 4, fontSize: 11 });
    const rule = d.layer.find((l: Json) => l.mark?.type === "rule");
    expect(rule.data.values).toEqual([{ value: 0 }]);
    expect(rule.encoding.y).toBeUndefined(); // full height
    expect(enc.x.scale.domain).toEqual([-217.42272, 336.42272]);
    expect(enc.x.axis.values).toEqual([-200, -100, 0, 100, 200, 300]);
    expect(enc.x.axis.labelExpr).toBe("(datum.value > 0 ? '+' : '') + format(datum.value, ',.2~f')");
    expect(enc.x.axis.title).toBe("Verandering in banen (2006 t.o.v. 2005)");
  });

  it("formats percentage changes as +2,7%", () => {
    const rows = barsOf(p).data.values;
    expect(rows.find((r: Json) => r.label === "Landbouw en visserij").text).toBe(`${MINUS}1,7%`);
    expect(rows.find((r: Json) => r.label === "Openbaar bestuur").text).toBe(`${MINUS}6,8%`);
    expect(rows.find((r: Json) => r.label === "Gezondheids-, welzijnszorg").text).toBe("+4,0%");
    const axis = barsOf(p).layer[0].encoding.x.axis;
    expect(axis.labelExpr).toBe("(datum.value > 0 ? '+' : '') + format(datum.value, ',.2~f') + '%'");
    expect(axis.values).toEqual([-8, -6, -4, -2, 0, 2, 4, 6]);
  });

  it("formats bar values and wraps labels", () => {
    expect(formatBarValue(-173, "count", true)).toBe(`${MINUS}173`);
    expect(formatBarValue(292, "count", true)).toBe("+292");
    expect(formatBarValue(278, "count", true)).toBe("+278");
    expect(formatBarValue(0, "count", true)).toBe("0");
    expect(formatBarValue(46871, "count", false)).toBe("46.871");
    expect(formatBarValue(-1234, "count", false)).toBe(`${MINUS}1.234`);
    expect(formatBarValue(2.7, "percentChange", true)).toBe("+2,7%");
    expect(formatBarValue(0.6, "percentChange", true)).toBe("+0,6%");
    expect(formatBarValue(-0.04, "percentChange", true)).toBe("0,0%");
    expect(wrapLabel("Horeca")).toEqual(["Horeca"]);
    expect(wrapLabel("Gezondheids-, welzijnszorg")).toEqual(["Gezondheids-, welzijnszorg"]);
    expect(wrapLabel("Energie- en waterleidingbedrijven")).toEqual(["Energie- en", "waterleidingbedrijven"]);
    // Never cut with "…": a long name gets more lines, a long word a line of its own.
    expect(wrapLabel("Cultuur, recreatie en overige dienstverlening van de gemeente")).toEqual([
      "Cultuur, recreatie en",
      "overige dienstverlening",
      "van de gemeente",
    ]);
    expect(wrapLabel("Arbeidsmarktinfrastructuurprogramma's")).toEqual(["Arbeidsmarktinfrastructuurprogramma's"]);
    for (const l of wrapLabel("a ".repeat(60))) expect(l.length).toBeLessThanOrEqual(26);
    // The label column widens so that every name fits in two lines, without "…".
    const sectors = ["Productie en distributie van elektriciteit, aardgas en water", "Milieudienstverlening, cultuur, recreatie, overige dienstverlening", "Horeca"];
    const wrapped = wrapLabels(sectors);
    expect(wrapped.every((w) => w.length <= 2)).toBe(true);
    expect(wrapped.map((w) => w.join(" "))).toEqual(sectors);
    expect(wrapped.flat().join("")).not.toContain("\u2026");
  });

  it("follows the house style and is a pure function of its input", () => {
    expectHouseStyle(g);
    expectHouseStyle(d);
    expectHouseStyle(p);
    expect(JSON.stringify(barSpec(grouped))).toBe(JSON.stringify(barSpec(structuredClone(grouped))));
    const titled = json(barSpec({ ...grouped, showTitle: true }));
    expect(titled.padding.top).toBe(66);
    expect(titled.layer.at(-1).mark).toMatchObject({ type: "text", fontSize: 15, fontWeight: 600 });
    expectHouseStyle(titled);
  });

  it("rejects unusable input with a Dutch ChartError", () => {
    const bad = (i: BarChartInput): unknown => {
      try {
        barSpec(i);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    expect(bad({ ...grouped, categories: [] })).toBeInstanceOf(ChartError);
    expect(String(bad({ ...grouped, categories: [] }))).toContain("er zijn geen categorieën om te tekenen");
    const dup = { ...diverging, categories: [...diverging.categories, diverging.categories[0]!] };
    expect(String(bad(dup))).toContain("de categorie 'Landbouw en visserij' komt twee keer voor");
    expect(String(bad({ ...diverging, categories: grouped.categories }))).toContain("één reeks, niet 2");
    expect(String(bad({ ...grouped, colours: ["#000"] }))).toContain("2 reeksen maar 1 kleuren");
    expect(String(bad({ ...diverging, colours: ["#000"] }))).toContain("twee kleuren nodig (daling en stijging)");
    const missing = { ...grouped, categories: [grouped.categories[0]!, { label: "Horeca", values: [{ series: "2006", value: 1 }] }] };
    expect(String(bad(missing))).toContain("categorie 'Horeca' heeft reeksen '2006', verwacht '2005', '2006'");
    const nan = { ...diverging, categories: [{ label: "Horeca", values: [{ series: "x", value: Number.POSITIVE_INFINITY }] }] };
    expect(String(bad(nan))).toContain("categorie 'Horeca', reeks 'x': de waarde is geen getal");
  });
});

describe("shared helpers", () => {
  it("puts ticks on a 1-2-5 step of any size", () => {
    expect(niceTicks(2900, 3500)).toEqual({ domain: [2800, 3600], ticks: [2800, 2900, 3000, 3100, 3200, 3300, 3400, 3500, 3600], step: 100 });
    expect(niceTicks(0, 412000, { floor: 0 }).ticks).toEqual([0, 100000, 200000, 300000, 400000, 500000]);
    expect(niceTicks(-0.3, 0.4).step).toBe(0.2);
  });

  it("formats numbers the Dutch way with a real minus", () => {
    expect(formatNumber(3240)).toBe("3.240");
    expect(formatNumber(-1.5)).toBe(`${MINUS}1,5`);
    expect(formatNumber(-0.001)).toBe("0");
  });
});

describe("Vega-Lite schema", () => {
  beforeAll(() => {
    validateVegaLiteSpec({}); // compile once (about a second)
  }, 30_000);

  it("accepts every chart spec", () => {
    const specs: [string, TopLevelSpec][] = [
      ["trend", trendSpec(trendInput)],
      ["trend zonder ambitie", trendSpec({ ...trendInput, target: undefined, showTitle: true })],
      ["bijstand", forecastSpec(bijstand)],
      ["bijstand met titel", forecastSpec({ ...bijstand, showTitle: true })],
      ["ww", forecastSpec(ww)],
      ["gegroepeerd", barSpec(grouped)],
      ["gegroepeerd met titel", barSpec({ ...grouped, showTitle: true })],
      ["rond nul", barSpec(diverging)],
      ["procenten", barSpec(percent)],
    ];
    for (const [name, spec] of specs) expect([name, validateVegaLiteSpec(spec)]).toEqual([name, []]);
  });

  it("rejects what is not Vega-Lite, naming the place", () => {
    const lijn = validateVegaLiteSpec({ data: { values: [] }, mark: "lijn" });
    expect(lijn.length).toBeGreaterThan(0);
    expect(lijn.join("\n")).toMatch(/^\/mark: moet een van deze waarden zijn: .*"line"/m);
    const broken = json(forecastSpec(ww));
    broken.layer[0].mark.strokeDash = "6 4";
    expect(validateVegaLiteSpec(broken)).toContain("/layer/0/mark/strokeDash: moet van het type array of object zijn");
    const typo = json(barSpec(diverging));
    typo.layer[0].layer[0].encoding.x.type = "quantitive";
    expect(validateVegaLiteSpec(typo).join("\n")).toContain("/layer/0/layer/0/encoding/x/type: moet een van deze waarden zijn:");
    expect(validateVegaLiteSpec({ data: { values: [] }, layer: [{ mark: "line", encodng: {} }] })).toContain(
      "/layer/0: onbekende eigenschap 'encodng'",
    );
  });
});

describe("rendered SVG", () => {
  const cases: [string, TopLevelSpec, { id: string; title: string; description: string }][] = [
    ["bijstand", forecastSpec(bijstand), meta(bijstand)],
    ["ww", forecastSpec(ww), meta(ww)],
    ["gegroepeerd", barSpec(grouped), meta(grouped)],
    ["rond nul", barSpec(diverging), meta(diverging)],
    ["procenten", barSpec(percent), meta(percent)],
  ];

  it("is an accessible image without Vega warnings", async () => {
    const warn = vi.spyOn(console, "warn");
    for (const [, spec, m] of cases) {
      const svg = await renderChartSvg(spec, m);
      expect(rootTag(svg)).toMatch(new RegExp(`class="grafiek" role="img" aria-labelledby="${m.id}-titel ${m.id}-beschrijving">$`));
      expect(svg.match(/\s(?:role|aria-[a-z]+)="/g)).toEqual([' role="', ' aria-labelledby="']);
      expect(svg).toContain(`font-family="${FONT}"`);
    }
    expect(warn).not.toHaveBeenCalled();
  });

  it("has the sizes the specs lay out", async () => {
    const size = async (i: number): Promise<string> => /width="(\d+)" height="(\d+)"/.exec(rootTag(await renderChartSvg(cases[i]![1], cases[i]![2])))!.slice(1).join("x");
    expect(await size(0)).toBe("638x294");
    expect(await size(2)).toBe("575x502");
    expect(await size(3)).toBe("575x472");
  });

  it("shows Dutch numbers and years in the forecast", async () => {
    const t = texts(await renderChartSvg(forecastSpec(bijstand), meta(bijstand)));
    expect(t).toEqual(expect.arrayContaining(["2006", "2011", "Jaar", "2.800", "3.600", "Aantal bijstandsuitkeringen"]));
    expect(t).toEqual(expect.arrayContaining(["Realisatie: 3.240", "Prognose: 3.200", "Bandbreedte", "3.500", "2.900"]));
    expect(t.join("|")).not.toMatch(/2\.0\d\d/); // no "2.006"
    const w = texts(await renderChartSvg(forecastSpec(ww), meta(ww)));
    expect(w.slice(0, 9)).toEqual(["2002", "2003", "2004", "2005", "2006", "2007", "2008", "2009", "2010"]);
    expect(w).toEqual(expect.arrayContaining(["5.500", "Realisatie: 3.508", "Prognose: 2.455"]));
  });

  it("shows signed Dutch values and full sector names in the bar charts", async () => {
    const d = texts(await renderChartSvg(barSpec(diverging), meta(diverging)));
    expect(d).toEqual(expect.arrayContaining([`${MINUS}173`, "+292", `${MINUS}40`, "+77", `${MINUS}200`, "0", "+300"]));
    expect(d).toEqual(expect.arrayContaining(["Energie- en waterleidingbedrijven", "Gezondheids-, welzijnszorg", "Verandering in banen (2006 t.o.v. 2005)"]));
    expect(d.join("|")).not.toMatch(/-\d/); // no hyphen-minus before digits
    const g = texts(await renderChartSvg(barSpec(grouped), meta(grouped)));
    expect(g).toEqual(expect.arrayContaining(["2005", "2006", "2.377", "9.383", "7.626", "10.000", "Banen"]));
    const p = texts(await renderChartSvg(barSpec(percent), meta(percent)));
    expect(p).toEqual(expect.arrayContaining([`${MINUS}1,7%`, "+4,0%", `${MINUS}8%`, "0%", "+6%"]));
  });

  it("is deterministic and has no clashing ids next to a trend chart", async () => {
    const first = await Promise.all(cases.map(([, s, m]) => renderChartSvg(s, m)));
    clearChartMemoryCache();
    const again = await Promise.all(cases.map(([, s, m]) => renderChartSvg(structuredClone(s), m)));
    expect(again).toEqual(first);
    const page = [await renderChartSvg(trendSpec(trendInput), meta(trendInput)), ...first].join("");
    const all = ids(page);
    expect(all.length).toBeGreaterThanOrEqual(12);
    expect(new Set(all).size).toBe(all.length);
  });
});
