// Step 8b: the old addresses of the rendered letters' files (PDF, stylesheet, images,
// downloads) keep working: the same bytes at /brieven/<jaar>/<maand>/<naam>/ beside the
// redirect page (site/legacy.ts). Kept letters brought theirs along from the last build.
import type { Project } from "../../model/load.ts";
import { linkLegacyFiles } from "../../site/legacy.ts";
import type { BuildContext } from "../context.ts";
import type { BuildPlan } from "./plan.ts";

export function keepOldAddresses(context: BuildContext, project: Project, plan: BuildPlan): void {
  linkLegacyFiles(context.folder.tmp, plan.rendered, project.letters);
}
