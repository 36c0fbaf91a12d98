// Open data downloads of a series: CSV and JSON. One row per region and month, with
// its source, whether it is illustrative, and CBS's status with the day it was fetched.
import type { Series } from "../model/types.ts";
import { dutchCsv, dutchNumber } from "./dutch-csv.ts";

export function seriesCsv(series: Series): string {
  const rows: (string | number)[][] = [];
  for (const region of series.regions) {
    // With decimals every value has them all ("5,0", "5,3"), with a decimal comma (dutch-csv.ts).
    for (const o of region.observations) {
      rows.push([series.id, o.month, region.id, region.name, dutchNumber(o.value, series.decimals), series.unit, region.source, o.illustrative ? "ja" : "nee", o.status ?? "", o.retrieved ?? ""]);
    }
  }
  // status: CBS's (voorlopig, nader voorlopig, definitief), empty for figures typed or from a spreadsheet.
  return dutchCsv(["reeks", "maand", "regio", "regionaam", "waarde", "eenheid", "bron", "illustratief", "status", "opgehaald"], rows);
}

export function seriesJson(series: Series, siteUrl: string): string {
  const doc = {
    reeks: series.id,
    titel: series.title,
    eenheid: series.unit,
    ...(series.decimals ? { decimalen: series.decimals } : {}),
    bron_url: `${siteUrl}/reeksen/${series.id}/`,
    regios: series.regions.map((r) => ({
      id: r.id,
      naam: r.name,
      bron: r.source,
      waarden: r.observations.map((o) => ({
        maand: o.month,
        waarde: o.value,
        ...(o.illustrative ? { illustratief: true } : {}),
        ...(o.status ? { status: o.status } : {}),
        ...(o.retrieved ? { opgehaald: o.retrieved } : {}),
      })),
    })),
    doelen: series.targets.map((t) => ({ regio: t.region, datum: t.date, waarde: t.value, omschrijving: t.label, ...(t.illustrative ? { illustratief: true } : {}) })),
    notities: series.notes,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
