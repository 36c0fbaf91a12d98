// Horizontal bars for sector tables: grouped (several series per category) or
// diverging (one series of changes around zero). Laid out in pixels here, with
// autosize "none", because Vega's text-width estimate (0.8 em a character) would
// otherwise leave a wide empty gutter beside long Dutch category labels.

import type { TopLevelSpec } from "vega-lite";
import { ChartError } from "./errors.ts";
import { formatCount } from "./locale.ts";
import {
  AXIS_COLOUR,
  baseConfig,
  MINUS,
  niceTicks,
  round6,
  SMALL_FONT_SIZE,
  TEXT_COLOUR,
  textWidth,
} from "./style.ts";

export interface BarCategory {
  label: string;
  values: { series: string; value: number }[];
}
export interface BarChartInput {
  id: string;
  title: string;
  description: string;
  /** Dutch, e.g. "Verandering in banen (2006 t.o.v. 2005)" or "Banen". */
  xTitle: string;
  /** In display order, top to bottom. */
  categories: BarCategory[];
  /** "grouped": several series per category; "diverging": one series of changes around 0. */
  mode: "grouped" | "diverging";
  /** "count": 1.234; "percentChange": values in percent (-1.7 → "−1,7%"). */
  format: "count" | "percentChange";
  /** Grouped: one per series. Diverging: decrease, increase. */
  colours: string[];
  /** Draw the title inside the chart; off because the figure caption carries it. */
  showTitle?: boolean;
}

/** Width of the whole chart (labels and bars) without padding. */
export const BAR_CHART_WIDTH = 560;
const LABEL_CHARS = 26; // per line, at least; two lines hold ~40-character sector names
const MAX_LABEL_CHARS = 44; // the widest label column: two lines hold ~80-character names
const LABEL_LINES = 2;
const LINE_HEIGHT = 13;
const GAP = 8; // between categories
const GROUPED_BAR = 11;
const DIVERGING_BAR = 16;
const AXIS_SPACE = 44; // tick labels and title below the plot
const LEGEND_SPACE = 30;
const TITLE_SPACE = 28;

/** Fill opacities per series, lightest first: the last (newest) series is solid. */
const SERIES_OPACITY: Record<number, number[]> = { 1: [1], 2: [0.4, 1], 3: [0.25, 0.6, 1] };
/** Decrease, increase. */
const DIRECTION_OPACITY = [0.4, 1];

/**
 * Break a label into lines of at most `maxChars`, at spaces; never cut (a word longer
 * than a line keeps its own line). A label is never shortened with "…": a reader must
 * be able to tell every sector apart on paper.
 */
export function wrapLabel(label: string, maxChars = LABEL_CHARS): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of label.trim().split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= maxChars || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The labels wrapped as narrowly as possible while every one fits in LABEL_LINES lines
 * (the label column widens for long names instead of the chart growing taller); names
 * that need more lines even at the widest get them.
 */
export function wrapLabels(labels: readonly string[]): string[][] {
  for (let chars = LABEL_CHARS; chars <= MAX_LABEL_CHARS; chars += 2) {
    const wrapped = labels.map((l) => wrapLabel(l, chars));
    if (wrapped.every((w) => w.length <= LABEL_LINES)) return wrapped;
  }
  return labels.map((l) => wrapLabel(l, MAX_LABEL_CHARS));
}

const percentFormat = new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: true });

/** Value label as printed at a bar end: "2.377", "−173", "+292", "+2,7%". */
export function formatBarValue(value: number, format: BarChartInput["format"], signed: boolean): string {
  const rounded = format === "count" ? Math.round(value) : Math.round(value * 10) / 10;
  const body = format === "count" ? formatCount(Math.abs(rounded)) : `${percentFormat.format(Math.abs(rounded))}%`;
  const sign = rounded < 0 ? MINUS : rounded > 0 && signed ? "+" : "";
  return `${sign}${body}`;
}

export function barSpec(input: BarChartInput): TopLevelSpec {
  const { id, categories, mode, format } = input;
  if (categories.length === 0) throw new ChartError(id, "er zijn geen categorieën om te tekenen");
  const labels = categories.map((c) => c.label.trim());
  labels.forEach((l, i) => {
    if (!l) throw new ChartError(id, `categorie ${i + 1} heeft geen naam`);
    if (labels.indexOf(l) !== i) throw new ChartError(id, `de categorie '${l}' komt twee keer voor`);
  });

  const series = categories[0]!.values.map((v) => v.series);
  if (series.length === 0) throw new ChartError(id, `categorie '${labels[0]}' heeft geen waarden`);
  if (new Set(series).size !== series.length) throw new ChartError(id, `categorie '${labels[0]}' noemt een reeks twee keer`);
  if (mode === "diverging" && series.length !== 1) {
    throw new ChartError(id, `een grafiek met staven rond nul toont één reeks, niet ${series.length}`);
  }
  const maxSeries = Math.max(...Object.keys(SERIES_OPACITY).map(Number));
  if (series.length > maxSeries) {
    throw new ChartError(id, `te veel reeksen (${series.length}); maximaal ${maxSeries} blijven zonder kleur te onderscheiden`);
  }
  const needColours = mode === "diverging" ? 2 : series.length;
  if (input.colours.length < needColours) {
    throw new ChartError(id, mode === "diverging"
      ? "er zijn twee kleuren nodig (daling en stijging)"
      : `${series.length} reeksen maar ${input.colours.length} kleuren`);
  }
  categories.forEach((c, i) => {
    const names = c.values.map((v) => v.series);
    if (names.join("\u0000") !== series.join("\u0000")) {
      throw new ChartError(id, `categorie '${labels[i]}' heeft reeksen ${names.map((n) => `'${n}'`).join(", ") || "(geen)"}, verwacht ${series.map((n) => `'${n}'`).join(", ")}`);
    }
    for (const v of c.values) {
      if (!Number.isFinite(v.value)) throw new ChartError(id, `categorie '${labels[i]}', reeks '${v.series}': de waarde is geen getal`);
    }
  });

  const signed = mode === "diverging" || format === "percentChange";
  const rows = categories.flatMap((c, i) =>
    c.values.map((v) => ({
      label: labels[i]!,
      series: v.series,
      value: v.value,
      text: formatBarValue(v.value, format, signed),
      direction: v.value < 0 ? "daling" : "stijging",
    })),
  );

  // Horizontal layout: label column, then bars with room for the value labels at their ends.
  const wrapped = wrapLabels(labels);
  const labelColumn = Math.ceil(Math.max(...wrapped.flat().map((l) => textWidth(l)))) + 12;
  const values = rows.map((r) => r.value);
  const dMin = Math.min(0, ...values);
  const dMax = Math.max(0, ...values);
  const labelRoom = (sel: (v: number) => boolean): number => {
    const widths = rows.filter((r) => sel(r.value)).map((r) => textWidth(r.text, SMALL_FONT_SIZE));
    return widths.length ? Math.max(...widths) + 8 : 0;
  };
  const leftRoom = labelRoom((v) => v < 0);
  const rightRoom = labelRoom((v) => v >= 0);
  const barsWidth = BAR_CHART_WIDTH - labelColumn - leftRoom - rightRoom;
  if (barsWidth < 100) throw new ChartError(id, "de namen van de categorieën of de waarden zijn te lang om de staven te tekenen");
  const perUnit = barsWidth / (dMax - dMin || 1);
  const xDomain: [number, number] = [round6(dMin - leftRoom / perUnit), round6((dMax === dMin ? dMin + 1 : dMax) + rightRoom / perUnit)];
  const ticks = niceTicks(dMin, dMax === dMin ? dMin + 1 : dMax, { pad: 0, maxIntervals: Math.max(2, Math.floor((BAR_CHART_WIDTH - labelColumn) / 55)) })
    .ticks.filter((t) => {
      // Keep ticks whose label stays inside the chart (the last one could stick out right).
      const at = labelColumn + ((t - xDomain[0]) / (xDomain[1] - xDomain[0])) * (BAR_CHART_WIDTH - labelColumn);
      const half = textWidth(formatBarValue(t, format, signed)) / 2;
      return t >= xDomain[0] && t <= xDomain[1] && at + half <= BAR_CHART_WIDTH + 8;
    });

  // Vertical layout: height grows with the number of categories.
  const barHeight = mode === "grouped" ? GROUPED_BAR : DIVERGING_BAR;
  const lineCount = Math.max(LABEL_LINES, ...wrapped.map((w) => w.length));
  const step = Math.max(series.length * barHeight + GAP, lineCount * LINE_HEIGHT + 4);
  const height = step * categories.length;
  const pad = round6((step - series.length * barHeight) / step);
  const legend = mode === "grouped" && series.length > 1;
  const top = 8 + (legend ? LEGEND_SPACE : 0) + (input.showTitle ? TITLE_SPACE : 0);

  const x = {
    field: "value",
    type: "quantitative" as const,
    scale: { domain: xDomain, range: [labelColumn, BAR_CHART_WIDTH], nice: false, zero: false },
    axis: {
      aria: false,
      title: input.xTitle,
      titleX: round6(labelColumn + (BAR_CHART_WIDTH - labelColumn) / 2),
      titleAnchor: "middle" as const,
      titlePadding: 8,
      values: ticks,
      labelExpr: `${signed ? "(datum.value > 0 ? '+' : '') + " : ""}format(datum.value, ',.2~f')${format === "percentChange" ? " + '%'" : ""}`,
      domain: false,
      grid: true,
      labelFlush: false,
    },
  };
  const y = {
    field: "label",
    type: "nominal" as const,
    scale: { domain: labels, paddingInner: pad, paddingOuter: round6(pad / 2) },
    axis: null,
  };
  const yOffset = { field: "series", type: "nominal" as const, scale: { domain: series, paddingInner: 0.1 } };
  const opacities = SERIES_OPACITY[series.length]!;
  const seriesColours = input.colours.slice(0, series.length);
  const bySeries = <T,>(range: T[]) => ({ field: "series", type: "ordinal" as const, scale: { domain: series, range }, legend: null });
  // Diverging: decreases light with an outline, increases solid, so the two differ in greyscale too.
  const byDirection = <T,>(range: T[]) => ({ field: "direction", type: "ordinal" as const, scale: { domain: ["daling", "stijging"], range }, legend: null });
  const directionColours = input.colours.slice(0, 2);

  const barEncoding =
    mode === "grouped"
      ? { x, x2: { datum: 0 }, y, yOffset, fill: bySeries(seriesColours), stroke: bySeries(seriesColours), fillOpacity: bySeries(opacities) }
      : {
          x,
          x2: { datum: 0 },
          y,
          fill: byDirection(directionColours),
          stroke: byDirection(directionColours),
          fillOpacity: byDirection(DIRECTION_OPACITY),
        };
  const valueLabels = (neg: boolean) => ({
    transform: [{ filter: neg ? "datum.value < 0" : "datum.value >= 0" }],
    mark: {
      type: "text" as const,
      aria: false,
      align: neg ? ("right" as const) : ("left" as const),
      baseline: "middle" as const,
      dx: neg ? -4 : 4,
      fontSize: SMALL_FONT_SIZE,
      color: TEXT_COLOUR,
    },
    encoding: { x, y, ...(mode === "grouped" ? { yOffset } : {}), text: { field: "text", type: "nominal" as const } },
  });
  const categoryLabels = (lineCount: number) => {
    const subset = labels.flatMap((l, i) => (wrapped[i]!.length === lineCount ? [{ label: l, lines: wrapped[i]! }] : []));
    if (subset.length === 0) return [];
    return [
      {
        data: { values: subset },
        mark: {
          type: "text" as const,
          aria: false,
          align: "right" as const,
          baseline: "middle" as const,
          lineHeight: LINE_HEIGHT,
          dy: round6((-(lineCount - 1) * LINE_HEIGHT) / 2),
          color: TEXT_COLOUR,
        },
        encoding: { x: { value: labelColumn - 10 }, y, text: { field: "lines", type: "nominal" as const } },
      },
    ];
  };
  // Legend drawn as marks, swatches styled like the bars, in bar order (top to bottom = left to right).
  let legendX = labelColumn;
  const legendLayers = legend
    ? series.flatMap((name, i) => {
        const x0 = legendX;
        legendX = round6(legendX + 14 + 6 + textWidth(name) + 18);
        return [
          {
            data: { values: [{ series: name }] },
            mark: { type: "rect" as const, aria: false, fill: seriesColours[i]!, fillOpacity: opacities[i]!, stroke: seriesColours[i]!, strokeWidth: 1 },
            encoding: { x: { value: x0 }, x2: { value: round6(x0 + 14) }, y: { value: -LEGEND_SPACE + 4 }, y2: { value: -LEGEND_SPACE + 4 + 12 } },
          },
          {
            data: { values: [{ series: name }] },
            mark: { type: "text" as const, aria: false, align: "left" as const, baseline: "middle" as const, color: TEXT_COLOUR },
            encoding: { x: { value: round6(x0 + 20) }, y: { value: -LEGEND_SPACE + 10 }, text: { field: "series", type: "nominal" as const } },
          },
        ];
      })
    : [];

  const spec: TopLevelSpec = {
    description: input.description,
    width: BAR_CHART_WIDTH,
    height,
    padding: { left: 5, right: 10, top, bottom: AXIS_SPACE },
    autosize: { type: "none" },
    background: "#ffffff",
    config: baseConfig(),
    layer: [
      {
        data: { values: rows },
        layer: [
          { mark: { type: "bar", aria: false, strokeWidth: 1 }, encoding: barEncoding },
          valueLabels(true),
          valueLabels(false),
        ],
      },
      // Zero line over the bars' base.
      {
        data: { values: [{ value: 0 }] },
        mark: { type: "rule", aria: false, color: AXIS_COLOUR, strokeWidth: 1 },
        encoding: { x },
      },
      ...Array.from({ length: LABEL_LINES }, (_, k) => categoryLabels(k + 1)).flat(),
      ...legendLayers,
      // Title as a mark: Vega would place a title by the (overestimated) text bounds.
      ...(input.showTitle
        ? [
            {
              data: { values: [{ title: input.title }] },
              mark: { type: "text" as const, aria: false, align: "left" as const, baseline: "top" as const, fontSize: 15, fontWeight: 600 as const, color: TEXT_COLOUR },
              encoding: { x: { value: 0 }, y: { value: 8 - top }, text: { field: "title", type: "nominal" as const } },
            },
          ]
        : []),
    ],
  };
  return spec;
}
