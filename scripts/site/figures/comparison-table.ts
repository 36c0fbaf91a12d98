// The local-versus-national comparison table (start value, latest value, change),
// as in the seed letter, with its source line and generated footnotes.
import type { ComparisonFigure } from "../../figures/compute.ts";
import { formatChange, formatMonthYear, formatValue } from "../../format/nl.ts";
import { escapeHtml } from "../html.ts";
import { ILLUSTRATIVE_NOTE, markFor, marks, provisionalNotesHtml, sourceLine } from "./sources.ts";
import { alignMarks, figureHtml } from "./table-html.ts";

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function comparisonCaption(fig: ComparisonFigure): string {
  return fig.title ?? `${fig.series.title}: ${formatMonthYear(fig.startMonth)} tegenover ${formatMonthYear(fig.peilMonth)}`;
}

export function staleNoteText(source: string, through: string): string {
  return `Meest recente gegevens van ${source === "CBS" ? "het CBS" : source}, bijgewerkt tot en met ${formatMonthYear(through)}.`;
}

export function renderComparisonTable(fig: ComparisonFigure, idPrefix: string): string {
  const id = `${idPrefix}${fig.id}`;
  const noteId = (n: number) => `${id}-noot-${n}`;
  const cells = fig.rows.map((r) => [
    marks(formatValue(r.start.value, fig.series.decimals), { illustrative: r.start.illustrative, status: r.start }),
    marks(formatValue(r.latest.value, fig.series.decimals), { illustrative: r.latest.illustrative, status: r.latest, ...(r.staleNote ? { note: { number: r.staleNote, href: noteId(r.staleNote) } } : {}) }),
    marks(formatChange(r.change), { illustrative: r.changeIllustrative }),
  ]);
  const aligned = alignMarks(cells);
  const rows = fig.rows
    .map((r, i) => {
      const [start, latest, change] = aligned.rows[i]!;
      const described = r.staleNote ? ` aria-describedby="${noteId(r.staleNote)}"` : "";
      return (
        `<tr class="utrecht-table__row"><th scope="row" class="utrecht-table__header-cell">${escapeHtml(r.name)}${markFor(fig.sources, r.sourceMark)}</th>` +
        `<td class="utrecht-table__cell utrecht-table__cell--numeric-column getal">${start}</td>` +
        `<td class="utrecht-table__cell utrecht-table__cell--numeric-column getal"${described}>${latest}</td>` +
        `<td class="utrecht-table__cell utrecht-table__cell--numeric-column getal">${change}</td></tr>`
      );
    })
    .join("\n");
  const notes = fig.staleNotes.map((n) => `<p class="voetnoot" id="${noteId(n.number)}"><sup>${n.number}</sup> ${escapeHtml(staleNoteText(n.source, n.through))}</p>`);
  const head = (label: string, i: number) =>
    `<th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column getal${aligned.marked[i] ? " met-tekens" : ""}">${escapeHtml(label)}</th>`;
  const body = [
    // A focusable, labelled region: keyboard users can scroll a table wider than a phone.
    `<div class="utrecht-table-container tabel-scroll" role="region" tabindex="0" aria-labelledby="${id}-bijschrift">`,
    `<table class="utrecht-table utrecht-table--html-table cijfertabel">`,
    `<caption class="utrecht-table__caption" id="${id}-bijschrift">${escapeHtml(comparisonCaption(fig))}</caption>`,
    `<thead class="utrecht-table__header"><tr class="utrecht-table__row"><th scope="col" class="utrecht-table__header-cell">Regio</th>` +
      [capitalise(formatMonthYear(fig.startMonth)), capitalise(formatMonthYear(fig.peilMonth)), "Verschil in %"].map(head).join("") +
      `</tr></thead>`,
    `<tbody class="utrecht-table__body">`,
    rows,
    `</tbody>`,
    `</table>`,
    `</div>`,
  ].join("\n");
  return figureHtml({
    kind: "tabel",
    id,
    body,
    rows: fig.rows.length,
    notes: [`<p class="bron">${sourceLine(fig.sources)}</p>`, ...notes, fig.illustrative ? `<p class="voetnoot">${escapeHtml(ILLUSTRATIVE_NOTE)}</p>` : "", provisionalNotesHtml(fig.rows.flatMap((r) => [r.start, r.latest]))],
  });
}
