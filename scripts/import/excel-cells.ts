// Reading one spreadsheet cell the way data/reeksen reads a number: by the same rules
// (model/numbers.ts), so "3.560", "3 560" and "3,5" typed as text are refused with the
// form to write, whether they come from YAML or from Excel. A number cell is taken as
// it is (whole for a count). Months may be date cells or text "2015-10", "okt 2015",
// "oktober 2015"; anything else (a bare number, "10-2015", "1-10-2015") is refused,
// never guessed. Pure: cells come in as exceljs gives them (CellValue).
import { readNumber, type NumberKind } from "../model/numbers.ts";
import type { Month } from "../model/types.ts";
import { formatDate } from "../format/nl.ts";

/** A cell as exceljs reads it: a number, text, a Date, rich text, a formula with its result, … */
export type Cell = unknown;

export type CellReading<T> = { ok: true; value: T } | { ok: false; message: string; hint: string } | { ok: "empty" };

const MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];
const SHORT: Record<string, number> = { jan: 1, feb: 2, mrt: 3, maa: 3, apr: 4, mei: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, okt: 10, nov: 11, dec: 12 };
const ISO_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

const month = (year: number, m: number): Month => `${String(year).padStart(4, "0")}-${String(m).padStart(2, "0")}`;

/** The text of a rich-text or hyperlink cell, the result of a formula cell; other values as they are. */
export function plainValue(cell: Cell): unknown {
  if (cell && typeof cell === "object" && !(cell instanceof Date)) {
    const c = cell as Record<string, unknown>;
    if (Array.isArray(c.richText)) return (c.richText as { text?: string }[]).map((r) => r.text ?? "").join("");
    if ("result" in c) return c.result;
    if ("formula" in c || "sharedFormula" in c) return undefined; // a formula never calculated: no value
    if (typeof c.text === "string") return c.text;
    if ("error" in c) return { error: c.error };
  }
  return cell;
}

/** A month cell: a date (its month), or text "2015-10" / "okt 2015" / "oktober 2015". */
export function readMonthCell(cell: Cell): CellReading<Month> {
  const value = plainValue(cell);
  if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) return { ok: "empty" };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { ok: false, message: "is een ongeldige datum.", hint: "Typ de maand als 2015-10 of oktober 2015." };
    // exceljs turns Excel's serial into midnight UTC of that day.
    return { ok: true, value: month(value.getUTCFullYear(), value.getUTCMonth() + 1) };
  }
  if (typeof value === "number") {
    const asDate = Number.isInteger(value) && value > 0 && value < 2_958_466 ? new Date(Date.UTC(1899, 11, 30) + value * 86_400_000) : undefined;
    return {
      ok: false,
      message: `is het getal ${value}, geen maand${asDate ? ` (als datum zou het ${formatDate(asDate.toISOString().slice(0, 10))} zijn)` : ""}.`,
      hint: "Geef de cel een datumopmaak, of typ de maand als tekst: 2015-10 of oktober 2015.",
    };
  }
  if (typeof value !== "string") return { ok: false, message: "bevat geen maand.", hint: "Typ de maand als 2015-10 of oktober 2015, of zet er een datum in." };
  const text = value.trim().replace(/\s+/g, " ");
  const iso = ISO_MONTH.exec(text);
  if (iso) return { ok: true, value: `${iso[1]}-${iso[2]}` };
  const named = /^([A-Za-z]+)\.? (\d{4})$/.exec(text);
  if (named) {
    const name = named[1]!.toLowerCase();
    const m = MONTHS.indexOf(name) + 1 || SHORT[name];
    if (m) return { ok: true, value: month(Number(named[2]), m) };
  }
  return { ok: false, message: `bevat "${text}": dat is geen maand die Raadsbrief zeker kan lezen.`, hint: "Typ de maand als 2015-10, okt 2015 of oktober 2015 (een datum als 1-10-2015 kan dag-maand of maand-dag zijn)." };
}

/**
 * A figure cell: a number cell as it is (checked against `kind`: whole for a count,
 * within bounds); a text cell is refused, with the number to type where there is
 * one ("3.560" → 3560), by the same reader as data/reeksen.
 */
export function readValueCell(cell: Cell, kind: NumberKind, what: string): CellReading<number> {
  const value = plainValue(cell);
  if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) return { ok: "empty" };
  if (typeof value === "number") {
    // A formula's result can carry floating-point noise (3541.9999999999995); 12 digits is more than any figure has.
    const clean = Number(value.toPrecision(12));
    const reading = readNumber({ source: String(clean) }, kind, what);
    return reading.status === "number" ? { ok: true, value: reading.value } : reading.status === "refused" ? { ok: false, message: reading.message, hint: reading.hint } : { ok: false, message: `${what} is geen getal.`, hint: "Typ een getal in de cel." };
  }
  if (typeof value === "string") {
    const reading = readNumber({ source: value }, kind, what);
    if (reading.status === "number") {
      return { ok: false, message: `${what} staat als tekst in de cel ("${value}"), niet als getal.`, hint: `Maak er een getal van (in Excel: 'Converteren naar getal'; typ ${value.trim()} zonder apostrof ervoor).` };
    }
    if (reading.status === "refused") return { ok: false, message: reading.message, hint: `${reading.hint} Typ het in de cel als getal.` };
    return { ok: false, message: `${what} is de tekst "${value}", geen getal.`, hint: "Typ een getal in de cel, of laat de cel leeg zolang het cijfer er niet is." };
  }
  if (value instanceof Date) return { ok: false, message: `${what} is een datum, geen getal.`, hint: "Typ het aantal als getal; staat de kolom goed ('excel' bij de regio)?" };
  return { ok: false, message: `${what} is geen getal.`, hint: "Typ een getal in de cel." };
}
