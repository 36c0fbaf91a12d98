// Computed columns of tables: share of target reached, change between two years,
// totals from the rows. Numbers only; formatting happens in scripts/site/figures.
import type { BudgetTable, ForecastTable, IndicatorTable, SectorTable } from "../model/types.ts";
import { relativeChange } from "./series.ts";

export interface IndicatorFigure {
  kind: "indicatoren";
  id: string;
  title: string;
  table: IndicatorTable;
  /** realised / target, as a fraction (1.5 = 150%). */
  rows: { indicator: string; target: number; realised: number; share: number }[];
  illustrative: boolean;
}

export function computeIndicators(id: string, table: IndicatorTable, title?: string): IndicatorFigure {
  return {
    kind: "indicatoren",
    id,
    title: title ?? table.title,
    table,
    rows: table.rows.map((r) => ({ ...r, share: r.realised / r.target })),
    illustrative: table.illustrative,
  };
}

export interface SectorRow {
  code: string;
  sector: string;
  /** year → measure → value */
  values: Record<string, Record<string, number>>;
  /** Change of the `changeOn` measure from the first to the second year. */
  change: number;
  /** As a fraction; undefined when the first year is 0. */
  changeShare: number | undefined;
}

export interface SectorFigure {
  kind: "sectoren" | "sectorgrafiek";
  id: string;
  title: string;
  table: SectorTable;
  rows: SectorRow[];
  /** Computed from the rows (and equal to the stated total, which the checker enforces). */
  total: SectorRow;
  illustrative: boolean;
}

export function computeSectors(id: string, table: SectorTable, kind: "sectoren" | "sectorgrafiek", title?: string): SectorFigure {
  const [from, to] = table.years;
  const row = (code: string, sector: string, values: Record<string, Record<string, number>>): SectorRow => {
    const a = values[from]![table.changeOn]!;
    const b = values[to]![table.changeOn]!;
    return { code, sector, values, change: b - a, changeShare: a === 0 ? undefined : relativeChange(a, b) };
  };
  const rows = table.rows.map((r) => row(r.code, r.sector, r.values));
  const totals: Record<string, Record<string, number>> = {};
  for (const y of table.years) {
    totals[y] = {};
    for (const m of table.measures) totals[y]![m.id] = table.rows.reduce((sum, r) => sum + r.values[y]![m.id]!, 0);
  }
  return { kind, id, title: title ?? table.title, table, rows, total: row("", "Totaal", totals), illustrative: table.illustrative };
}

export interface ForecastFigure {
  kind: "prognose";
  id: string;
  title: string;
  table: ForecastTable;
  illustrative: boolean;
}

export function computeForecast(id: string, table: ForecastTable, title?: string): ForecastFigure {
  return { kind: "prognose", id, title: title ?? table.title, table, illustrative: table.years.some((y) => y.illustrative) };
}

export interface BudgetFigure {
  kind: "begroting";
  id: string;
  title: string;
  table: BudgetTable;
  /** Sum of the items that make up the total (equal to it: the checker enforces that). */
  sum: number;
  onTop: number;
  illustrative: boolean;
}

export function computeBudget(id: string, table: BudgetTable, title?: string): BudgetFigure {
  return {
    kind: "begroting",
    id,
    title: title ?? table.title,
    table,
    sum: table.items.filter((i) => !i.onTop).reduce((a, i) => a + i.amount, 0),
    onTop: table.items.filter((i) => i.onTop).reduce((a, i) => a + i.amount, 0),
    illustrative: false,
  };
}
