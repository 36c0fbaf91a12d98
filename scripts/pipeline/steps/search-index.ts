// Step 7: the search index runs beside the PDFs, once every page is complete:
// Pagefind reads only the letters' pages, and of them the text (data-pagefind-body), not the PDF sizes
// filled in after both, and no page is written until both are done. Its own binary,
// its own threads. Each organisation has its own index (search.ts); an incremental
// build makes only those of organisations with a letter rendered again, and keeps
// the others' files from the previous build (incremental.ts).
import type { Project } from "../../model/load.ts";
import type { Letter } from "../../model/types.ts";
import { lap, type BuildContext } from "../context.ts";
import { buildSearchIndexes } from "../search.ts";
import { withTimeLimit } from "../time-limits.ts";
import type { BuildPlan } from "./plan.ts";

export function indexSearch(context: BuildContext, project: Project, plan: BuildPlan, pagesComplete: Promise<void>): Promise<void> {
  const kept = plan.reuse?.searchKept ?? new Set<string>();
  const toMake = new Map([...lettersByOrganisation(project.letters)].filter(([organisation]) => !kept.has(organisation)));
  let started = 0;
  const search = pagesComplete
    .then(() => {
      started = performance.now();
      return withTimeLimit(context.limits, "zoekindex", buildSearchIndexes(context.folder.tmp, toMake));
    })
    .then(() => lap(context, "search", started));
  search.catch(() => {}); // awaited by the build, also when the PDFs fail
  return search;
}

/** The letters' addresses per organisation, the organisations in a fixed order (their ids). */
export function lettersByOrganisation(letters: readonly Letter[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const organisation of [...new Set(letters.map((l) => l.organisation))].sort()) {
    groups.set(
      organisation,
      letters.filter((l) => l.organisation === organisation).map((l) => l.url),
    );
  }
  return groups;
}
