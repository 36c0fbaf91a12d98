// Shared look and helpers for the forecast and bar charts (same values as trend.ts).

import type { Config } from "vega-lite";

export const CHART_FONT = "'Source Sans 3', sans-serif"; // quoted: a family name ending in a digit is invalid CSS unquoted
export const FONT_SIZE = 12;
export const SMALL_FONT_SIZE = 11;
export const TEXT_COLOUR = "#1a1a1a";
export const AXIS_COLOUR = "#595959";
export const GRID_COLOUR = "#e4e4e4";
export const MINUS = "\u2212";

/** Vega-Lite config shared by all charts: one font, Dutch-sized text, no inner ARIA. */
export function baseConfig(): Config {
  return {
    aria: false,
    font: CHART_FONT,
    view: { stroke: null },
    axis: {
      labelFont: CHART_FONT,
      titleFont: CHART_FONT,
      labelFontSize: FONT_SIZE,
      titleFontSize: FONT_SIZE,
      titleFontWeight: 600,
      labelColor: TEXT_COLOUR,
      titleColor: TEXT_COLOUR,
      domainColor: AXIS_COLOUR,
      tickColor: AXIS_COLOUR,
      gridColor: GRID_COLOUR,
    },
    text: { font: CHART_FONT, fontSize: FONT_SIZE },
  };
}

// Rough width of Source Sans 3 text; Vega's own estimate (0.8 em a character) is far too wide.
export const textWidth = (text: string, size = FONT_SIZE, weight600 = false): number =>
  text.length * size * (weight600 ? 0.56 : 0.52);

export const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/**
 * Ticks on a 1-2-5 step (any magnitude) with at most `maxIntervals` steps over the
 * padded data range, and the domain rounded outward onto that step.
 */
export function niceTicks(min: number, max: number, opts: { pad?: number; maxIntervals?: number; floor?: number } = {}): { domain: [number, number]; ticks: number[]; step: number } {
  const span = max - min || Math.abs(max) || 1;
  const pad = span * (opts.pad ?? 0.08);
  const maxIntervals = opts.maxIntervals ?? 7;
  const lo0 = opts.floor === undefined ? min - pad : Math.max(opts.floor, min - pad);
  const hi0 = max + pad;
  let step = 1;
  search: for (let e = Math.floor(Math.log10(span)) - 2; ; e++) {
    for (const m of [1, 2, 5]) {
      step = round6(m * 10 ** e);
      if ((hi0 - lo0) / step <= maxIntervals) break search;
    }
  }
  const lo = round6(Math.floor(lo0 / step) * step);
  const hi = round6(Math.ceil(hi0 / step) * step);
  const ticks: number[] = [];
  for (let k = 0; round6(lo + k * step) <= hi; k++) ticks.push(round6(lo + k * step));
  return { domain: [lo, hi], ticks, step };
}

export interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}
export const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Points along a polyline, about every 4 px, so label boxes can keep clear of it. */
export function samplePolyline(pts: { x: number; y: number }[]): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  pts.forEach((p, i) => {
    const next = pts[i + 1];
    if (!next) {
      out.push(p);
      return;
    }
    const n = Math.max(1, Math.ceil(Math.hypot(next.x - p.x, next.y - p.y) / 4));
    for (let k = 0; k < n; k++) out.push({ x: p.x + ((next.x - p.x) * k) / n, y: p.y + ((next.y - p.y) * k) / n });
  });
  return out;
}

/** 0, -1, 1, -2, 2, … up to ±max (upwards first). */
export const nearFirst = (max: number): number[] =>
  Array.from({ length: 2 * max + 1 }, (_, k) => (k === 0 ? 0 : k % 2 === 1 ? -(k + 1) / 2 : k / 2));

const numberFormat = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 2, useGrouping: true });

/** 3240 → "3.240", -1.5 → "−1,5" (real minus), like the axes' ",.2~f". */
export function formatNumber(value: number): string {
  const s = numberFormat.format(Math.abs(value));
  return value < 0 && s !== "0" ? `${MINUS}${s}` : s;
}
