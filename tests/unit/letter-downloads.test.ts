// Every CSV of the site opens in a Dutch-locale spreadsheet: read back as Excel or
// LibreOffice Calc (nl-NL) read it — ";" between fields, a UTF-8 BOM, a decimal comma,
// no thousands separator — it gives exactly the figures the letters and series hold.
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { readProject } from "../../scripts/model/load.ts";
import { letterData } from "../../scripts/figures/letter-data.ts";
import { letterDownloads, LETTER_CSV_COLUMNS } from "../../scripts/site/letter-downloads.ts";
import { seriesCsv } from "../../scripts/site/downloads.ts";
import { dutchCsv, dutchNumber } from "../../scripts/site/dutch-csv.ts";

const project = readProject(path.resolve(import.meta.dirname, "../.."));

type Row = Record<"bron" | "titel" | "rij" | "maat" | "periode" | "waarde" | "eenheid" | "illustratief" | "status" | "regio" | "maand" | "a" | "b", string>;

/** As a spreadsheet with Dutch settings reads a CSV file's bytes. */
function readDutch(csv: string): Row[] {
  const bytes = Buffer.from(csv, "utf8");
  expect([...bytes.subarray(0, 3)], "UTF-8 byte order mark").toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes, { bom: true, delimiter: ";", columns: true, record_delimiter: "\r\n" }) as Row[];
}

/** A number cell as Excel nl-NL reads it: "," is the decimal mark, "." a thousands separator. */
function dutchValue(cell: string): number {
  expect(cell, "no thousands separator").not.toContain(".");
  expect(cell).toMatch(/^-?\d+(,\d+)?$/);
  return Number(cell.replace(",", "."));
}

describe("a letter's figures as CSV and JSON", () => {
  const withFigures = project.letters.filter((l) => l.figures.length > 0);

  it("every letter with figures has them, named after the letter, beside its page", () => {
    expect(withFigures.length).toBeGreaterThanOrEqual(6);
    for (const letter of withFigures) {
      const d = letterDownloads(project, letter)!;
      expect(d.csvUrl).toBe(`${letter.url}${letter.slug}.csv`);
      expect(d.jsonUrl).toBe(`${letter.url}${letter.slug}.json`);
    }
  });

  it.each(project.letters.filter((l) => l.figures.length > 0).map((l) => [l.inputPath, l] as const))("%s: read with Dutch settings, the CSV holds every figure it uses", (_name, letter) => {
    const d = letterDownloads(project, letter)!;
    const rows = readDutch(d.csv);
    expect(Object.keys(rows[0]!)).toEqual([...LETTER_CSV_COLUMNS]);
    const data = letterData(project, letter);
    // Every series value, with its month and region.
    for (const s of Object.values(data.series)) {
      for (const r of s.regions) {
        for (const o of r.observations) {
          const row = rows.find((x) => x.bron === `reeks:${s.id}` && x.rij === r.name && x.periode === o.month);
          expect(row, `${s.id} ${r.name} ${o.month}`).toBeDefined();
          expect(dutchValue(row!.waarde)).toBe(o.value);
          expect(row!.illustratief).toBe(o.illustrative ? "ja" : "nee");
        }
      }
    }
    // Every table contributes rows, each a number.
    for (const t of Object.values(data.tables)) expect(rows.some((x) => x.bron === `tabel:${t.id}`), t.id).toBe(true);
    for (const row of rows) dutchValue(row.waarde);
    // The JSON says the same, as numbers.
    const json = JSON.parse(d.json) as { brief: { datum: string }; reeksen: { regios: { waarden: { waarde: number }[] }[] }[] };
    expect(json.brief.datum).toBe(letter.date);
    expect(json.reeksen.flatMap((s) => s.regios.flatMap((r) => r.waarden)).length).toBe(rows.filter((r) => r.bron.startsWith("reeks:")).length);
  });

  it("a published letter's downloads come from its frozen figures", () => {
    const published = project.letters.find((l) => project.frozen.has(l.inputPath))!;
    const rows = readDutch(letterDownloads(project, published)!.csv);
    const frozen = project.frozen.get(published.inputPath)!.data;
    const months = Object.values(frozen.series).flatMap((s) => s.regions.flatMap((r) => r.observations.map((o) => o.month)));
    expect(rows.filter((r) => r.bron.startsWith("reeks:")).map((r) => r.periode).sort()).toEqual(months.sort());
  });

  it("the sector table of the Coevorden letter: 13 sectors × 2 years × 3 measures, values as in the plan", () => {
    const letter = project.letters.find((l) => l.inputPath.includes("banen-en-bijstand-coevorden"))!;
    const rows = readDutch(letterDownloads(project, letter)!.csv).filter((r) => r.bron === "tabel:vestigingen-banen-coevorden-2006");
    expect(rows).toHaveLength(13 * 2 * 3);
    expect(dutchValue(rows.find((r) => r.rij === "D Industrie" && r.periode === "2006" && r.maat === "Banen totaal")!.waarde)).toBe(2221);
  });
});

describe("Dutch CSV", () => {
  it("decimals with a comma, integers plain, text with ; and quotes quoted", () => {
    expect(dutchNumber(3560)).toBe("3560");
    expect(dutchNumber(5.3)).toBe("5,3");
    expect(dutchNumber(5, 1)).toBe("5,0");
    const csv = dutchCsv(["a", "b"], [["x; y", 'zei "ja"'], [1234567, 0.25]]);
    expect(readDutch(csv)).toEqual([
      { a: "x; y", b: 'zei "ja"' },
      { a: "1234567", b: "0,25" },
    ]);
  });

  it("a series' CSV reads back the same way, value for value", () => {
    const series = project.series.get("bijstandsvolume")!;
    const rows = readDutch(seriesCsv(series));
    const emmen = series.regions.find((r) => r.id === "emmen")!;
    for (const o of emmen.observations) expect(dutchValue(rows.find((r) => r.regio === "emmen" && r.maand === o.month)!.waarde)).toBe(o.value);
  });
});
