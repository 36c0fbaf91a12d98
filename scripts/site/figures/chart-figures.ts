// HTML for the table-based charts: forecasts (actual, forecast, band) and sector
// changes as diverging bars. Like the trend chart: inline SVG with a text
// alternative, and the same figures as a table in a disclosure.
import { barSpec } from "../../charts/bars.ts";
import { forecastSpec } from "../../charts/forecast.ts";
import type { Charts } from "../../charts/render.ts";
import type { TopLevelSpec } from "vega-lite";
import type { ForecastFigure, SectorFigure } from "../../figures/tables.ts";
import { formatChange, formatCount } from "../../format/nl.ts";
import type { Organisation } from "../../model/types.ts";
import { escapeHtml } from "../html.ts";
import { ILLUSTRATIVE_NOTE, marks } from "./sources.ts";
import { formatSignedCount } from "./table-figures.ts";
import { figureHtml, tableHtml } from "./table-html.ts";

const NEUTRAL = "#4b4b4b";

/** A chart: its SVG (the Figure with alternative text), its figures as a table in a disclosure, its title and notes. */
export function chartFigure(id: string, svg: string, table: string, title: string, notes: string[]): string {
  const body = [
    // On a phone the chart keeps its size and scrolls inside this frame (raadsbrief.css).
    // Unchanged markup: a published letter's archived article has it as it is.
    `<div class="grafiek-kader">`,
    // One line: markdown-it ends an HTML block at a blank line, and Vega's SVG has none.
    svg.replace(/\n\s*\n/g, "\n"),
    `</div>`,
    `<details class="grafiekdata">`,
    `<summary>Cijfers bij deze grafiek</summary>`,
    table,
    `</details>`,
  ].join("\n");
  return figureHtml({ kind: "grafiek", id, body, labelledBy: `${id}-grafiektitel`, notes: [`<p class="grafiektitel" id="${id}-grafiektitel">${escapeHtml(title)}</p>`, ...notes] });
}

export function forecastDescription(fig: ForecastFigure): string {
  const years = fig.table.years;
  const actual = years.filter((y) => !y.forecast);
  const forecast = years.filter((y) => y.forecast);
  const parts = [`Grafiek van ${fig.table.unit} per jaar, ${years[0]!.year} tot en met ${years[years.length - 1]!.year}.`];
  if (actual.length) parts.push(`Realisatie: ${actual.map((y) => `${y.year}: ${formatCount(y.value)}`).join(", ")}.`);
  if (forecast.length) {
    parts.push(
      `Prognose: ${forecast.map((y) => `${y.year}: ${formatCount(y.value)}${y.low !== undefined && y.high !== undefined ? ` (bandbreedte ${formatCount(y.low)} tot ${formatCount(y.high)})` : ""}`).join(", ")}.`,
    );
  }
  return parts.join(" ");
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The Vega-Lite spec of a forecast figure (tests validate it against the schema). */
export function forecastFigureSpec(fig: ForecastFigure, id: string, org: Organisation): TopLevelSpec {
  const years = fig.table.years;
  const actual = years.filter((y) => !y.forecast).map((y) => ({ year: y.year, value: y.value }));
  const forecast = years.filter((y) => y.forecast).map((y) => ({ year: y.year, value: y.value, ...(y.low !== undefined ? { low: y.low } : {}), ...(y.high !== undefined ? { high: y.high } : {}) }));
  return forecastSpec({ id, title: fig.title, description: forecastDescription(fig), yTitle: capitalise(fig.table.unit), actual, forecast, colours: [org.colours.primary, NEUTRAL] });
}

export async function renderForecastFigure(fig: ForecastFigure, prefix: string, org: Organisation, charts: Charts): Promise<string> {
  const id = `${prefix}${fig.id}`;
  const years = fig.table.years;
  const yTitle = capitalise(fig.table.unit);
  const description = forecastDescription(fig);
  const svg = await charts.render(forecastFigureSpec(fig, id, org), { id, title: fig.title, description });
  const hasBand = years.some((y) => y.low !== undefined);
  const table = tableHtml({
    id: `${id}-tabel`,
    caption: escapeHtml(fig.title),
    columns: [{ label: "Jaar" }, { label: escapeHtml(yTitle), numeric: true }, ...(hasBand ? [{ label: "Laag", numeric: true }, { label: "Hoog", numeric: true }] : []), { label: "Soort", numeric: false }],
    rows: years.map((y) => ({
      header: String(y.year),
      cells: [
        marks(formatCount(y.value), { illustrative: y.illustrative }),
        ...(hasBand ? [y.low !== undefined ? marks(formatCount(y.low), { illustrative: y.illustrative }) : "–", y.high !== undefined ? marks(formatCount(y.high), { illustrative: y.illustrative }) : "–"] : []),
        y.forecast ? "prognose" : "realisatie",
      ],
    })),
  });
  return chartFigure(id, svg, table, fig.title, [
    `<p class="bron">Bron: ${escapeHtml(fig.table.source)}.</p>`,
    ...(fig.illustrative ? [`<p class="voetnoot">${escapeHtml(ILLUSTRATIVE_NOTE)}</p>`] : []),
  ]);
}

export function sectorChartDescription(fig: SectorFigure): string {
  const t = fig.table;
  const label = t.measures.find((m) => m.id === t.changeOn)!.label.toLowerCase();
  const sorted = [...fig.rows].sort((a, b) => b.change - a.change);
  const up = sorted.filter((r) => r.change > 0).slice(0, 3);
  const down = sorted.filter((r) => r.change < 0).reverse().slice(0, 3);
  return [
    `Staafdiagram van de verandering in ${label} per sector, ${t.years[1]} ten opzichte van ${t.years[0]}.`,
    `Totaal: ${formatSignedCount(fig.total.change)} (${fig.total.changeShare === undefined ? "–" : formatChange(fig.total.changeShare)}).`,
    up.length ? `Grootste groei: ${up.map((r) => `${r.sector} ${formatSignedCount(r.change)}`).join(", ")}.` : "",
    down.length ? `Grootste krimp: ${down.map((r) => `${r.sector} ${formatSignedCount(r.change)}`).join(", ")}.` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/** The Vega-Lite spec of a sector chart: the change per sector as diverging bars. */
export function sectorChartSpec(fig: SectorFigure, id: string, org: Organisation): TopLevelSpec {
  const t = fig.table;
  const change = t.measures.find((m) => m.id === t.changeOn)!;
  return barSpec({
    id,
    title: fig.title,
    description: sectorChartDescription(fig),
    xTitle: `Verandering ${change.label.toLowerCase()} (${t.years[1]} t.o.v. ${t.years[0]})`,
    categories: fig.rows.map((r) => ({ label: r.sector, values: [{ series: "verandering", value: r.change }] })),
    mode: "diverging",
    format: "count",
    // [decrease, increase]: decreases light, increases solid in the organisation's colour.
    colours: [NEUTRAL, org.colours.primary],
  });
}

export async function renderSectorChart(fig: SectorFigure, prefix: string, org: Organisation, charts: Charts): Promise<string> {
  const id = `${prefix}${fig.id}`;
  const t = fig.table;
  const change = t.measures.find((m) => m.id === t.changeOn)!;
  const description = sectorChartDescription(fig);
  const svg = await charts.render(sectorChartSpec(fig, id, org), { id, title: fig.title, description });
  const table = tableHtml({
    id: `${id}-tabel`,
    caption: escapeHtml(fig.title),
    columns: [{ label: "Sector" }, { label: `${escapeHtml(change.label)} ${t.years[0]}`, numeric: true }, { label: `${escapeHtml(change.label)} ${t.years[1]}`, numeric: true }, { label: "Verschil", numeric: true }, { label: "Verschil in %", numeric: true }],
    rows: [...fig.rows, fig.total].map((r) => ({
      header: escapeHtml(r.sector),
      cells: [formatCount(r.values[t.years[0]]![t.changeOn]!), formatCount(r.values[t.years[1]]![t.changeOn]!), formatSignedCount(r.change), r.changeShare === undefined ? "–" : formatChange(r.changeShare)],
      total: r === fig.total,
    })),
  });
  return chartFigure(id, svg, table, fig.title, [`<p class="bron">Bron: ${escapeHtml(t.source)}.</p>`]);
}
