// The layout rules the print CSS, the measuring pass (breaks.ts) and the audit
// (audit.ts) share: one place for the numbers.

/** A table of at most this many body rows is never split across pages. */
export const SMALL_TABLE_ROWS = 8;
/** A split table keeps at least this many body rows on each page. */
export const MIN_ROWS_PER_PAGE = 3;
/** A page other than the last is filled at least this far down. */
export const MIN_PAGE_FILL = 1 / 3;
