// Step 6: charts still rendering go into their pages as they come: each letter's PDF
// waits for its own page only. A failed chart is reported at its letter. In the
// letters' order, a few pages at a time: a page waits in memory only while its
// charts are still being rendered (1,200 letters at once: +150 MB peak).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ChartRenderer } from "../../charts/render.ts";
import { hasChartMarkers } from "../../charts/render.ts";
import type { Project } from "../../model/load.ts";
import type { Letter } from "../../model/types.ts";
import { filesUnder } from "../../util/files.ts";
import type { BuildContext } from "../context.ts";
import { limiter } from "../limiter.ts";
import { chartErrorToDiagnostics } from "../render-errors.ts";
import { withTimeLimit } from "../time-limits.ts";
import type { BuildPlan } from "./plan.ts";

export interface FilledPages {
  /** Per rendered letter: its page is complete. */
  letters: Map<Letter, Promise<void>>;
  /** Every page is complete (rejects with the first failure, or at the time limit). */
  all: Promise<void>;
}

export function fillChartPages(context: BuildContext, project: Project, plan: BuildPlan): FilledPages {
  const tmp = context.folder.tmp;
  const fill = limiter(8);
  const pages = new Map(plan.rendered.map((l) => [l, path.join(tmp, l.url, "index.html")] as const));
  const letters = new Map(
    plan.rendered.map((l) => {
      const filled = fill(() => fillPage(context.charts, pages.get(l)!)).catch((error: unknown) => {
        throw chartErrorToDiagnostics(error, project, l.inputPath);
      });
      filled.catch(() => {}); // awaited by the PDF step and through `all`
      return [l, filled] as const;
    }),
  );
  const letterFiles = new Set(pages.values());
  // Site pages with charts (series pages) when they were rendered; kept pages are complete.
  const sitePages = plan.reuse ? [] : filesUnder(tmp, ".html").filter((f) => !letterFiles.has(f));
  const all = withTimeLimit(context.limits, "grafieken", Promise.all([...letters.values(), ...sitePages.map((f) => fill(() => fillPage(context.charts, f)))])).then(() => {
    context.timings.charts = context.charts.stats().seconds;
    context.charts.release();
  });
  all.catch(() => {}); // awaited by the build
  return { letters, all };
}

/** Puts the deferred charts into one written page. */
async function fillPage(charts: ChartRenderer, file: string): Promise<void> {
  // A page Eleventy did not write is reported by the check for missing output.
  const html = await readFile(file, "utf8").catch(() => "");
  if (hasChartMarkers(html)) await writeFile(file, await charts.fill(html));
}
