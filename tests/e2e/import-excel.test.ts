// `npm run import -- excel <bestand.xlsx>`: a team's own counts from a spreadsheet the
// test makes with exceljs (shared strings, numbers as numbers, dates as date cells).
// Cells typed the Dutch way are read or refused with Blad!Cel; nothing is written then.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { copyProject, edit, ROOT, runCli, tree } from "../helpers.ts";

const DOSSIERS = "data/reeksen/bijstandsdossiers.yaml";

/** Maps Groningen's dossiers to the sheet "Klanten": months in A from row 2, Groningen in C. */
function mapToSheet(dir: string): void {
  edit(path.join(dir, DOSSIERS), "regios:\n", "excel: { blad: Klanten, maanden: A, vanaf_rij: 2 }\nregios:\n");
  edit(path.join(dir, DOSSIERS), "    bron: Jaarverslag 2017 gemeente Groningen\n", "    bron: Jaarverslag 2017 gemeente Groningen\n    excel: C\n");
}

async function workbook(file: string, rows: unknown[][], sheet = "Klanten"): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(["Maand", "Emmen", "Groningen"]);
  for (const r of rows) ws.addRow(r);
  // exceljs gives a Date cell a date format of its own; a bare number stays General.
  wb.addWorksheet("Toelichting").addRow(["Eigen telling van het team"]);
  await wb.xlsx.writeFile(file);
}

const date = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 1));

describe("npm run import -- excel", () => {
  it("reads date cells and month texts, edits only what changed, and says so", async () => {
    const dir = copyProject();
    mapToSheet(dir);
    const file = path.join(dir, "klanten.xlsx");
    await workbook(file, [
      [date(2017, 1), 3100, 10338],
      ["2017-02", 3110, 10320],
      ["okt 2017", 3120, null],
      ["januari 2018", 3130, 10190],
    ]);
    const before = readFileSync(path.join(dir, DOSSIERS), "utf8");
    const r = runCli("import", ["excel", "klanten.xlsx"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("  Groningen (Klanten!C):\n    nieuw (1): februari 2017: 10.320\n    gewijzigd (1): januari 2018: 10.178 → 10.190\n    ongewijzigd: 1 maand");
    const expected = before.replace("      2017-01: 10338\n", "      2017-01: 10338\n      2017-02: 10320\n").replace("      2018-01: 10178", "      2018-01: 10190");
    expect(readFileSync(path.join(dir, DOSSIERS), "utf8")).toBe(expected);
    expect(runCli("check", [], dir).code).toBe(0);
  });

  it("reads a workbook saved by LibreOffice Calc (shared strings, date serials, numbers)", () => {
    const dir = copyProject();
    mapToSheet(dir);
    copyFileSync(path.join(ROOT, "tests/fixtures/excel/klanten-libreoffice.xlsx"), path.join(dir, "klanten.xlsx"));
    const r = runCli("import", ["excel", "klanten.xlsx"], dir);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("  Groningen (Klanten!C):\n    nieuw (1): februari 2017: 10.320\n    gewijzigd (1): januari 2018: 10.178 → 10.190\n    ongewijzigd: 1 maand");
  });

  const refusals: { name: string; rows: unknown[][]; says: string[] }[] = [
    { name: "a count typed with a thousands point", rows: [[date(2017, 1), 1, "10.338"]], says: ["Klanten!C2: Aantal Groningen, 2017-01 heeft een punt tussen de duizendtallen: 10.338.", "Schrijf 10338, zonder punt"] },
    { name: "a count typed with a space", rows: [[date(2017, 1), 1, "10 338"]], says: ["Klanten!C2: Aantal Groningen, 2017-01 heeft een spatie tussen de duizendtallen: 10 338.", "Schrijf 10338"] },
    { name: "a decimal comma", rows: [[date(2017, 1), 1, "3,5"]], says: ["Klanten!C2: Aantal Groningen, 2017-01 heeft een decimale komma: 3,5; een aantal is een geheel getal."] },
    { name: "a number stored as text", rows: [[date(2017, 1), 1, "10338"]], says: ["Klanten!C2: Aantal Groningen, 2017-01 staat als tekst in de cel (\"10338\"), niet als getal."] },
    { name: "a fraction in a count", rows: [[date(2017, 1), 1, 10338.5]], says: ["Klanten!C2: Aantal Groningen, 2017-01 is geen geheel getal: 10338.5."] },
    { name: "an ambiguous month", rows: [["1-10-2017", 1, 10338]], says: ["Klanten!A2: bevat \"1-10-2017\": dat is geen maand die Raadsbrief zeker kan lezen."] },
    { name: "a month given as a bare number", rows: [[42736, 1, 10338]], says: ["Klanten!A2: is het getal 42736, geen maand (als datum zou het 1 januari 2017 zijn)."] },
    { name: "two cells at once, each named", rows: [[date(2017, 1), 1, "10.338"], [date(2018, 1), 1, "10.178"]], says: ["Klanten!C2:", "Klanten!C3:", "2 cellen die Raadsbrief niet zeker kan lezen"] },
  ];
  it.each(refusals)("refuses $name with the cell, and writes nothing", async ({ rows, says }) => {
    const dir = copyProject();
    mapToSheet(dir);
    await workbook(path.join(dir, "klanten.xlsx"), rows);
    const before = tree(path.join(dir, "data"));
    const r = runCli("import", ["excel", "klanten.xlsx"], dir);
    expect(r.code).toBe(1);
    for (const s of says) expect(r.stderr).toContain(s);
    expect(r.stderr).toContain("er is niets gewijzigd");
    expect(tree(path.join(dir, "data"))).toEqual(before);
  });

  it("names a missing sheet with a suggestion, and a file that is no workbook", async () => {
    const dir = copyProject();
    mapToSheet(dir);
    await workbook(path.join(dir, "klanten.xlsx"), [[date(2017, 1), 1, 10338]], "Klant");
    const r = runCli("import", ["excel", "klanten.xlsx"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Het blad 'Klanten' staat niet in de werkmap. Bedoelde u 'Klant'?");
    const notXlsx = path.join(dir, "klanten.csv");
    writeFileSync(notXlsx, "maand;aantal\n2017-01;10338\n");
    const csv = runCli("import", ["excel", "klanten.csv"], dir);
    expect(csv.code).toBe(1);
    expect(csv.stderr).toContain("klanten.csv is geen leesbaar Excel-bestand (.xlsx).");
    const missing = runCli("import", ["excel", "weg.xlsx"], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Kon .*weg\.xlsx niet (openen|bekijken): dat bestaat niet/);
  });
});
