// Indexed trend chart: local versus national, one line per region, optional target.
// The spec is a pure function of its input so rendered SVGs (and their cache keys)
// are reproducible.

import { baseConfig, CHART_FONT } from "./style.ts";
import type { TopLevelSpec } from "vega-lite";
import type { IsoDate, Month } from "../model/types.ts";
import { ChartError } from "./errors.ts";
import { formatCount, formatMonthLong } from "./locale.ts";

export interface TrendPoint {
  month: Month;
  value: number;
  index: number;
  /** Made up (sample data), or computed from a made-up number: drawn as a cross, not the line's marker. */
  illustrative?: boolean;
  /** A figure CBS may still revise: drawn as an open marker. */
  provisional?: boolean;
}
export interface TrendLine {
  region: string;
  name: string;
  points: TrendPoint[];
}
export interface TrendTarget {
  name: string;
  date: IsoDate;
  value: number;
  index: number;
  label: string;
}
export interface TrendChartInput {
  /** Stable, URL-safe id, e.g. "bijstand-trend". */
  id: string;
  /** Dutch. */
  title: string;
  /** Dutch sentence(s) saying what the chart shows, with the figures. */
  description: string;
  /** Month where index = 100. */
  baseMonth: Month;
  /** Index already computed by the caller. */
  lines: TrendLine[];
  target?: TrendTarget;
  /** One per line. */
  colours: string[];
  /** Decimals of the values (the series' `decimalen`), for the target's label; default 0. */
  decimals?: number;
  /** Draw the title inside the chart; off because the letter's figure caption carries it. */
  showTitle?: boolean;
}

export { CHART_FONT };
export const PLOT_WIDTH = 470;
export const PLOT_HEIGHT = 240;
const FONT_SIZE = 12;
const TEXT_COLOUR = "#1a1a1a";
const AXIS_COLOUR = "#595959";

// Line styles that stay distinguishable in greyscale print; diamond is kept for the target.
// The first is solid as an empty pattern, not [1, 0]: Chromium's PDF backend draws any
// dash pattern as one filled outline per dash, so a "solid" [1, 0] line became thousands
// of tiny round-capped pieces (5,500 curves on a page, most of the PDF's print time).
export const LINE_DASHES: number[][] = [[], [6, 4], [2, 3], [10, 3, 2, 3], [1, 5]];
export const LINE_SHAPES = ["circle", "square", "triangle-up", "triangle-down", "cross"] as const;

/** The marker of an illustrative point: a diagonal cross, unlike every line's own marker. */
export const ILLUSTRATIVE_SHAPE = "M-0.7,-0.7L0.7,0.7M-0.7,0.7L0.7,-0.7";

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE_RE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

interface Ymd {
  year: number;
  month: number; // 1-based, as vega-lite's DateTime
  date: number;
}

function parseMonth(id: string, month: Month): Ymd {
  const m = MONTH_RE.exec(month);
  if (!m) throw new ChartError(id, `ongeldige maand '${month}' (verwacht JJJJ-MM)`);
  return { year: Number(m[1]), month: Number(m[2]), date: 1 };
}

function parseDate(id: string, date: IsoDate): Ymd {
  const m = DATE_RE.exec(date);
  if (!m) throw new ChartError(id, `ongeldige datum '${date}' (verwacht JJJJ-MM-DD)`);
  return { year: Number(m[1]), month: Number(m[2]), date: Number(m[3]) };
}

const ms = (d: Ymd): number => Date.UTC(d.year, d.month - 1, d.date);
const DAY = 86_400_000;
function addDays(d: Ymd, days: number): Ymd {
  const t = new Date(ms(d) + days * DAY);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, date: t.getUTCDate() };
}
const iso = (d: Ymd): string =>
  `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.date).padStart(2, "0")}`;

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/**
 * y domain rounded outward to a 1-2-5 step, with the ticks on that step, so the axis
 * starts and ends on a labelled value and gridlines sit on round numbers.
 */
export function indexAxis(values: number[]): { domain: [number, number]; ticks: number[] } {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = Math.max(max - min, 1);
  const pad = span * 0.08; // room for markers and labels at the edges
  let step = 0.1;
  for (const s of [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]) {
    step = s;
    if ((span + 2 * pad) / s <= 7) break;
  }
  const lo = round6(Math.floor((min - pad) / step) * step);
  const hi = round6(Math.ceil((max + pad) / step) * step);
  const ticks: number[] = [];
  for (let k = 0; round6(lo + k * step) <= hi; k++) ticks.push(round6(lo + k * step));
  return { domain: [lo, hi], ticks };
}

/** Month step so that at most `maxTicks` labels like "jan 2015" fit. */
function xTickCount(spanMonths: number, maxTicks: number): { interval: "month" | "year"; step: number } {
  for (const step of [1, 2, 3, 6, 12, 24, 36, 60, 120]) {
    if (spanMonths / step + 1 <= maxTicks) {
      return step < 12 ? { interval: "month", step } : { interval: "year", step: step / 12 };
    }
  }
  return { interval: "year", step: 20 };
}

// Rough text width for a 12 px sans-serif; only used to keep labels apart.
const textWidth = (text: string, weight600 = false): number => text.length * FONT_SIZE * (weight600 ? 0.56 : 0.52);

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}
const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

export function trendSpec(input: TrendChartInput): TopLevelSpec {
  const { id, lines, target } = input;
  if (lines.length === 0) throw new ChartError(id, "er zijn geen lijnen om te tekenen");
  if (lines.length > LINE_DASHES.length) {
    throw new ChartError(id, `te veel lijnen (${lines.length}); maximaal ${LINE_DASHES.length} blijven zonder kleur te onderscheiden`);
  }
  if (input.colours.length < lines.length) {
    throw new ChartError(id, `${lines.length} lijnen maar ${input.colours.length} kleuren`);
  }
  const names = lines.map((l) => l.name);
  if (new Set(names).size !== names.length) throw new ChartError(id, "twee lijnen hebben dezelfde naam");

  const rows = lines.flatMap((line) => {
    if (line.points.length === 0) throw new ChartError(id, `lijn '${line.name}' heeft geen punten`);
    return line.points.map((p) => ({
      region: line.region,
      name: line.name,
      month: p.month,
      date: iso(parseMonth(id, p.month)),
      value: p.value,
      index: p.index,
      illustrative: p.illustrative === true,
      ...(p.provisional ? { provisional: true } : {}),
    }));
  });
  for (const r of rows) {
    if (!Number.isFinite(r.index)) throw new ChartError(id, `index van '${r.name}' in ${r.month} is geen getal`);
  }

  if (target && !(Number.isFinite(target.index) && Number.isFinite(target.value))) {
    throw new ChartError(id, `de ambitie '${target.label}' heeft geen geldige waarde of index`);
  }

  // x domain: first month up to the later of the last month and the target date.
  const starts = lines.map((l) => parseMonth(id, l.points[0]!.month));
  const ends = lines.map((l) => parseMonth(id, l.points[l.points.length - 1]!.month));
  const targetDate = target ? parseDate(id, target.date) : undefined;
  const candidates = [...starts, ...ends, ...(targetDate ? [targetDate] : [])];
  const x0 = candidates.reduce((a, b) => (ms(b) < ms(a) ? b : a));
  const lastDate = candidates.reduce((a, b) => (ms(b) > ms(a) ? b : a));
  // A target at the very end would sit half outside the plot: add ~12 px of time after it.
  const x1 = targetDate && ms(lastDate) === ms(targetDate) ? addDays(lastDate, Math.ceil(((ms(lastDate) - ms(x0)) / DAY / PLOT_WIDTH) * 12)) : lastDate;
  const xSpan = Math.max(ms(x1) - ms(x0), 1);
  const px = (d: Ymd): number => ((ms(d) - ms(x0)) / xSpan) * PLOT_WIDTH;

  const yAxis = indexAxis([...rows.map((r) => r.index), 100, ...(target ? [target.index] : [])]);
  const [yLo, yHi] = yAxis.domain;
  const py = (index: number): number => PLOT_HEIGHT * (1 - (index - yLo) / (yHi - yLo));

  const spanMonths = (x1.year - x0.year) * 12 + (x1.month - x0.month);
  const tickCount = xTickCount(spanMonths, Math.floor(PLOT_WIDTH / 75));
  // Beyond two years of months, markers on every point hide the dash pattern: mark only line ends.
  const dense = lines.some((l) => l.points.length > 24);
  const pointRows = dense ? rows.filter((r, i) => rows[i + 1]?.name !== r.name) : rows;

  // The lines as sampled points, so label boxes can keep clear of them.
  const linePoints: { x: number; y: number }[] = [];
  for (const line of lines) {
    const pts = line.points.map((p) => ({ x: px(parseMonth(id, p.month)), y: py(p.index) }));
    pts.forEach((p, i) => {
      const next = pts[i + 1];
      for (let k = 0; k < (next ? 8 : 1); k++) {
        linePoints.push(next ? { x: p.x + ((next.x - p.x) * k) / 8, y: p.y + ((next.y - p.y) * k) / 8 } : p);
      }
    });
  }
  const hitsLine = (b: Box): boolean => linePoints.some((p) => p.x >= b.x0 && p.x <= b.x1 && p.y >= b.y0 && p.y <= b.y1);
  const inPlot = (b: Box): boolean => b.x0 >= 0 && b.x1 <= PLOT_WIDTH && b.y0 >= 0 && b.y1 <= PLOT_HEIGHT;

  // Obstacles for the end-of-line labels: the target diamond and its text.
  const placed: Box[] = [];
  let diamondBox: Box | undefined;
  let targetText: { text: string; align: "left" | "right"; dx: number; dy: number } | undefined;
  if (target && targetDate) {
    const tx = px(targetDate);
    const ty = py(target.index);
    const text = `${target.label}: ${formatCount(target.value, input.decimals)}`;
    const w = textWidth(text);
    const diamond = { x0: tx - 7, x1: tx + 7, y0: ty - 7, y1: ty + 7 };
    // Beside the diamond first, then above/below it; prefer extending towards the plot's middle.
    const towardsLeft = tx > PLOT_WIDTH / 2;
    const spots: { align: "left" | "right"; dx: number; dy: number }[] = towardsLeft
      ? [{ align: "right", dx: -11, dy: 0 }, { align: "right", dx: 6, dy: -16 }, { align: "right", dx: 6, dy: 16 }]
      : [{ align: "left", dx: 11, dy: 0 }, { align: "left", dx: -6, dy: -16 }, { align: "left", dx: -6, dy: 16 }];
    const boxOf = (c: (typeof spots)[number]): Box => {
      const x0 = c.align === "right" ? tx + c.dx - w : tx + c.dx;
      return { x0, x1: x0 + w, y0: ty + c.dy - 8, y1: ty + c.dy + 8 };
    };
    const choice =
      spots.find((c) => inPlot(boxOf(c)) && !hitsLine(boxOf(c))) ??
      spots.find((c) => !hitsLine(boxOf(c))) ??
      spots[0]!;
    placed.push(diamond, boxOf(choice));
    diamondBox = diamond;
    targetText = { text, ...choice };
  }

  // Direct labels: nudge vertically so they neither collide with each other nor the target;
  // if that would move a label far from its line, put it just right of the target instead.
  const labelOrder = lines
    .map((line, i) => ({ line, i, end: ends[i]!, y: py(line.points[line.points.length - 1]!.index) }))
    .sort((a, b) => a.y - b.y || a.i - b.i);
  const labelOffset = new Map<number, { dx: number; dy: number }>();
  const offsets = (max: number): number[] => Array.from({ length: 2 * max + 1 }, (_, k) => (k % 2 === 0 ? k / 2 : -(k + 1) / 2));
  for (const l of labelOrder) {
    const endX = px(l.end);
    const w = textWidth(l.line.name, true);
    const attempts: { dx: number; offs: number[] }[] = [{ dx: 8, offs: offsets(8) }];
    if (diamondBox && diamondBox.x1 + 6 > endX + 8) attempts.push({ dx: diamondBox.x1 + 6 - endX, offs: offsets(80) });
    attempts.push({ dx: 8, offs: offsets(80) });
    let chosen = { dx: 8, dy: 0 };
    search: for (const { dx, offs } of attempts) {
      for (const off of offs) {
        const box = { x0: endX + dx, x1: endX + dx + w, y0: l.y + off - 8, y1: l.y + off + 8 };
        if (!placed.some((b) => overlaps(b, box))) {
          chosen = { dx, dy: off };
          placed.push(box);
          break search;
        }
      }
    }
    labelOffset.set(l.i, chosen);
  }

  const x = {
    field: "date",
    type: "temporal" as const,
    scale: {
      type: "utc" as const, // UTC throughout: output must not depend on the build machine's time zone
      domain: { expr: "xDomain" },
      nice: false,
    },
    axis: {
      aria: false,
      title: "Maand",
      format: "%b %Y",
      tickCount: { expr: "xTickCount" },
      grid: false,
      labelOverlap: true,
      labelFlush: false,
      titlePadding: 8,
    },
  };
  const y = {
    field: "index",
    type: "quantitative" as const,
    scale: { zero: false, domain: { expr: "yDomain" }, nice: false },
    axis: {
      aria: false,
      // Vega-Lite passes a signal title through to Vega (its types say text only).
      title: { signal: "yTitle" } as unknown as string,
      format: ",.1~f",
      grid: true,
      values: { expr: "yTicks" },
      titlePadding: 8,
    },
  };
  const byName = <T,>(range: T[]) => ({ field: "name", type: "nominal" as const, scale: { domain: { expr: "names" }, range }, legend: null });
  const colour = byName(input.colours.slice(0, lines.length));

  const spec: TopLevelSpec = {
    description: input.description,
    ...(input.showTitle ? { title: { text: input.title, anchor: "start", fontSize: 15, fontWeight: 600, offset: 12 } } : {}),
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    padding: { left: 5, right: 10, top: 10, bottom: 5 },
    autosize: { type: "pad" },
    background: "#ffffff",
    config: baseConfig(),
    // This chart's own values: data and params (signals), so that a chart of the same
    // shape reuses the compiled Vega View (vega-render.ts). Everything else is the shape.
    datasets: {
      lines: rows,
      points: pointRows.filter((r) => !r.illustrative),
      ...(pointRows.some((r) => r.illustrative) ? { illustrative: pointRows.filter((r) => r.illustrative) } : {}),
      ...(rows.some((r) => r.provisional) ? { provisional: rows.filter((r) => r.provisional) } : {}),
      ...Object.fromEntries(lines.map((line, i) => [`label${i}`, [{ name: line.name, date: iso(ends[i]!), index: line.points[line.points.length - 1]!.index }]])),
      ...(target && targetDate && targetText ? { target: [{ name: target.name, label: targetText.text, date: iso(targetDate), index: target.index, value: target.value }] } : {}),
    },
    params: [
      // UTC milliseconds, as the scale's Vega-Lite DateTimes with utc: true compile to.
      { name: "xDomain", value: [ms(x0), ms(x1)] },
      { name: "xTickCount", value: tickCount },
      { name: "yDomain", value: [yLo, yHi] },
      { name: "yTicks", value: yAxis.ticks },
      { name: "yTitle", value: `Index (${formatMonthLong(input.baseMonth)} = 100)` },
      { name: "names", value: names },
      ...lines.flatMap((_, i) => [
        { name: `label${i}Dx`, value: round6(labelOffset.get(i)?.dx ?? 8) },
        { name: `label${i}Dy`, value: labelOffset.get(i)?.dy ?? 0 },
      ]),
      ...(target && targetText
        ? [
            { name: "targetColour", value: input.colours[names.indexOf(target.name)] ?? TEXT_COLOUR },
            { name: "targetAlign", value: targetText.align },
            { name: "targetDx", value: targetText.dx },
            { name: "targetDy", value: targetText.dy },
          ]
        : []),
    ],
    layer: [
      // Reference line at index 100 (the base month).
      {
        data: { values: [{ index: 100 }] },
        mark: { type: "rule", aria: false, color: "#8c8c8c", strokeWidth: 1 },
        encoding: { y },
      },
      {
        data: { name: "lines" },
        // Butt caps: a round cap makes every dash a curved outline in the PDF (see LINE_DASHES).
        mark: { type: "line", aria: false, strokeWidth: 2, strokeCap: "butt", strokeJoin: "round" },
        encoding: { x, y, color: colour, strokeDash: byName(LINE_DASHES.slice(0, lines.length)) },
      },
      {
        data: { name: "points" },
        mark: { type: "point", aria: false, filled: true, opacity: 1, size: 40, stroke: "#ffffff", strokeWidth: 0.75 },
        encoding: { x, y, color: colour, shape: byName(LINE_SHAPES.slice(0, lines.length)) },
      },
      // Illustrative points: a cross (×) in the line's colour instead of its marker, so a
      // made-up number never looks like a real one (named in the caption and description).
      ...(pointRows.some((r) => r.illustrative)
        ? [
            {
              data: { name: "illustrative" },
              mark: { type: "point" as const, aria: false, filled: false, opacity: 1, size: 45, shape: ILLUSTRATIVE_SHAPE, strokeWidth: 1.6, strokeCap: "butt" as const },
              encoding: { x, y, color: colour },
            },
          ]
        : []),
      // Provisional figures: an open marker (white inside, the line's colour around it) over
      // every such point, also where a long line shows markers at its ends only. A chart
      // without any has no such layer, so its SVG is what it was before statuses existed.
      ...(rows.some((r) => r.provisional)
        ? [
            {
              data: { name: "provisional" },
              mark: { type: "point" as const, aria: false, filled: true, fill: "#ffffff", opacity: 1, size: 40, strokeWidth: 1.5 },
              encoding: { x, y, stroke: colour, shape: byName(LINE_SHAPES.slice(0, lines.length)) },
            },
          ]
        : []),
      // One layer per label so each can carry its own vertical nudge.
      ...lines.map((_line, i) => ({
        data: { name: `label${i}` },
        mark: {
          type: "text" as const,
          aria: false,
          align: "left" as const,
          baseline: "middle" as const,
          dx: { expr: `label${i}Dx` },
          dy: { expr: `label${i}Dy` },
          fontWeight: 600 as const,
          color: TEXT_COLOUR,
        },
        encoding: { x, y, text: { field: "name", type: "nominal" as const } },
      })),
      ...(target && targetDate && targetText
        ? [
            {
              data: { name: "target" },
              encoding: { x, y },
              layer: [
                {
                  mark: {
                    type: "point" as const,
                    aria: false,
                    shape: "diamond",
                    filled: true,
                    size: 110,
                    opacity: 1,
                    color: { expr: "targetColour" },
                    stroke: TEXT_COLOUR,
                    strokeWidth: 1,
                  },
                },
                {
                  mark: {
                    type: "text" as const,
                    aria: false,
                    align: { expr: "targetAlign" },
                    baseline: "middle" as const,
                    dx: { expr: "targetDx" },
                    dy: { expr: "targetDy" },
                    color: TEXT_COLOUR,
                  },
                  encoding: { text: { field: "label", type: "nominal" as const } },
                },
              ],
            },
          ]
        : []),
    ],
  };
  return spec;
}
