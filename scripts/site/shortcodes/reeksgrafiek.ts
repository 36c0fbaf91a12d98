// {% reeksgrafiek "id" %}: the full-history trend chart on a series page, indexed
// on the first month in which every region has a figure.
import type { Charts } from "../../charts/render.ts";
import { computeSeriesFigure } from "../../figures/compute.ts";
import { endOfMonth } from "../../figures/months.ts";
import type { Project } from "../../model/load.ts";
import type { Organisation } from "../../model/types.ts";
import { renderTrendFigure } from "../figures/trend-figure.ts";

export function reeksgrafiekShortcode(getProject: () => Project, getOrganisation: () => Organisation, charts: Charts) {
  return async function (id: string): Promise<string> {
    const project = getProject();
    const series = project.series.get(id);
    if (!series) throw new Error(`reeksgrafiek "${id}": reeks bestaat niet`);
    const monthSets = series.regions.map((r) => new Set(r.observations.map((o) => o.month)));
    const allMonths = [...new Set(series.regions.flatMap((r) => r.observations.map((o) => o.month)))].sort();
    const base = allMonths.find((m) => monthSets.every((s) => s.has(m)));
    if (!base) throw new Error(`reeksgrafiek "${id}": geen maand waarin alle regio's een cijfer hebben`);
    const fig = computeSeriesFigure(
      { id: `reeks-${id}`, kind: "trend", series: id, regions: series.regions.map((r) => r.id), from: base },
      { series: { [id]: series } },
      endOfMonth(allMonths[allMonths.length - 1]!),
    );
    if (fig.kind !== "trend") throw new Error("unreachable");
    return renderTrendFigure(fig, "", getOrganisation(), charts);
  };
}
