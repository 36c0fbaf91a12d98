// The indexed trend chart (local against national), rendered at build time to an
// inline SVG with a text alternative and the same figures as a table.
import type { Charts } from "../../charts/render.ts";
import { trendSpec, type TrendChartInput } from "../../charts/trend.ts";
import type { TrendFigure } from "../../figures/compute.ts";
import { addMonths } from "../../figures/months.ts";
import { relativeChange } from "../../figures/series.ts";
import { formatChange, formatDecimal, formatMonthYear, formatValue } from "../../format/nl.ts";
import type { Organisation } from "../../model/types.ts";
import { escapeHtml } from "../html.ts";
import { chartFigure } from "./chart-figures.ts";
import { isProvisional } from "../../model/types.ts";
import { ILLUSTRATIVE_NOTE, markFor, marks, provisionalNotesHtml, sourceLine } from "./sources.ts";
import { alignMarks } from "./table-html.ts";

/** Neutral grey for regions other than the organisation's own (readable on white, 7:1). */
const NEUTRAL = "#4b4b4b";

export function trendTitle(fig: TrendFigure): string {
  return fig.title ?? `${fig.series.title} ${fig.lines.map((l) => l.name).join(" en ")}, index (${formatMonthYear(fig.baseMonth)} = 100)`;
}

export function trendDescription(fig: TrendFigure): string {
  const value = (v: number) => formatValue(v, fig.series.decimals);
  const parts = [
    `Lijngrafiek van ${fig.series.title.toLowerCase()} in ${fig.lines.map((l) => l.name).join(" en ")}, als index met ${formatMonthYear(fig.baseMonth)} = 100, van ${formatMonthYear(fig.baseMonth)} tot en met ${formatMonthYear(fig.peilMonth)}.`,
  ];
  for (const line of fig.lines) {
    const first = line.points[0];
    const last = line.points[line.points.length - 1];
    if (!first || !last) continue;
    const through = last.month < fig.peilMonth ? `, laatste cijfer ${formatMonthYear(last.month)}` : "";
    parts.push(
      `${line.name}: van ${value(first.value)} naar ${value(last.value)} (${formatChange(relativeChange(first.value, last.value))}, index ${formatDecimal(last.index)}${through}).`,
    );
  }
  if (fig.target) parts.push(`${fig.target.label} (${fig.target.name}): ${value(fig.target.value)} (index ${formatDecimal(fig.target.index)}).`);
  const illus = illustrativeMonths(fig);
  if (illus.length) parts.push(`${ILLUSTRATIVE_POINTS_NOTE} ${monthRanges(illus)}; die komen niet uit een brondocument.`);
  const provisional = fig.lines
    .map((l) => ({ name: l.name, months: l.points.filter(isProvisional).map((p) => p.month) }))
    .filter((l) => l.months.length);
  if (provisional.length) parts.push(`Voorlopige cijfers (open markering): ${provisional.map((l) => `${l.name} ${monthRanges(l.months)}`).join("; ")}.`);
  return parts.join(" ");
}

export function trendChartInput(fig: TrendFigure, id: string, organisation: Pick<Organisation, "id" | "colours">): TrendChartInput {
  return {
    id,
    title: trendTitle(fig),
    description: trendDescription(fig),
    baseMonth: fig.baseMonth,
    lines: fig.lines.map((l) => ({
      region: l.region,
      name: l.name,
      points: l.points.map((p) => ({ month: p.month, value: p.value, index: p.index, ...(p.illustrative || p.indexIllustrative ? { illustrative: true } : {}), ...(isProvisional(p) ? { provisional: true } : {}) })),
    })),
    ...(fig.target
      ? { target: { name: fig.target.name, date: fig.target.date, value: fig.target.value, index: fig.target.index, label: fig.target.label } }
      : {}),
    ...(fig.series.decimals ? { decimals: fig.series.decimals } : {}),
    colours: fig.lines.map((l) => (l.region === organisation.id ? organisation.colours.primary : NEUTRAL)),
  };
}

/** Consecutive months as ranges: "januari 2014 tot en met december 2014, augustus 2015". */
export function monthRanges(months: string[]): string {
  const runs: [string, string][] = [];
  for (const m of [...months].sort()) {
    const last = runs[runs.length - 1];
    if (last && addMonths(last[1], 1) === m) last[1] = m;
    else runs.push([m, m]);
  }
  return runs.map(([a, b]) => (a === b ? formatMonthYear(a) : `${formatMonthYear(a)} tot en met ${formatMonthYear(b)}`)).join(", ");
}

/** How the chart shows an illustrative month, said in its caption and its description. */
export const ILLUSTRATIVE_POINTS_NOTE = "In de grafiek staan illustratieve cijfers als kruisje (×):";

function illustrativeMonths(fig: TrendFigure): string[] {
  const months = new Set<string>();
  for (const l of fig.lines) for (const p of l.points) if (p.illustrative) months.add(p.month);
  return [...months].sort();
}

function dataTable(fig: TrendFigure, id: string): string {
  const months = [...new Set(fig.lines.flatMap((l) => l.points.map((p) => p.month)))].sort();
  const cells = months.map((m) =>
    fig.lines.flatMap((l) => {
      const p = l.points.find((x) => x.month === m);
      if (!p) return ["–", "–"];
      return [marks(formatValue(p.value, fig.series.decimals), { illustrative: p.illustrative, status: p }), marks(formatDecimal(p.index), { illustrative: p.indexIllustrative })];
    }),
  );
  const aligned = alignMarks(cells);
  const NUM = "utrecht-table__header-cell utrecht-table__header-cell--numeric-column getal";
  const heads = fig.lines.flatMap((l) => [escapeHtml(l.name), `${escapeHtml(l.name)} (index)`]);
  const head =
    `<tr class="utrecht-table__row"><th scope="col" class="utrecht-table__header-cell">Maand</th>` +
    heads.map((h, i) => `<th scope="col" class="${NUM}${aligned.marked[i] ? " met-tekens" : ""}">${h}</th>`).join("") +
    `</tr>`;
  const body = months
    .map(
      (m, r) =>
        `<tr class="utrecht-table__row"><th scope="row" class="utrecht-table__header-cell">${escapeHtml(formatMonthYear(m))}</th>` +
        aligned.rows[r]!.map((c) => `<td class="utrecht-table__cell utrecht-table__cell--numeric-column getal">${c}</td>`).join("") +
        `</tr>`,
    )
    .join("\n");
  return [
    `<div class="utrecht-table-container tabel-scroll" role="region" tabindex="0" aria-labelledby="${id}-tabel-bijschrift">`,
    `<table class="utrecht-table utrecht-table--html-table cijfertabel" id="${id}-tabel">`,
    `<caption class="utrecht-table__caption" id="${id}-tabel-bijschrift">${escapeHtml(trendTitle(fig))}</caption>`,
    `<thead class="utrecht-table__header">${head}</thead>`,
    `<tbody class="utrecht-table__body">`,
    body,
    `</tbody>`,
    `</table>`,
    `</div>`,
  ].join("\n");
}

export async function renderTrendFigure(fig: TrendFigure, idPrefix: string, organisation: Pick<Organisation, "id" | "colours">, charts: Charts): Promise<string> {
  const id = `${idPrefix}${fig.id}`;
  const input = trendChartInput(fig, id, organisation);
  const svg = await charts.render(trendSpec(input), { id, title: input.title, description: input.description });
  const illus = illustrativeMonths(fig);
  const sourceMarks = fig.lines.map((l) => `${escapeHtml(l.name)}${markFor(fig.sources, l.sourceMark)}`).join(", ");
  return chartFigure(id, svg, dataTable(fig, id), input.title, [
    `<p class="bron">${sourceLine(fig.sources)}${fig.sources.length > 1 ? ` (${sourceMarks})` : ""}</p>`,
    illus.length ? `<p class="voetnoot">${escapeHtml(ILLUSTRATIVE_NOTE)} ${escapeHtml(ILLUSTRATIVE_POINTS_NOTE)} ${escapeHtml(monthRanges(illus))}.</p>` : "",
    provisionalNotesHtml(fig.lines.flatMap((l) => l.points)),
  ]);
}
