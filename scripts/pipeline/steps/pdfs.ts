// Step 8: the PDFs. A published letter's PDF is the archived one, byte for byte: never
// printed again. The others come from the PDF cache when their page is unchanged, or
// go to the printer; each letter as soon as its own page is complete.
import { createHash } from "node:crypto";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { archivedPdfPath } from "../../archive/manifest.ts";
import type { Project } from "../../model/load.ts";
import { layoutDiagnostics } from "../../pdf/layout-faults.ts";
import { auditCached, PdfCache } from "../../pdf/cache.ts";
import { letterPdfJob } from "../../pdf/job.ts";
import { hashTree } from "../../util/files.ts";
import { lap, type BuildContext } from "../context.ts";
import { limiter } from "../limiter.ts";
import type { FilledPages } from "./fill-charts.ts";
import type { PdfOutcome } from "./pdf-outcome.ts";
import type { BuildPlan } from "./plan.ts";
import type { PrintQueue } from "./print-queue.ts";

/** Makes every PDF; resolves when they are all in place, with the audits of the archived ones still running. */
export async function makePdfs(
  context: BuildContext,
  project: Project,
  plan: BuildPlan,
  pages: FilledPages,
  printing: PrintQueue | undefined,
  outcome: PdfOutcome,
): Promise<{ audits: Promise<void> }> {
  const started = performance.now();
  const audits = copyArchived(context, project, plan, outcome);
  if (printing) {
    context.progress({ phase: "pdf", done: outcome.count, total: project.letters.length });
    await restoreOrPrint(context, project, plan, pages, printing, outcome);
  }
  lap(context, "pdf", started);
  // Chromium is done: it shuts down while the search index and the checks finish.
  context.chromium.close().catch(() => {}); // awaited when the context closes
  return { audits };
}

function copyArchived(context: BuildContext, project: Project, plan: BuildPlan, outcome: PdfOutcome): Promise<void> {
  const audits: Promise<void>[] = [];
  for (const letter of plan.rendered) {
    const archived = archivedPdfPath(project.manifest, letter.inputPath);
    if (!archived) continue;
    copyFileSync(path.join(context.root, archived), path.join(context.folder.tmp, letter.pdfUrl));
    outcome.count++;
    // Audited too: its faults can only be repaired by a new publication, but they are reported.
    const sha = project.manifest.brieven[letter.inputPath]?.bestanden.find((f) => f.pad === archived)?.sha256;
    audits.push(
      auditCached(context.cache ? path.join(context.cache, "opmaak") : undefined, path.join(context.root, archived), sha).then((faults) => {
        outcome.layout.set(letter.inputPath, layoutDiagnostics(faults, letter.inputPath));
      }),
    );
  }
  const all = Promise.all(audits).then(() => {});
  all.catch(() => {}); // awaited by the build
  return all;
}

async function restoreOrPrint(context: BuildContext, project: Project, plan: BuildPlan, pages: FilledPages, printing: PrintQueue, outcome: PdfOutcome): Promise<void> {
  const tmp = context.folder.tmp;
  const jobs = plan.toPrint.map((letter) => ({ letter, job: letterPdfJob(project, letter, tmp) }));
  outcome.cache = context.cache
    ? new PdfCache({
        dir: path.join(context.cache, "pdf"),
        siteDir: tmp,
        // The site's assets as a whole: a tab may take CSS, fonts or a logo from
        // its cache without the printer seeing a request (print.ts records the rest).
        salt: JSON.stringify([project.site.url, await context.chromium.identity(), hashTree(createHash("sha256"), path.join(tmp, "assets")).digest("hex")]),
      })
    : undefined;
  // A miss goes to the printer at once, while the cache answers for the next letters.
  try {
    const lookup = limiter(8);
    await Promise.all(
      jobs.map(({ letter, job }) =>
        lookup(async () => {
          await pages.letters.get(letter);
          const faults = await outcome.cache?.restore(job);
          if (faults) {
            outcome.layout.set(letter.inputPath, layoutDiagnostics(faults, letter.inputPath));
            outcome.stats.fromCache++;
            outcome.done();
          } else {
            printing.add(job);
          }
        }),
      ),
    );
  } finally {
    await printing.finish();
    context.cpu.pdfFinishing = await printing.finishingCpuSeconds();
  }
  // Only a build that looked up every PDF knows which the site needs; keep the cache that size.
  const { pdf, pdfOnly } = context.options;
  if (outcome.cache && pdf !== false && !pdfOnly && !plan.reuse) await outcome.cache.prune();
}
