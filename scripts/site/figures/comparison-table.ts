// The local-versus-national comparison table (start value, latest value, change),
// as in the seed letter, with its source line and generated footnotes.
import type { ComparisonFigure } from "../../figures/compute.ts";
import { formatChange, formatMonthYear, formatValue } from "../../format/nl.ts";
import { escapeHtml } from "../html.ts";
import { ILLUSTRATIVE_MARK, ILLUSTRATIVE_NOTE, markFor, provisionalMark, provisionalNotesHtml, sourceLine } from "./sources.ts";

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
  const illus = (on: boolean) => (on ? `<span class="illustratief" title="illustratief cijfer">${ILLUSTRATIVE_MARK}</span>` : "");
  const rows = fig.rows
    .map((r) => {
      const stale = r.staleNote ? `&nbsp;<sup class="noot"><a href="#${noteId(r.staleNote)}">${r.staleNote}</a></sup>` : "";
      const described = r.staleNote ? ` aria-describedby="${noteId(r.staleNote)}"` : "";
      return (
        `<tr class="utrecht-table__row"><th scope="row" class="utrecht-table__header-cell">${escapeHtml(r.name)}${markFor(fig.sources, r.sourceMark)}</th>` +
        `<td class="utrecht-table__cell utrecht-table__cell--numeric-column getal">${formatValue(r.start.value, fig.series.decimals)}${illus(r.start.illustrative)}${provisionalMark(r.start)}</td>` +
        `<td class="utrecht-table__cell utrecht-table__cell--numeric-column getal"${described}>${formatValue(r.latest.value, fig.series.decimals)}${illus(r.latest.illustrative)}${provisionalMark(r.latest)}${stale}</td>` +
        `<td class="utrecht-table__cell utrecht-table__cell--numeric-column getal">${formatChange(r.change)}</td></tr>`
      );
    })
    .join("\n");
  const notes = fig.staleNotes
    .map((n) => `<p class="voetnoot" id="${noteId(n.number)}"><sup>${n.number}</sup> ${escapeHtml(staleNoteText(n.source, n.through))}</p>`)
    .join("\n");
  const illustrativeNote = fig.illustrative ? `\n<p class="voetnoot">${escapeHtml(ILLUSTRATIVE_NOTE)}</p>` : "";
  const provisional = provisionalNotesHtml(fig.rows.flatMap((r) => [r.start, r.latest]));
  return [
    `<figure class="figuur figuur--tabel" id="${id}">`,
    // A focusable, labelled region: keyboard users can scroll a table wider than a phone.
    `<div class="utrecht-table-container tabel-scroll" role="region" tabindex="0" aria-labelledby="${id}-bijschrift">`,
    `<table class="utrecht-table utrecht-table--html-table cijfertabel">`,
    `<caption class="utrecht-table__caption" id="${id}-bijschrift">${escapeHtml(comparisonCaption(fig))}</caption>`,
    `<thead class="utrecht-table__header"><tr class="utrecht-table__row"><th scope="col" class="utrecht-table__header-cell">Regio</th><th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column getal">${escapeHtml(capitalise(formatMonthYear(fig.startMonth)))}</th>` +
      `<th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column getal">${escapeHtml(capitalise(formatMonthYear(fig.peilMonth)))}</th><th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column getal">Verschil in %</th></tr></thead>`,
    `<tbody class="utrecht-table__body">`,
    rows,
    `</tbody>`,
    `</table>`,
    `</div>`,
    `<figcaption class="bronvermelding">`,
    `<p class="bron">${sourceLine(fig.sources)}</p>`,
    notes + illustrativeNote,
    provisional,
    `</figcaption>`,
    `</figure>`,
  ]
    .filter((l) => l !== "")
    .join("\n");
}
