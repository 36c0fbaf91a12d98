// CBS tables as the import tests see them, made by the tests (there is no network
// here): 82015NED per municipality and 37789ksz nationally (in thousands), in the
// shape of the real API (tests/cbs-server.ts serves them). The figures are the
// sample's own, with CBS's revisions where a test needs one.
import type { FakeTable } from "./cbs-server.ts";

export const pad = (code: string, width = 8) => code.padEnd(width, " ");
const code = (month: string) => `${month.slice(0, 4)}MM${month.slice(5)}`;

/** Status per month: the last three provisional, the one before revised provisional. */
export function statusOfMonth(month: string, provisional: string[], revised: string[] = []): string {
  return provisional.includes(month) ? "Voorlopig" : revised.includes(month) ? "Nader voorlopig" : "Definitief";
}

export interface MonthFigure {
  month: string;
  value: number | null;
}

/** 82015NED with `emmen` for GM0114 (and other regions and bases that the filter must leave out). */
export function table82015(emmen: MonthFigure[], opts: { provisional?: string[]; revised?: string[]; pageSize?: number; groningen?: MonthFigure[] } = {}): FakeTable {
  const months = [...new Set([...emmen, ...(opts.groningen ?? [])].map((f) => f.month))].sort();
  const row = (region: string, basis: string, f: MonthFigure, plus = 0) => ({ Uitkeringsgrondslag: basis, RegioS: pad(region), Perioden: code(f.month), Bijstandsuitkeringen_1: f.value === null ? null : f.value + plus });
  return {
    properties: [
      { Key: "Uitkeringsgrondslag", Type: "Dimension" },
      { Key: "RegioS", Type: "GeoDimension" },
      { Key: "Perioden", Type: "TimeDimension" },
      { Key: "Bijstandsuitkeringen_1", Type: "Topic" },
      { Key: "BijstandsuitkeringenPer1000Inwoners_2", Type: "Topic" },
    ],
    periods: [...months.map((m) => ({ Key: code(m), Status: statusOfMonth(m, opts.provisional ?? [], opts.revised ?? []) })), { Key: "2015KW01", Status: "Definitief" }, { Key: "2014JJ00", Status: "Definitief" }],
    dimensions: { RegioS: [pad("NL01"), pad("GM0014"), pad("GM0114")], Uitkeringsgrondslag: [pad("T001093", 7), pad("A028599", 7)] },
    rows: [
      ...emmen.map((f) => row("GM0114", "T001093", f)),
      // Another basis and another municipality: the importer's filter must leave them out.
      ...emmen.map((f) => row("GM0114", "A028599", f, -1000)),
      ...(opts.groningen ?? emmen).map((f) => row("GM0014", "T001093", f, opts.groningen ? 0 : 5000)),
      { Uitkeringsgrondslag: "T001093", RegioS: pad("GM0114"), Perioden: "2015KW01", Bijstandsuitkeringen_1: 3580 },
      { Uitkeringsgrondslag: "T001093", RegioS: pad("GM0114"), Perioden: "2014JJ00", Bijstandsuitkeringen_1: 3470 },
    ],
    ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
  };
}

/** 37789ksz: the Netherlands, in thousands, no regions. */
export function table37789(figures: MonthFigure[], provisional: string[] = []): FakeTable {
  return {
    properties: [
      { Key: "Perioden", Type: "TimeDimension" },
      { Key: "WAOUitkeringen_2", Type: "Topic" },
      { Key: "TotaalBijstandsuitkeringen_11", Type: "Topic" },
    ],
    periods: figures.map((f) => ({ Key: code(f.month), Status: statusOfMonth(f.month, provisional) })),
    rows: figures.map((f) => ({ Perioden: code(f.month), WAOUitkeringen_2: 300.1, TotaalBijstandsuitkeringen_11: f.value })),
  };
}

/** Emmen as CBS gives it in the tests: the sample's figures, August revised (3.542 → 3.551), November new. */
export const EMMEN: MonthFigure[] = [
  { month: "2015-01", value: 3560 },
  { month: "2015-02", value: 3574 },
  { month: "2015-03", value: 3589 },
  { month: "2015-04", value: 3597 },
  { month: "2015-05", value: 3584 },
  { month: "2015-06", value: 3571 },
  { month: "2015-07", value: 3560 },
  { month: "2015-08", value: 3551 },
  { month: "2015-09", value: 3520 },
  { month: "2015-10", value: 3497 },
  { month: "2015-11", value: 3480 },
];

/** The Netherlands: January and June as in the letter, September without a figure yet, October new. */
export const NEDERLAND: MonthFigure[] = [
  { month: "2015-01", value: 419.4 },
  { month: "2015-06", value: 429 },
  { month: "2015-09", value: null },
  { month: "2015-10", value: 434.1 },
];

export function sampleTables(pageSize = 4): Record<string, FakeTable> {
  return {
    "82015NED": table82015(EMMEN, { provisional: ["2015-10", "2015-11"], revised: ["2015-09"], pageSize }),
    "37789ksz": table37789(NEDERLAND, ["2015-09", "2015-10"]),
  };
}
