// {% figuur "id" %} in a narrative (site/narrative-html.ts): a figure defined in the
// letter's front matter, rendered by the renderer for its kind.
import type { Charts } from "../../charts/render.ts";
import type { ComputedFigure } from "../../figures/compute.ts";
import type { Project } from "../../model/load.ts";
import type { Letter, Organisation } from "../../model/types.ts";
import { renderForecastFigure, renderSectorChart } from "../figures/chart-figures.ts";
import { renderComparisonTable } from "../figures/comparison-table.ts";
import { renderBudget, renderIndicatorTable, renderSectorTable } from "../figures/table-figures.ts";
import { renderTrendFigure } from "../figures/trend-figure.ts";
import { letterView } from "../letter-view.ts";

const PREFIX = "fig-";

function render(fig: ComputedFigure, org: Organisation, charts: Charts): string | Promise<string> {
  switch (fig.kind) {
    case "vergelijking":
      return renderComparisonTable(fig, PREFIX);
    case "trend":
      return renderTrendFigure(fig, PREFIX, org, charts);
    case "indicatoren":
      return renderIndicatorTable(fig, PREFIX);
    case "sectoren":
      return renderSectorTable(fig, PREFIX);
    case "sectorgrafiek":
      return renderSectorChart(fig, PREFIX, org, charts);
    case "prognose":
      return renderForecastFigure(fig, PREFIX, org, charts);
    case "begroting":
      return renderBudget(fig, PREFIX);
  }
}

/** The HTML of figure `id` of a letter (a chart may be a deferred marker: charts/render.ts), its charts by the build's renderer. */
export function renderFigure(project: Project, letter: Letter, id: string, charts: Charts): string | Promise<string> {
  const view = letterView(project, letter);
  const fig = view.figures.get(id);
  if (!fig) throw new Error(`figuur "${id}" staat niet onder 'figuren' in ${letter.inputPath}`);
  return render(fig, view.organisation, charts);
}
