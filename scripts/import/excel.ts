// A spreadsheet of months × regions (as a team keeps its own client counts), read
// with exceljs: one sheet per series, a column of months and a column per region
// (data/reeksen: `excel: { blad, maanden, vanaf_rij }` and `excel: B` per region).
// Every cell goes through excel-cells.ts; a refused cell is reported as Blad!B14.
import { statSync } from "node:fs";
import ExcelJS from "exceljs";
import { seriesValue } from "../model/numbers.ts";
import type { ExcelMapping } from "../model/source-mapping.ts";
import type { Month } from "../model/types.ts";
import { suggest } from "../model/validate.ts";
import { readMonthCell, readValueCell } from "./excel-cells.ts";
import { ImportError } from "./errors.ts";

export type Workbook = ExcelJS.Workbook;

/** Reads an .xlsx file; refuses anything else in Dutch. */
export async function openWorkbook(file: string, shown: string): Promise<Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs says "File not found" in English: Node's own error is told in Dutch (cli/report.ts).
  if (!statSync(file).isFile()) throw new ImportError(`${shown} is geen bestand.`);
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw error; // a system error: told in Dutch by cli/report.ts
    throw new ImportError(`${shown} is geen leesbaar Excel-bestand (.xlsx). Sla het op als Excel-werkmap (.xlsx) en probeer het opnieuw.`, { cause: error });
  }
  return workbook;
}

export interface SheetFigure {
  month: Month;
  value: number;
  /** "Klanten!B14" */
  cell: string;
}

/** The figures of one region from its column; every refused cell is collected, not just the first. */
export function readRegionColumn(workbook: Workbook, m: ExcelMapping, regionName: string, decimals: number): SheetFigure[] {
  const sheet = workbook.getWorksheet(m.sheet);
  if (!sheet) {
    const names = workbook.worksheets.map((w) => w.name);
    const guess = suggest(m.sheet, names);
    throw new ImportError(`Het blad '${m.sheet}' staat niet in de werkmap.${guess ? ` Bedoelde u '${guess}'?` : ` De bladen zijn: ${names.join(", ")}.`} Controleer 'blad' in de reeks.`);
  }
  const kind = seriesValue(decimals);
  const problems: string[] = [];
  const figures = new Map<Month, SheetFigure>();
  const ref = (col: string, row: number) => `${sheet.name}!${col}${row}`;
  for (let row = m.firstRow; row <= sheet.rowCount; row++) {
    const monthCell = readMonthCell(sheet.getCell(`${m.monthColumn}${row}`).value);
    const where = (col: string) => ref(col, row);
    if (monthCell.ok === false) {
      problems.push(`${where(m.monthColumn)}: ${monthCell.message} → ${monthCell.hint}`);
      continue;
    }
    const what = `${kind.decimals > 0 ? "Waarde" : "Aantal"} ${regionName}${monthCell.ok === true ? `, ${monthCell.value}` : ""}`;
    const valueCell = readValueCell(sheet.getCell(`${m.column}${row}`).value, kind, what);
    if (valueCell.ok === "empty") continue;
    if (monthCell.ok === "empty") {
      problems.push(`${where(m.monthColumn)}: deze rij heeft een cijfer in ${where(m.column)} maar geen maand. → Vul de maand in, of haal het cijfer weg.`);
      continue;
    }
    if (valueCell.ok === false) {
      problems.push(`${where(m.column)}: ${valueCell.message} → ${valueCell.hint}`);
      continue;
    }
    const earlier = figures.get(monthCell.value);
    if (earlier) {
      problems.push(`${where(m.monthColumn)}: de maand ${monthCell.value} staat ook in ${earlier.cell.replace(/[A-Z]+(\d+)$/, `${m.monthColumn}$1`)}. → Elke maand één rij.`);
      continue;
    }
    figures.set(monthCell.value, { month: monthCell.value, value: valueCell.value, cell: where(m.column) });
  }
  if (problems.length) {
    throw new ImportError(`Het blad '${sheet.name}' heeft ${problems.length === 1 ? "een cel" : `${problems.length} cellen`} die Raadsbrief niet zeker kan lezen; er is niets gewijzigd:\n  ${problems.join("\n  ")}`);
  }
  return [...figures.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
}
