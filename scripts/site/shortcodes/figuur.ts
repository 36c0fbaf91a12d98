// {% figuur "id" %}: places a figure defined in the letter's front matter.
import type { Project } from "../../model/load.ts";
import { renderComparisonTable } from "../figures/comparison-table.ts";
import { renderTrendFigure } from "../figures/trend-figure.ts";
import { findLetter, letterView } from "../letter-view.ts";

export function figuurShortcode(getProject: () => Project) {
  return async function (this: { page: { inputPath: string } }, id: string): Promise<string> {
    const project = getProject();
    const letter = findLetter(project, this.page.inputPath);
    if (!letter) throw new Error(`figuur "${id}": alleen te gebruiken in een brief onder content/ (${this.page.inputPath})`);
    const view = letterView(project, letter);
    const fig = view.figures.get(id);
    if (!fig) throw new Error(`figuur "${id}" staat niet onder 'figuren' in ${letter.inputPath}`);
    const prefix = "fig-";
    return fig.kind === "vergelijking" ? renderComparisonTable(fig, prefix) : renderTrendFigure(fig, prefix, view.organisation);
  };
}
