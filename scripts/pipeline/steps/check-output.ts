// Step 9: no letter may go missing silently: every expected page and PDF must exist.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Project } from "../../model/load.ts";
import type { BuildContext } from "../context.ts";
import { BuildError } from "../errors.ts";
import { fillPdfSizes } from "../pdf-sizes.ts";
import type { PdfOutcome } from "./pdf-outcome.ts";
import type { BuildPlan } from "./plan.ts";

export function checkOutput(context: BuildContext, project: Project, plan: BuildPlan, outcome: PdfOutcome): void {
  const tmp = context.folder.tmp;
  fillPdfSizes(plan.rendered, tmp);
  const withPdf = new Set(plan.withPdf);
  const missing = project.letters.flatMap((l) => [
    ...(existsSync(path.join(tmp, l.url, "index.html")) ? [] : [`${l.url}index.html`]),
    ...(withPdf.has(l) && !existsSync(path.join(tmp, l.pdfUrl)) ? [l.pdfUrl] : []),
  ]);
  if (missing.length) throw new BuildError("controle", `Ontbrekende uitvoer: ${missing.join(", ")}`);
  if (outcome.count !== plan.withPdf.length) throw new BuildError("controle", `${plan.withPdf.length} PDF's verwacht, ${outcome.count} gemaakt.`);
}
