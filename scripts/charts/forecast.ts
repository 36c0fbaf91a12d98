// Forecast chart: realised values (solid, filled markers), forecast (dashed, open
// markers) and an optional uncertainty band (light fill with thin edges), labelled
// directly with the key figures. Pure function of its input, like trend.ts.
// Laid out in pixels with autosize "none": Vega's text-width estimate (0.8 em a
// character) would otherwise pad the chart with empty space beside the labels.

import type { TopLevelSpec } from "vega-lite";
import { ChartError } from "./errors.ts";
import {
  baseConfig,
  type Box,
  FONT_SIZE,
  formatNumber,
  nearFirst,
  niceTicks,
  overlaps,
  round6,
  samplePolyline,
  SMALL_FONT_SIZE,
  TEXT_COLOUR,
  textWidth,
} from "./style.ts";
import { PLOT_HEIGHT, PLOT_WIDTH } from "./trend.ts";

export interface ForecastPoint {
  year: number;
  value: number;
  low?: number;
  high?: number;
}
export interface ForecastChartInput {
  id: string;
  title: string;
  description: string;
  /** y-axis title, Dutch, e.g. "Aantal bijstandsuitkeringen". */
  yTitle: string;
  /** Realised values (solid, with markers); may be empty. */
  actual: { year: number; value: number }[];
  /** Forecast values (dashed); low/high, when present, form a band labelled "Bandbreedte". */
  forecast: ForecastPoint[];
  /** Actual, forecast. */
  colours: [string, string];
  /** Draw the title inside the chart; off because the figure caption carries it. */
  showTitle?: boolean;
}

export const FORECAST_LABELS = { actual: "Realisatie", forecast: "Prognose", band: "Bandbreedte" } as const;
export const FORECAST_DASH = [6, 4];
const EDGE_PAD = 14; // px between the plot edge and the first/last year
const LABEL_H = 16;
const AXIS_LABEL_OFFSET = 7; // tick (5) + label padding (2)
const TITLE_SPACE = 28;

interface Pt {
  x: number;
  y: number;
}

function checkYears(id: string, what: string, years: number[]): void {
  years.forEach((y, i) => {
    if (!Number.isInteger(y)) throw new ChartError(id, `${what}: jaar '${y}' is geen geheel jaartal`);
    if (i > 0 && y <= years[i - 1]!) throw new ChartError(id, `${what}: de jaren moeten oplopen (${years[i - 1]} en dan ${y})`);
  });
}

/** Year ticks: every year, or every 2/5/10… years so that at most 12 labels fit. */
function yearTicks(first: number, last: number): number[] {
  const step = [1, 2, 5, 10, 20, 25, 50, 100].find((s) => (last - first) / s + 1 <= 12) ?? 100;
  const ticks: number[] = [];
  for (let y = Math.ceil(first / step) * step; y <= last; y += step) ticks.push(y);
  return ticks;
}

export function forecastSpec(input: ForecastChartInput): TopLevelSpec {
  const { id, actual, forecast } = input;
  if (forecast.length === 0) throw new ChartError(id, "er is geen prognose om te tekenen");
  if (input.colours.length < 2) throw new ChartError(id, "er zijn twee kleuren nodig (realisatie en prognose)");
  checkYears(id, "realisatie", actual.map((p) => p.year));
  checkYears(id, "prognose", forecast.map((p) => p.year));
  for (const p of actual) {
    if (!Number.isFinite(p.value)) throw new ChartError(id, `realisatie ${p.year}: de waarde is geen getal`);
  }
  for (const p of forecast) {
    if (!Number.isFinite(p.value)) throw new ChartError(id, `prognose ${p.year}: de waarde is geen getal`);
    if ((p.low === undefined) !== (p.high === undefined)) {
      throw new ChartError(id, `prognose ${p.year}: geef zowel een onder- als een bovengrens, of geen van beide`);
    }
    if (p.low !== undefined && p.high !== undefined) {
      if (!Number.isFinite(p.low) || !Number.isFinite(p.high)) throw new ChartError(id, `prognose ${p.year}: een grens is geen getal`);
      if (!(p.low <= p.value && p.value <= p.high)) {
        throw new ChartError(id, `prognose ${p.year}: de waarde ${p.value} ligt niet tussen de ondergrens ${p.low} en de bovengrens ${p.high}`);
      }
    }
  }
  const banded = forecast.filter((p) => p.low !== undefined);
  if (banded.length > 0 && banded.length !== forecast.length - forecast.findIndex((p) => p.low !== undefined)) {
    throw new ChartError(id, "geef vanaf het eerste prognosejaar met grenzen voor elk volgend jaar ook grenzen");
  }

  // The forecast line starts at the last realised point, so the two connect.
  const last = actual[actual.length - 1];
  const connect = last !== undefined && forecast[0]!.year > last.year ? last : undefined;
  const forecastRows = [
    ...(connect ? [{ year: connect.year, value: connect.value }] : []),
    ...forecast.map((p) => ({ year: p.year, value: p.value })),
  ];
  // The band opens from the point before its first year: the previous forecast year or the last realised one.
  const bandStart = forecast.findIndex((p) => p.low !== undefined);
  const pinch = bandStart > 0 ? forecast[bandStart - 1] : bandStart === 0 ? connect : undefined;
  const bandRows = [
    ...(pinch ? [{ year: pinch.year, low: pinch.value, high: pinch.value }] : []),
    ...banded.map((p) => ({ year: p.year, low: p.low!, high: p.high! })),
  ];
  const hasBand = bandRows.length >= 2;
  const actualRows = actual.map((p) => ({ year: p.year, value: p.value }));

  // Scales, computed here so labels can be placed in pixels.
  const years = [...actualRows, ...forecastRows].map((r) => r.year);
  const y0 = Math.min(...years);
  const y1 = Math.max(...years);
  const yearSpan = Math.max(y1 - y0, 1);
  const xPad = (yearSpan * EDGE_PAD) / (PLOT_WIDTH - 2 * EDGE_PAD);
  const xDomain: [number, number] = [round6(y0 - xPad), round6(y1 + xPad)];
  const values = [
    ...actualRows.map((r) => r.value),
    ...forecastRows.map((r) => r.value),
    ...(hasBand ? bandRows.flatMap((r) => [r.low, r.high]) : []),
  ];
  const vMin = Math.min(...values);
  const vMax = Math.max(...values);
  // Counts far from zero get a zoomed axis; values close to zero (relative to their spread) keep zero.
  const withZero = vMin >= 0 && vMin <= (vMax - vMin) * 0.5;
  const yAxis = withZero ? niceTicks(0, vMax, { floor: 0 }) : niceTicks(vMin, vMax);
  const [yLo, yHi] = yAxis.domain;
  const px = (year: number): number => ((year - xDomain[0]) / (xDomain[1] - xDomain[0])) * PLOT_WIDTH;
  const py = (v: number): number => PLOT_HEIGHT * (1 - (v - yLo) / (yHi - yLo));

  // Obstacles for labels: every line, band edge and marker.
  const poly = <R extends { year: number }>(rows: R[], f: (r: R) => number): Pt[] => rows.map((r) => ({ x: px(r.year), y: py(f(r)) }));
  const actualPts = poly(actualRows, (r) => r.value);
  const forecastPts = poly(forecastRows, (r) => r.value);
  const highPts = hasBand ? poly(bandRows, (r) => r.high) : [];
  const lowPts = hasBand ? poly(bandRows, (r) => r.low) : [];
  const obstacles = [actualPts, forecastPts, highPts, lowPts].flatMap(samplePolyline);
  const markers: Box[] = [...actualPts, ...forecastPts].map((p) => ({ x0: p.x - 5, x1: p.x + 5, y0: p.y - 5, y1: p.y + 5 }));
  const interp = (pts: Pt[], x: number): number | undefined => {
    for (let i = 0; i + 1 < pts.length; i++) {
      const a = pts[i]!;
      const b = pts[i + 1]!;
      if (x >= a.x && x <= b.x) return a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x || 1);
    }
    return undefined;
  };
  const inBand = (x: number, y: number, margin = 0): boolean => {
    const hi = interp(highPts, x);
    const lo = interp(lowPts, x);
    return hi !== undefined && lo !== undefined && y > hi + margin && y < lo - margin;
  };
  const boxInBand = (b: Box): boolean =>
    [b.x0, (b.x0 + b.x1) / 2, b.x1].every((x) => inBand(x, b.y0, 2) && inBand(x, b.y1, 2));
  const boxTouchesBand = (b: Box): boolean =>
    hasBand && [b.x0, (b.x0 + b.x1) / 2, b.x1].some((x) => [b.y0, (b.y0 + b.y1) / 2, b.y1].some((y) => inBand(x, y)));
  const free = (b: Box, placed: Box[]): boolean =>
    !placed.some((p) => overlaps(p, b)) &&
    !markers.some((m) => overlaps(m, b)) &&
    !obstacles.some((p) => p.x >= b.x0 - 2 && p.x <= b.x1 + 2 && p.y >= b.y0 - 2 && p.y <= b.y1 + 2);
  const MAX_RIGHT = 200; // labels may stick out right of the plot by this much
  const inPlot = (b: Box, rightSlack = 0): boolean => b.x0 >= -1e-6 && b.x1 <= PLOT_WIDTH + rightSlack && b.y0 >= -4 - 1e-6 && b.y1 <= PLOT_HEIGHT + 4 + 1e-6;

  type Align = "left" | "right" | "center";
  interface Label {
    text: string;
    year: number;
    value: number;
    align: Align;
    dx: number;
    dy: number;
    bold: boolean;
  }
  interface Spot {
    year: number;
    value: number;
    align: Align;
    dx: number;
    dy: number;
    ok: (b: Box) => boolean;
  }
  const boxAt = (text: string, bold: boolean, s: Omit<Spot, "ok">): Box => {
    const w = bold ? textWidth(text, undefined, true) : textWidth(text, SMALL_FONT_SIZE);
    const x = px(s.year) + s.dx;
    const x0 = s.align === "left" ? x : s.align === "right" ? x - w : x - w / 2;
    const y = py(s.value) + s.dy;
    return { x0, x1: x0 + w, y0: y - LABEL_H / 2, y1: y + LABEL_H / 2 };
  };
  const placed: Box[] = [];
  const labels: Label[] = [];
  const place = (text: string, bold: boolean, spots: Spot[]): void => {
    // Nothing fits: keep the first choice rather than drop the label.
    const s = spots.find((c) => {
      const b = boxAt(text, bold, c);
      return c.ok(b) && free(b, placed);
    }) ?? spots[0]!;
    placed.push(boxAt(text, bold, s));
    labels.push({ text, bold, year: s.year, value: s.value, align: s.align, dx: round6(s.dx), dy: round6(s.dy) });
  };
  const rightOf = (p: { year: number; value: number }, dys: number[]): Spot[] =>
    dys.map((dy) => ({ ...p, align: "left" as const, dx: 8, dy, ok: (b: Box) => inPlot(b, MAX_RIGHT) }));
  const upFirst = [0, ...Array.from({ length: 40 }, (_, k) => -(k + 1)), ...Array.from({ length: 40 }, (_, k) => k + 1)];
  const downFirst = upFirst.map((v) => (v === 0 ? 0 : -v));

  // Right of the forecast's end: "Prognose: 3.200"; band ends with their values.
  const end = forecastRows[forecastRows.length - 1]!;
  place(`${FORECAST_LABELS.forecast}: ${formatNumber(end.value)}`, true, rightOf(end, nearFirst(40)));
  if (hasBand) {
    const bEnd = bandRows[bandRows.length - 1]!;
    place(formatNumber(bEnd.high), false, rightOf({ year: bEnd.year, value: bEnd.high }, upFirst));
    place(formatNumber(bEnd.low), false, rightOf({ year: bEnd.year, value: bEnd.low }, downFirst));
    // "Bandbreedte" inside the band near its end, else right of its upper edge.
    const hiY = py(bEnd.high);
    const centreY = py(forecastRows.find((r) => r.year === bEnd.year)?.value ?? (bEnd.high + bEnd.low) / 2);
    const midY = (hiY + centreY) / 2;
    const ys = Array.from({ length: Math.max(0, Math.ceil(py(bEnd.low) - hiY)) }, (_, k) => hiY + k).sort(
      (a, b) => Math.abs(a - midY) - Math.abs(b - midY) || a - b,
    );
    const inside = [-8, -20, -32, -44].flatMap((dx) =>
      ys.map((y) => ({ year: bEnd.year, value: bEnd.high, align: "right" as const, dx, dy: y - hiY, ok: boxInBand })),
    );
    place(FORECAST_LABELS.band, true, [...inside, ...rightOf({ year: bEnd.year, value: bEnd.high }, upFirst)]);
  }

  // "Realisatie: 3.508" next to the last realised point, clear of lines and band.
  if (last) {
    const spots: Spot[] = [];
    for (const dy of [-14, 14, -20, 20, -26, 26, -34, 34, -44, 44, -56, 56]) {
      for (const [align, dx] of [["left", 4], ["center", 0], ["right", -4]] as const) {
        spots.push({ ...last, align, dx, dy, ok: (b) => inPlot(b) && !boxTouchesBand(b) });
      }
    }
    for (const dy of nearFirst(12)) spots.push({ ...last, align: "right", dx: -9, dy, ok: (b) => inPlot(b) && !boxTouchesBand(b) });
    place(`${FORECAST_LABELS.actual}: ${formatNumber(last.value)}`, true, spots);
  }

  // Padding from our own text widths (see the note at the top).
  const yTickLabels = yAxis.ticks.map(formatNumber);
  const yLabelWidth = Math.max(...yTickLabels.map((t) => textWidth(t)));
  const yTitleX = -Math.ceil(AXIS_LABEL_OFFSET + yLabelWidth + 8);
  const left = -yTitleX + FONT_SIZE + 4;
  const right = Math.ceil(Math.max(PLOT_WIDTH, ...placed.map((b) => b.x1)) - PLOT_WIDTH) + 10;
  const top = 10 + (input.showTitle ? TITLE_SPACE : 0);

  const x = {
    field: "year",
    type: "quantitative" as const,
    scale: { domain: xDomain, nice: false, zero: false },
    axis: {
      aria: false,
      title: "Jaar",
      values: yearTicks(y0, y1),
      format: "d", // "2006", never "2.006"
      grid: false,
      labelFlush: false,
      titlePadding: 8,
    },
  };
  const yOf = (field: string) => ({
    field,
    type: "quantitative" as const,
    scale: { domain: [yLo, yHi], nice: false, zero: false },
    axis: {
      aria: false,
      title: input.yTitle,
      titleX: yTitleX,
      values: yAxis.ticks,
      format: ",.2~f",
      grid: true,
    },
  });
  const [actualColour, forecastColour] = input.colours;

  const spec: TopLevelSpec = {
    description: input.description,
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    padding: { left, right, top, bottom: 44 },
    autosize: { type: "none" },
    background: "#ffffff",
    config: baseConfig(),
    layer: [
      ...(hasBand
        ? [
            {
              data: { values: bandRows },
              mark: { type: "area" as const, aria: false, color: forecastColour, fillOpacity: 0.16, strokeWidth: 0 },
              encoding: { x, y: yOf("low"), y2: { field: "high" } },
            },
            {
              // Thin edges so the band still reads in greyscale print.
              data: { values: bandRows.flatMap((r) => [{ year: r.year, edge: "onder", value: r.low }, { year: r.year, edge: "boven", value: r.high }]) },
              mark: { type: "line" as const, aria: false, color: forecastColour, strokeWidth: 1, opacity: 0.85 },
              encoding: { x, y: yOf("value"), detail: { field: "edge", type: "nominal" as const } },
            },
          ]
        : []),
      {
        data: { values: forecastRows },
        mark: { type: "line", aria: false, color: forecastColour, strokeWidth: 2, strokeDash: FORECAST_DASH, strokeCap: "butt", strokeJoin: "round" },
        encoding: { x, y: yOf("value") },
      },
      {
        // Open markers on forecast years only (the connecting point is a realised one).
        data: { values: forecast.map((p) => ({ year: p.year, value: p.value })) },
        mark: { type: "point", aria: false, shape: "circle", filled: true, fill: "#ffffff", stroke: forecastColour, strokeWidth: 1.5, size: 36, opacity: 1 },
        encoding: { x, y: yOf("value") },
      },
      ...(actualRows.length > 0
        ? [
            {
              data: { values: actualRows },
              mark: { type: "line" as const, aria: false, color: actualColour, strokeWidth: 2, strokeCap: "round" as const, strokeJoin: "round" as const },
              encoding: { x, y: yOf("value") },
            },
            {
              data: { values: actualRows },
              mark: { type: "point" as const, aria: false, shape: "circle", filled: true, color: actualColour, stroke: "#ffffff", strokeWidth: 0.75, size: 44, opacity: 1 },
              encoding: { x, y: yOf("value") },
            },
          ]
        : []),
      // One layer per label so each carries its own offset.
      ...labels.map((l) => ({
        data: { values: [{ label: l.text, year: l.year, value: l.value }] },
        mark: {
          type: "text" as const,
          aria: false,
          align: l.align,
          baseline: "middle" as const,
          dx: l.dx,
          dy: l.dy,
          ...(l.bold ? { fontWeight: 600 as const } : { fontSize: SMALL_FONT_SIZE }),
          color: TEXT_COLOUR,
        },
        encoding: { x, y: yOf("value"), text: { field: "label", type: "nominal" as const } },
      })),
      // Title as a mark: Vega would place a title by the (overestimated) text bounds.
      ...(input.showTitle
        ? [
            {
              data: { values: [{ title: input.title }] },
              mark: { type: "text" as const, aria: false, align: "left" as const, baseline: "top" as const, fontSize: 15, fontWeight: 600 as const, color: TEXT_COLOUR },
              encoding: { x: { value: 5 - left }, y: { value: 8 - top }, text: { field: "title", type: "nominal" as const } },
            },
          ]
        : []),
    ],
  };
  return spec;
}
