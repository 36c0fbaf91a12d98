// CSV as a spreadsheet in a Dutch locale opens it by double-clicking (Excel and
// LibreOffice Calc, nl-NL): ";" between fields (the list separator where "," is the
// decimal mark), a UTF-8 byte order mark (without it Excel reads the bytes as
// Windows-1252: "Ã©" for "é"), CRLF between records (RFC 4180), integers plain
// (no thousands separator: "3.560" would be read as 3,56) and decimals with a comma.
// Fields with ";", quotes or line breaks are quoted (csv-stringify).
import { stringify } from "csv-stringify/sync";

/** A number as a Dutch spreadsheet reads it: 3560, 5,3; with `decimals`, always that many places ("5,0"). */
export function dutchNumber(value: number, decimals?: number): string {
  const text = decimals ? value.toFixed(decimals) : String(value);
  return text.replace(".", ",");
}

export function dutchCsv(columns: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return stringify(
    rows.map((r) => r.map((v) => (typeof v === "number" ? dutchNumber(v) : v))),
    {
      header: true,
      columns: [...columns],
      delimiter: ";",
      bom: true,
      record_delimiter: "\r\n",
      // A field with a line break is quoted: csv-stringify 6 quotes only the record
      // delimiter itself (CRLF), not a lone LF or CR in the text.
      quoted_match: /[\r\n]/,
    },
  );
}
