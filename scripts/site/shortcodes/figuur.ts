// {% figuur "id" %}: places a figure defined in the letter's front matter, rendered
// by the renderer for its kind.
import type { ComputedFigure } from "../../figures/compute.ts";
import type { Project } from "../../model/load.ts";
import type { Organisation } from "../../model/types.ts";
import { renderForecastFigure, renderSectorChart } from "../figures/chart-figures.ts";
import { renderComparisonTable } from "../figures/comparison-table.ts";
import { renderBudget, renderIndicatorTable, renderSectorTable } from "../figures/table-figures.ts";
import { renderTrendFigure } from "../figures/trend-figure.ts";
import { findLetter, letterView } from "../letter-view.ts";

const PREFIX = "fig-";

function render(fig: ComputedFigure, org: Organisation): string | Promise<string> {
  switch (fig.kind) {
    case "vergelijking":
      return renderComparisonTable(fig, PREFIX);
    case "trend":
      return renderTrendFigure(fig, PREFIX, org);
    case "indicatoren":
      return renderIndicatorTable(fig, PREFIX);
    case "sectoren":
      return renderSectorTable(fig, PREFIX);
    case "sectorgrafiek":
      return renderSectorChart(fig, PREFIX, org);
    case "prognose":
      return renderForecastFigure(fig, PREFIX, org);
    case "begroting":
      return renderBudget(fig, PREFIX);
  }
}

export function figuurShortcode(getProject: () => Project) {
  return async function (this: { page: { inputPath: string } }, id: string): Promise<string> {
    const project = getProject();
    const letter = findLetter(project, this.page.inputPath);
    if (!letter) throw new Error(`figuur "${id}": alleen te gebruiken in een brief onder content/ (${this.page.inputPath})`);
    const view = letterView(project, letter);
    const fig = view.figures.get(id);
    if (!fig) throw new Error(`figuur "${id}" staat niet onder 'figuren' in ${letter.inputPath}`);
    return render(fig, view.organisation);
  };
}
