// A letter's own figures as open data, beside its page: <naam>.csv (Dutch spreadsheet
// conventions, dutch-csv.ts) and <naam>.json. Made from exactly the data its tables
// and charts use (figures/letter-data.ts): the frozen figures of a published letter,
// so its downloads never change either.
//
// The CSV is "long": one value per row, whatever the kind of figure, so every
// letter's file has the same columns:
//   bron       reeks:<id> or tabel:<id> (data/reeksen/, data/tabellen/)
//   titel      the series' or table's title
//   rij        region, indicator, sector or budget item ("" for a forecast's years)
//   maat       what the value is (the measure or column; "waarde" for a series)
//   periode    month (2015-09) or year (2006); "" where the table has none
//   waarde     the number: plain integer or decimal comma
//   eenheid, illustratief (ja/nee), status (CBS's, for series)
import { letterData } from "../figures/letter-data.ts";
import type { Project } from "../model/load.ts";
import type { DataTable, Letter, LetterData } from "../model/types.ts";
import { dutchCsv, dutchNumber } from "./dutch-csv.ts";

export const LETTER_CSV_COLUMNS = ["bron", "titel", "rij", "maat", "periode", "waarde", "eenheid", "illustratief", "status"] as const;

type Row = [string, string, string, string, string, string, string, string, string];

const yesNo = (b: boolean | undefined) => (b ? "ja" : "nee");

function seriesRows(data: LetterData): Row[] {
  return Object.values(data.series).flatMap((s) =>
    s.regions.flatMap((r) => r.observations.map((o): Row => [`reeks:${s.id}`, s.title, r.name, "waarde", o.month, dutchNumber(o.value, s.decimals), s.unit, yesNo(o.illustrative), o.status ?? ""])),
  );
}

function tableRows(t: DataTable): Row[] {
  const src = `tabel:${t.id}`;
  switch (t.kind) {
    case "indicatoren":
      return t.rows.flatMap((r): Row[] => [
        [src, t.title, r.indicator, t.targetLabel, "", dutchNumber(r.target), "", yesNo(t.illustrative), ""],
        [src, t.title, r.indicator, t.realisedLabel, "", dutchNumber(r.realised), "", yesNo(t.illustrative), ""],
      ]);
    case "sectoren":
      return t.rows.flatMap((r) =>
        t.years.flatMap((y) => t.measures.map((m): Row => [src, t.title, `${r.code} ${r.sector}`.trim(), m.label, y, r.values[y]?.[m.id] === undefined ? "" : dutchNumber(r.values[y]![m.id]!), "", yesNo(t.illustrative), ""])),
      );
    case "prognose":
      return t.years.flatMap((y) => [
        [src, t.title, "", y.forecast ? "prognose" : "realisatie", String(y.year), dutchNumber(y.value), t.unit, yesNo(y.illustrative), ""] as Row,
        ...(y.low !== undefined ? [[src, t.title, "", "laag", String(y.year), dutchNumber(y.low), t.unit, yesNo(y.illustrative), ""] as Row] : []),
        ...(y.high !== undefined ? [[src, t.title, "", "hoog", String(y.year), dutchNumber(y.high), t.unit, yesNo(y.illustrative), ""] as Row] : []),
      ]);
    case "begroting":
      return [
        ...t.items.map((i): Row => [src, t.title, i.label, i.onTop ? "bedrag (bovenop het totaal)" : "bedrag", "", dutchNumber(i.amount), "euro", "nee", ""]),
        [src, t.title, "Totaal", "bedrag", "", dutchNumber(t.total), "euro", "nee", ""],
      ];
  }
}

/** The letter's figures as CSV, or undefined when it has none. */
export function letterCsv(data: LetterData): string | undefined {
  const rows = [...seriesRows(data), ...Object.values(data.tables).flatMap(tableRows)];
  return rows.length ? dutchCsv(LETTER_CSV_COLUMNS, rows) : undefined;
}

/** The same data as JSON: the letter, and its series and tables as the figures use them. */
export function letterJson(project: Project, letter: Letter, data: LetterData): string {
  const org = project.organisations.get(letter.organisation);
  const doc = {
    brief: {
      titel: letter.title,
      onderwerp: letter.subject,
      organisatie: org?.name ?? letter.organisation,
      datum: letter.date,
      peildatum: letter.peildatum,
      kenmerk: letter.onsKenmerk,
      adres: `${project.site.url}${letter.url}`,
      bevroren: project.frozen.has(letter.inputPath),
    },
    reeksen: Object.values(data.series).map((s) => ({
      reeks: s.id,
      titel: s.title,
      eenheid: s.unit,
      ...(s.decimals ? { decimalen: s.decimals } : {}),
      regios: s.regions.map((r) => ({
        id: r.id,
        naam: r.name,
        bron: r.source,
        waarden: r.observations.map((o) => ({ maand: o.month, waarde: o.value, ...(o.illustrative ? { illustratief: true } : {}), ...(o.status ? { status: o.status } : {}) })),
      })),
    })),
    // The tables as the model reads them (data/tabellen/), with their kind as `soort`.
    tabellen: Object.values(data.tables).map(({ kind, ...rest }) => ({ soort: kind, ...rest })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export interface LetterDownloads {
  csvUrl: string;
  jsonUrl: string;
  csv: string;
  json: string;
  csvBytes: number;
  jsonBytes: number;
}

/** A letter's downloads, or undefined for a letter without figures. */
export function letterDownloads(project: Project, letter: Letter): LetterDownloads | undefined {
  const data = letterData(project, letter);
  const csv = letterCsv(data);
  if (csv === undefined) return undefined;
  const json = letterJson(project, letter, data);
  return {
    csvUrl: `${letter.url}${letter.slug}.csv`,
    jsonUrl: `${letter.url}${letter.slug}.json`,
    csv,
    json,
    csvBytes: Buffer.byteLength(csv, "utf8"),
    jsonBytes: Buffer.byteLength(json, "utf8"),
  };
}
