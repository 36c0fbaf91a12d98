// Step 7: the search index runs beside the PDFs, once every page is complete:
// Pagefind reads only the letters' pages, and of them the text (data-pagefind-body), not the PDF sizes
// filled in after both, and no page is written until both are done. Its own binary,
// its own threads.
import type { Project } from "../../model/load.ts";
import { lap, type BuildContext } from "../context.ts";
import { buildSearchIndex } from "../search.ts";
import { withTimeLimit } from "../time-limits.ts";

export function indexSearch(context: BuildContext, project: Project, pagesComplete: Promise<void>): Promise<void> {
  let started = 0;
  const search = pagesComplete
    .then(() => {
      started = performance.now();
      return withTimeLimit(context.limits, "zoekindex", buildSearchIndex(context.folder.tmp, project.letters.map((l) => l.url)));
    })
    .then(() => lap(context, "search", started));
  search.catch(() => {}); // awaited by the build, also when the PDFs fail
  return search;
}
