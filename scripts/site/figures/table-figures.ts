// HTML for the table-based figures: indicator tables (share of target reached),
// sector tables (two years, change, computed total) and budget lists.
import type { BudgetFigure, IndicatorFigure, SectorFigure } from "../../figures/tables.ts";
import { formatChange, formatCount, formatEuroWords, formatPercent } from "../../format/nl.ts";
import { escapeHtml } from "../html.ts";
import { ILLUSTRATIVE_NOTE } from "./sources.ts";
import { tableHtml } from "./table-html.ts";

/** A signed count: +77, −40 (real minus), 0. */
export function formatSignedCount(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : formatCount(n);
}

function figure(id: string, kind: string, body: string, caption: string[]): string {
  return [`<figure class="figuur figuur--${kind}" id="${id}">`, body, `<figcaption class="bronvermelding">`, ...caption, `</figcaption>`, `</figure>`].join("\n");
}

export function renderIndicatorTable(fig: IndicatorFigure, prefix: string): string {
  const id = `${prefix}${fig.id}`;
  const t = fig.table;
  const body = tableHtml({
    id,
    caption: escapeHtml(fig.title),
    columns: [{ label: "Prestatie-indicator" }, { label: escapeHtml(t.targetLabel), numeric: true }, { label: escapeHtml(t.realisedLabel), numeric: true }, { label: "Realisatie als deel van de taakstelling", numeric: true }],
    rows: fig.rows.map((r) => ({ header: escapeHtml(r.indicator), cells: [formatCount(r.target), formatCount(r.realised), formatPercent(r.share)] })),
  });
  return figure(id, "tabel", body, [
    `<p class="bron">Bron: ${escapeHtml(t.source)}. Het percentage is berekend: realisatie gedeeld door taakstelling.</p>`,
    ...(fig.illustrative ? [`<p class="voetnoot">${escapeHtml(ILLUSTRATIVE_NOTE)}</p>`] : []),
  ]);
}

export function renderSectorTable(fig: SectorFigure, prefix: string): string {
  const id = `${prefix}${fig.id}`;
  const t = fig.table;
  const [from, to] = t.years;
  const change = t.measures.find((m) => m.id === t.changeOn)!;
  const cells = (r: SectorFigure["rows"][number]) => [
    ...t.years.flatMap((y) => t.measures.map((m) => formatCount(r.values[y]![m.id]!))),
    formatSignedCount(r.change),
    r.changeShare === undefined ? "–" : formatChange(r.changeShare),
  ];
  const body = tableHtml({
    id,
    caption: escapeHtml(fig.title),
    columns: [
      { label: "Sector" },
      ...t.years.flatMap((y) => t.measures.map((m) => ({ label: `${escapeHtml(m.label)} ${y}`, numeric: true }))),
      { label: `${escapeHtml(change.label)}: verschil ${to} t.o.v. ${from}`, numeric: true },
      { label: "Verschil in %", numeric: true },
    ],
    rows: fig.rows.map((r) => ({ header: `${r.code ? `<span class="sbi">${escapeHtml(r.code)}</span> ` : ""}${escapeHtml(r.sector)}`, cells: cells(r) })),
    footer: [{ header: "Totaal", cells: cells(fig.total), total: true }],
  });
  return figure(id, "tabel", body, [
    `<p class="bron">Bron: ${escapeHtml(t.source)}. Verschillen en totaal zijn berekend uit de rijen${t.statedTotal ? " en komen overeen met het totaal in de bron" : ""}.</p>`,
    ...t.notes.map((n) => `<p class="voetnoot">${escapeHtml(n)}</p>`),
    ...(fig.illustrative ? [`<p class="voetnoot">${escapeHtml(ILLUSTRATIVE_NOTE)}</p>`] : []),
  ]);
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
