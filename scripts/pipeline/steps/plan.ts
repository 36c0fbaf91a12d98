// Step 2: what this build makes. Letters whose inputs did not change since the last
// build to the same folder are kept (incremental.ts); archived PDFs are copied; the
// other letters are rendered, and their PDFs printed.
import { archivedPdfPath } from "../../archive/manifest.ts";
import type { Project } from "../../model/load.ts";
import type { Letter } from "../../model/types.ts";
import type { BuildContext } from "../context.ts";
import { planReuse, type ReusePlan } from "../incremental.ts";
import { lastBuild, type InputsFingerprint } from "../up-to-date.ts";

export interface BuildPlan {
  /** What the last build gives this one; undefined: everything is rendered. */
  reuse: ReusePlan | undefined;
  /** The inputs' fingerprint when this build is remembered for the next (full builds only). */
  incremental: InputsFingerprint | undefined;
  /** Letters rendered by this build (not kept). */
  rendered: Letter[];
  /** Letters that get a PDF: archived ones, and the others when PDFs are asked for. */
  withPdf: Letter[];
  /** Letters whose PDF is printed (or taken from the PDF cache). */
  toPrint: Letter[];
  kept(letter: Letter): boolean;
}

export function planBuild(context: BuildContext, project: Project): BuildPlan {
  const { fingerprint, pdf, pdfOnly } = context.options;
  // Full builds only (all PDFs, the cache on): a partial build's folder is no basis for the next.
  const incremental = fingerprint && pdf !== false && !pdfOnly && context.cache ? fingerprint : undefined;
  const reuse = incremental ? planReuse(lastBuild(context.root, context.out), context.out, incremental, project) : undefined;
  const kept = (l: Letter) => reuse?.keep.has(l.inputPath) ?? false;
  const archived = (l: Letter) => archivedPdfPath(project.manifest, l.inputPath) !== undefined;
  const withPdf = project.letters.filter((l) => archived(l) || (pdf !== false && (!pdfOnly || pdfOnly.has(l.inputPath))));
  return {
    reuse,
    incremental,
    rendered: project.letters.filter((l) => !kept(l)),
    withPdf,
    toPrint: withPdf.filter((l) => !archived(l) && !kept(l)),
    kept,
  };
}
