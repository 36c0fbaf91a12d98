// {% reeksgrafiek "id" %}: the full-history trend chart on a series page, indexed
// on the first month in which every region has a figure.
import type { Charts } from "../../charts/render.ts";
import { computeSeriesFigure } from "../../figures/compute.ts";
import { endOfMonth } from "../../figures/months.ts";
import type { Project } from "../../model/load.ts";
import { renderTrendFigure } from "../figures/trend-figure.ts";

/**
 * A series page belongs to no one organisation: a region that is one of the site's
 * organisations is drawn in the site's primary colour, the rest in grey.
 */
export function reeksgrafiekShortcode(getProject: () => Project, charts: Charts) {
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
    const own = series.regions.find((r) => project.organisations.has(r.id));
    const colours = { primary: project.site.identity.colours.primary, accent: project.site.identity.colours.accent };
    return renderTrendFigure(fig, "", { id: own?.id ?? "", colours }, charts);
  };
}
