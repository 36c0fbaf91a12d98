// HTML for the table-based figures: indicator tables (share of target reached),
// sector tables (two years, change, computed total) and budget lists.
import type { BudgetFigure, IndicatorFigure, SectorFigure } from "../../figures/tables.ts";
import { formatChange, formatCount, formatEuroWords, formatPercent } from "../../format/nl.ts";
import { escapeHtml } from "../html.ts";
import { ILLUSTRATIVE_NOTE, marks } from "./sources.ts";
import { figureHtml, tableHtml } from "./table-html.ts";

/** A signed count: +77, −40 (real minus), 0. */
export function formatSignedCount(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : formatCount(n);
}

function figure(id: string, kind: string, body: string, caption: string[], rows?: number): string {
  return figureHtml({ kind, id, body, notes: caption, ...(rows !== undefined ? { rows } : {}) });
}

export function renderIndicatorTable(fig: IndicatorFigure, prefix: string): string {
  const id = `${prefix}${fig.id}`;
  const t = fig.table;
  const body = tableHtml({
    id,
    caption: escapeHtml(fig.title),
    columns: [{ label: "Prestatie-indicator" }, { label: escapeHtml(t.targetLabel), numeric: true }, { label: escapeHtml(t.realisedLabel), numeric: true }, { label: "Realisatie als deel van de taakstelling", numeric: true }],
    // An illustrative table: every number in it, the computed share too, is marked.
    rows: fig.rows.map((r) => ({
      header: escapeHtml(r.indicator),
      cells: [formatCount(r.target), formatCount(r.realised), formatPercent(r.share)].map((c) => marks(c, { illustrative: fig.illustrative })),
    })),
  });
  return figure(id, "tabel", body, [
    `<p class="bron">Bron: ${escapeHtml(t.source)}. Het percentage is berekend: realisatie gedeeld door taakstelling.</p>`,
    ...(fig.illustrative ? [`<p class="voetnoot">${escapeHtml(ILLUSTRATIVE_NOTE)}</p>`] : []),
  ], fig.rows.length);
}

/**
 * The sector table: the years as column groups over their measures, then the change.
 * Two header rows instead of one: nine columns fit the page with every header on at
 * most two lines ("Banen totaal" under "2005"), without abbreviations to look up.
 */
export function renderSectorTable(fig: SectorFigure, prefix: string): string {
  const id = `${prefix}${fig.id}`;
  const t = fig.table;
  const change = t.measures.find((m) => m.id === t.changeOn)!;
  // An illustrative table: every number in it, the computed change and total too, is marked.
  const mark = (c: string) => marks(c, { illustrative: fig.illustrative });
  const cells = (r: SectorFigure["rows"][number]) =>
    [...t.years.flatMap((y) => t.measures.map((m) => formatCount(r.values[y]![m.id]!))), formatSignedCount(r.change), r.changeShare === undefined ? "–" : formatChange(r.changeShare)].map(mark);
  const body = tableHtml({
    id,
    caption: escapeHtml(fig.title),
    groups: [
      ...t.years.map((y) => ({ label: escapeHtml(y), span: t.measures.length })),
      { label: `Verschil ${escapeHtml(change.label.toLowerCase())}`, span: 2 },
    ],
    columns: [
      { label: "Sector" },
      ...t.years.flatMap(() => t.measures.map((m) => ({ label: escapeHtml(m.label), numeric: true }))),
      { label: "Aantal", numeric: true },
      { label: "In %", numeric: true },
    ],
    rows: fig.rows.map((r) => ({ header: `${r.code ? `<span class="sbi">${escapeHtml(r.code)}</span> ` : ""}${escapeHtml(r.sector)}`, cells: cells(r) })),
    footer: [{ header: "Totaal", cells: cells(fig.total), total: true }],
    wide: true,
  });
  return figure(
    id,
    "tabel",
    body,
    [
      `<p class="bron">Bron: ${escapeHtml(t.source)}. Verschillen en totaal zijn berekend uit de rijen${t.statedTotal ? " en komen overeen met het totaal in de bron" : ""}.</p>`,
      ...t.notes.map((n) => `<p class="voetnoot">${escapeHtml(n)}</p>`),
      ...(fig.illustrative ? [`<p class="voetnoot">${escapeHtml(ILLUSTRATIVE_NOTE)}</p>`] : []),
    ],
    fig.rows.length + 1,
  );
}

export function renderBudget(fig: BudgetFigure, prefix: string): string {
  const id = `${prefix}${fig.id}`;
  const items = fig.table.items
    .map((i) => `<li class="utrecht-unordered-list__item"><span class="bedrag">${formatEuroWords(i.amount)}</span> ${escapeHtml(i.label)}${i.onTop ? " <em>(bovenop het totaal)</em>" : ""}</li>`)
    .join("\n");
  return figure(id, "begroting", `<ul class="utrecht-unordered-list begroting" aria-label="${escapeHtml(fig.title)}">\n${items}\n</ul>`, [
    `<p class="bron">${escapeHtml(fig.title)}: totaal ${formatEuroWords(fig.sum)}, de som van de posten${fig.onTop ? `; daarbovenop ${formatEuroWords(fig.onTop)}` : ""}.</p>`,
  ]);
}
