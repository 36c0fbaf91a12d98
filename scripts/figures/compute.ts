// Figures computed from a letter's data: the comparison table and the indexed
// trend. Numbers only; wording and formatting live in scripts/site/figures.
import { isSeriesFigure, type FigureDefinition, type IsoDate, type LetterData, type Month, type Observation, type Series, type SeriesFigureDefinition } from "../model/types.ts";
import { computeBudget, computeForecast, computeIndicators, computeSectors, type BudgetFigure, type ForecastFigure, type IndicatorFigure, type SectorFigure } from "./tables.ts";
import { monthOf } from "./months.ts";
import { between, indexed, latestUpTo, relativeChange, valueAt } from "./series.ts";

export interface SourceRef {
  /** "*", "**", … in order of first appearance. */
  mark: string;
  source: string;
}

export interface ComparisonRow {
  region: string;
  name: string;
  sourceMark: string;
  start: Observation;
  latest: Observation;
  /** (latest − start) / start */
  change: number;
  /** The change is computed from an illustrative number. */
  changeIllustrative: boolean;
  /** Set when the latest figure is older than the peildatum's month. */
  staleNote?: number;
}

export interface StaleNote {
  number: number;
  source: string;
  /** Month the source is updated through. */
  through: Month;
}

export interface ComparisonFigure {
  kind: "vergelijking";
  id: string;
  title?: string;
  series: Series;
  startMonth: Month;
  peilMonth: Month;
  rows: ComparisonRow[];
  sources: SourceRef[];
  staleNotes: StaleNote[];
  illustrative: boolean;
}

export interface TrendSeriesPoint extends Observation {
  index: number;
  /** The index is computed from an illustrative number (this month's or the base month's). */
  indexIllustrative: boolean;
}

export interface TrendFigureLine {
  region: string;
  name: string;
  sourceMark: string;
  points: TrendSeriesPoint[];
}

export interface TrendFigure {
  kind: "trend";
  id: string;
  title?: string;
  series: Series;
  baseMonth: Month;
  peilMonth: Month;
  lines: TrendFigureLine[];
  target?: { region: string; name: string; date: IsoDate; value: number; index: number; label: string; illustrative: boolean };
  sources: SourceRef[];
  illustrative: boolean;
}

export type ComputedFigure = ComparisonFigure | TrendFigure | IndicatorFigure | SectorFigure | ForecastFigure | BudgetFigure;

/** Any figure of a letter, from the letter's own (possibly frozen) data. */
export function computeFigure(def: FigureDefinition, data: LetterData, peildatum: IsoDate): ComputedFigure {
  if (isSeriesFigure(def)) return computeSeriesFigure(def, data, peildatum);
  const table = data.tables[def.table];
  if (!table) throw new FigureError(`Figuur '${def.id}': tabel '${def.table}' ontbreekt in de cijfers van de brief.`);
  const wrong = () => new FigureError(`Figuur '${def.id}' (${def.kind}) past niet bij tabel '${def.table}' (${table.kind}).`);
  switch (def.kind) {
    case "indicatoren":
      if (table.kind !== "indicatoren") throw wrong();
      return computeIndicators(def.id, table, def.title);
    case "sectoren":
    case "sectorgrafiek":
      if (table.kind !== "sectoren") throw wrong();
      return computeSectors(def.id, table, def.kind, def.title);
    case "prognose":
      if (table.kind !== "prognose") throw wrong();
      return computeForecast(def.id, table, def.title);
    case "begroting":
      if (table.kind !== "begroting") throw wrong();
      return computeBudget(def.id, table, def.title);
  }
}

export class FigureError extends Error {}

function sourceRefs(series: Series, regionIds: string[]): { refs: SourceRef[]; markOf: (rid: string) => string } {
  const refs: SourceRef[] = [];
  const byRegion = new Map<string, string>();
  for (const rid of regionIds) {
    const region = series.regions.find((r) => r.id === rid);
    if (!region) continue;
    let ref = refs.find((r) => r.source === region.source);
    if (!ref) {
      ref = { mark: "*".repeat(refs.length + 1), source: region.source };
      refs.push(ref);
    }
    byRegion.set(rid, ref.mark);
  }
  return { refs, markOf: (rid) => byRegion.get(rid) ?? "" };
}

function regionOf(series: Series, rid: string, figId: string) {
  const region = series.regions.find((r) => r.id === rid);
  if (!region) throw new FigureError(`Figuur '${figId}': regio '${rid}' ontbreekt in reeks '${series.id}'.`);
  return region;
}

export function computeSeriesFigure(def: SeriesFigureDefinition, data: Pick<LetterData, "series">, peildatum: IsoDate): ComputedFigure {
  const series = data.series[def.series];
  if (!series) throw new FigureError(`Figuur '${def.id}': reeks '${def.series}' ontbreekt in de cijfers van de brief.`);
  const peilMonth = monthOf(peildatum);
  const { refs, markOf } = sourceRefs(series, def.regions);

  if (def.kind === "vergelijking") {
    const staleNotes: StaleNote[] = [];
    const rows: ComparisonRow[] = def.regions.map((rid) => {
      const region = regionOf(series, rid, def.id);
      const start = valueAt(region, def.from);
      const latest = latestUpTo(region, peilMonth);
      if (!start || !latest) throw new FigureError(`Figuur '${def.id}': ${region.name} heeft geen cijfers voor ${def.from} of vóór de peildatum.`);
      const row: ComparisonRow = {
        region: rid,
        name: region.name,
        sourceMark: markOf(rid),
        start,
        latest,
        change: relativeChange(start.value, latest.value),
        changeIllustrative: start.illustrative || latest.illustrative,
      };
      if (latest.month < peilMonth) {
        let note = staleNotes.find((n) => n.source === region.source && n.through === latest.month);
        if (!note) {
          note = { number: staleNotes.length + 1, source: region.source, through: latest.month };
          staleNotes.push(note);
        }
        row.staleNote = note.number;
      }
      return row;
    });
    return {
      kind: "vergelijking",
      id: def.id,
      ...(def.title ? { title: def.title } : {}),
      series,
      startMonth: def.from,
      peilMonth,
      rows,
      sources: refs,
      staleNotes,
      illustrative: rows.some((r) => r.start.illustrative || r.latest.illustrative),
    };
  }

  const lines: TrendFigureLine[] = def.regions.map((rid) => {
    const region = regionOf(series, rid, def.id);
    const base = valueAt(region, def.from);
    if (!base) throw new FigureError(`Figuur '${def.id}': ${region.name} heeft geen cijfer voor ${def.from}.`);
    return {
      region: rid,
      name: region.name,
      sourceMark: markOf(rid),
      points: between(region, def.from, peilMonth).map((o) => ({ ...o, index: indexed(o.value, base.value), indexIllustrative: o.illustrative || base.illustrative })),
    };
  });
  const targetDef = series.targets.find((t) => def.regions.includes(t.region) && t.date >= `${def.from}-01`);
  let target: TrendFigure["target"];
  if (targetDef) {
    const line = lines.find((l) => l.region === targetDef.region)!;
    const base = line.points[0]!.value;
    target = { ...targetDef, name: line.name, index: indexed(targetDef.value, base) };
  }
  return {
    kind: "trend",
    id: def.id,
    ...(def.title ? { title: def.title } : {}),
    series,
    baseMonth: def.from,
    peilMonth,
    lines,
    ...(target ? { target } : {}),
    sources: refs,
    illustrative: lines.some((l) => l.points.some((p) => p.illustrative)) || (target?.illustrative ?? false),
  };
}
