// Step 4: the files kept from the last build go into the new folder while Eleventy
// loads and renders (hard links, incremental.ts).
import type { Project } from "../../model/load.ts";
import type { BuildContext } from "../context.ts";
import { copyKept } from "../incremental.ts";
import type { BuildPlan } from "./plan.ts";
import type { PrintQueue } from "./print-queue.ts";

/** Resolves when every kept file is in place; undefined when nothing is kept. */
export function takeOverKept(context: BuildContext, project: Project, plan: BuildPlan, printing: PrintQueue | undefined): Promise<void> | undefined {
  if (!plan.reuse) return undefined;
  // While Eleventy renders, a tab loads a kept letter like the first one to print
  // (~0.4 s of a one-letter rebuild): that page and the assets are linked first.
  const first = plan.toPrint[0];
  const like = first && (project.letters.find((l) => plan.kept(l) && l.type === first.type) ?? project.letters.find(plan.kept));
  const warmDir = like?.url.replace(/^\/+/, "");
  const copying = copyKept(plan.reuse, context.out, context.folder.tmp, (rel) => rel.startsWith("assets/") || (warmDir !== undefined && rel.startsWith(warmDir)));
  copying.catch(() => {}); // awaited by the pages step
  if (like) void printing?.warm(like.url);
  return copying;
}
