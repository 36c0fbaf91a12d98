// The data a letter uses: exactly the observations its figures need, and nothing
// else. This is what gets frozen when a letter is published, so a published
// letter's figures never change when data/ is revised later.
import type { Project } from "../model/load.ts";
import { isSeriesFigure, type DataTable, type Letter, type LetterData, type Series } from "../model/types.ts";
import { monthOf } from "./months.ts";

/** Slices live series and tables from data/ down to what the letter's figures use. */
export function sliceLetterData(letter: Letter, series: ReadonlyMap<string, Series>, tables: ReadonlyMap<string, DataTable> = new Map()): LetterData {
  const peil = monthOf(letter.peildatum);
  const out: Record<string, Series> = {};
  const usedTables: Record<string, DataTable> = {};
  for (const fig of letter.figures) {
    if (!isSeriesFigure(fig)) {
      const t = tables.get(fig.table);
      if (t) usedTables[fig.table] = t;
      continue;
    }
    const s = series.get(fig.series);
    if (!s) continue;
    const target = (out[s.id] ??= { ...s, regions: [], targets: [] });
    for (const rid of fig.regions) {
      const region = s.regions.find((r) => r.id === rid);
      if (!region) continue;
      const observations = region.observations.filter((o) => o.month >= fig.from && o.month <= peil);
      const existing = target.regions.find((r) => r.id === rid);
      if (existing) {
        const months = new Set(existing.observations.map((o) => o.month));
        existing.observations = [...existing.observations, ...observations.filter((o) => !months.has(o.month))].sort((a, b) =>
          a.month < b.month ? -1 : 1,
        );
      } else {
        target.regions.push({ ...region, observations });
      }
      for (const t of s.targets) if (t.region === rid && !target.targets.includes(t)) target.targets.push(t);
    }
  }
  return { series: out, tables: usedTables };
}

/** Frozen figures for a published letter, otherwise the live slice. */
export function letterData(project: Project, letter: Letter): LetterData {
  return project.frozen.get(letter.inputPath)?.data ?? sliceLetterData(letter, project.series, project.tables);
}
