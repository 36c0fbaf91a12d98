// One way to write a figure's table: Utrecht table classes, a caption that labels
// a focusable scroll region (for phones), column and row headers with scope, and
// numbers right-aligned with their marks beside the digits. Cells are HTML (callers
// escape text). And the block around a figure: a table is a Table with its Caption,
// never wrapped in <figure> (in a tagged PDF that is a Figure without alternative text).
import { SMALL_TABLE_ROWS } from "../../pdf/layout-rules.ts";
import { MARKS_CLASS } from "./sources.ts";

export interface TableColumn {
  label: string;
  numeric?: boolean;
}

export interface TableRow {
  header: string;
  cells: string[];
  /** A computed total row, set apart. */
  total?: boolean;
}

/** A header cell over several columns (e.g. a year over its measures), from the second column on. */
export interface ColumnGroup {
  label: string;
  span: number;
}

const CELL = "utrecht-table__cell utrecht-table__cell--numeric-column getal";
const HEAD = "utrecht-table__header-cell";
const EMPTY_MARKS = `<span class="${MARKS_CLASS}"></span>`;

/**
 * Columns where some number carries a mark get an empty mark box on every other number,
 * so the digits of a column line up whether or not a number has a mark.
 */
export function alignMarks(rows: readonly string[][]): { rows: string[][]; marked: boolean[] } {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const marked = Array.from({ length: width }, (_, i) => rows.some((r) => r[i]?.includes(`class="${MARKS_CLASS}"`) ?? false));
  return { rows: rows.map((r) => r.map((c, i) => (marked[i] && !c.includes(`class="${MARKS_CLASS}"`) ? c + EMPTY_MARKS : c))), marked };
}

export function tableHtml(opts: { id: string; caption: string; columns: TableColumn[]; rows: TableRow[]; footer?: TableRow[]; groups?: ColumnGroup[]; wide?: boolean }): string {
  const all = [...opts.rows, ...(opts.footer ?? [])];
  const aligned = alignMarks(all.map((r) => r.cells));
  const cellsOf = new Map(all.map((r, i) => [r, aligned.rows[i]!] as const));
  const th = (c: TableColumn, i: number) =>
    `<th scope="col" class="${HEAD}${c.numeric ? ` ${HEAD}--numeric-column getal` : ""}${i > 0 && aligned.marked[i - 1] ? " met-tekens" : ""}">${c.label}</th>`;
  const tr = (r: TableRow) =>
    `<tr class="utrecht-table__row${r.total ? " totaalrij" : ""}"><th scope="row" class="${HEAD}">${r.header}</th>${cellsOf
      .get(r)!
      .map((c, i) => `<td class="${opts.columns[i + 1]?.numeric === false ? "utrecht-table__cell" : CELL}">${c}</td>`)
      .join("")}</tr>`;
  // With column groups, the first column's header spans both header rows.
  const grouped = Boolean(opts.groups?.length);
  const groups = grouped
    ? [
        `<tr class="utrecht-table__row kolomgroepen"><th scope="col" rowspan="2" class="${HEAD}">${opts.columns[0]!.label}</th>` +
          `${opts.groups!.map((g) => `<th scope="${g.span > 1 ? "colgroup" : "col"}" colspan="${g.span}" class="${HEAD} kolomgroep">${g.label}</th>`).join("")}</tr>`,
      ]
    : [];
  return [
    `<div class="utrecht-table-container tabel-scroll" role="region" tabindex="0" aria-labelledby="${opts.id}-bijschrift">`,
    `<table class="utrecht-table utrecht-table--html-table cijfertabel${opts.wide ? " cijfertabel--breed" : ""}">`,
    `<caption class="utrecht-table__caption" id="${opts.id}-bijschrift">${opts.caption}</caption>`,
    `<thead class="utrecht-table__header">${groups.join("")}<tr class="utrecht-table__row">${opts.columns
      .map(th)
      .slice(grouped ? 1 : 0)
      .join("")}</tr></thead>`,
    `<tbody class="utrecht-table__body">`,
    ...opts.rows.map(tr),
    `</tbody>`,
    ...(opts.footer?.length ? [`<tfoot class="utrecht-table__footer">`, ...opts.footer.map(tr), `</tfoot>`] : []),
    `</table>`,
    `</div>`,
  ].join("\n");
}

/**
 * The block around a figure: its table or chart, then the source line and notes. A
 * table is the table itself (Table and Caption in the PDF); a chart is a labelled group
 * (a Div in the PDF) around its SVG, which is the Figure with the alternative text. A
 * table of at most SMALL_TABLE_ROWS rows is kept whole on one page.
 */
export function figureHtml(opts: { kind: string; id: string; body: string; notes: string[]; rows?: number; labelledBy?: string }): string {
  const whole = opts.kind === "grafiek" || (opts.rows !== undefined && opts.rows <= SMALL_TABLE_ROWS);
  const group = opts.labelledBy ? ` role="group" aria-labelledby="${opts.labelledBy}"` : "";
  return [
    `<div class="figuur figuur--${opts.kind}${whole ? " figuur--heel" : ""}" id="${opts.id}"${group}>`,
    opts.body,
    `<div class="bronvermelding">`,
    ...opts.notes.filter((n) => n !== ""),
    `</div>`,
    `</div>`,
  ].join("\n");
}
