// One way to write a figure's table: Utrecht table classes, a caption that labels
// a focusable scroll region (for phones), column and row headers with scope, and
// numbers right-aligned. Cells are HTML (callers escape text).
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

const CELL = "utrecht-table__cell utrecht-table__cell--numeric-column getal";
const HEAD = "utrecht-table__header-cell";

export function tableHtml(opts: { id: string; caption: string; columns: TableColumn[]; rows: TableRow[]; footer?: TableRow[] }): string {
  const th = (c: TableColumn) => `<th scope="col" class="${HEAD}${c.numeric ? ` ${HEAD}--numeric-column getal` : ""}">${c.label}</th>`;
  const tr = (r: TableRow) =>
    `<tr class="utrecht-table__row${r.total ? " totaalrij" : ""}"><th scope="row" class="${HEAD}">${r.header}</th>${r.cells
      .map((c, i) => `<td class="${opts.columns[i + 1]?.numeric === false ? "utrecht-table__cell" : CELL}">${c}</td>`)
      .join("")}</tr>`;
  return [
    `<div class="utrecht-table-container tabel-scroll" role="region" tabindex="0" aria-labelledby="${opts.id}-bijschrift">`,
    `<table class="utrecht-table utrecht-table--html-table cijfertabel">`,
    `<caption class="utrecht-table__caption" id="${opts.id}-bijschrift">${opts.caption}</caption>`,
    `<thead class="utrecht-table__header"><tr class="utrecht-table__row">${opts.columns.map(th).join("")}</tr></thead>`,
    `<tbody class="utrecht-table__body">`,
    ...opts.rows.map(tr),
    `</tbody>`,
    ...(opts.footer?.length ? [`<tfoot class="utrecht-table__footer">`, ...opts.footer.map(tr), `</tfoot>`] : []),
    `</table>`,
    `</div>`,
  ].join("\n");
}
