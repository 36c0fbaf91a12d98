// The build pipeline: data → figures → charts/tables → templates → HTML → PDF.
// Everything is written into a temporary folder beside the output and swapped in
// whole at the end, so a failed or interrupted build leaves the old _site/ as it was.
import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadProject, pinProject, type Project } from "../model/load.ts";
import type { Letter } from "../model/types.ts";
import { chartStats, deferCharts, fillCharts, hasChartMarkers, resetChartStats, setChartCacheDir, setChartWorkers } from "../charts/render.ts";
import { letterPdfJob } from "../pdf/job.ts";
import { auditCached, PdfCache } from "../pdf/cache.ts";
import { layoutDiagnostics } from "../pdf/audit.ts";
import { createPrinter, type Printer, type PrintJob, type PrintResult } from "../pdf/print.ts";
import { browserIdentity, closeBrowser, getBrowser } from "../pdf/browser.ts";
import { PdfError } from "../pdf/errors.ts";
import { eleventyConfigPath } from "../util/bundle.ts";
import { filesUnder, hashTree } from "../util/files.ts";
import { addLetterPages, eleventyInputDir, letterFiles as filesOfLetters, renderLetterPages, type LetterFile } from "../site/letter-pages.ts";
import { addSitePages } from "../site/plugin.ts";
import { linkLegacyFiles } from "../site/legacy.ts";
import { siteProject } from "../site/concepts.ts";
import { templatesDir } from "../site/paths.ts";
import { archivedPdfPath } from "../archive/manifest.ts";
import { fillPdfSizes } from "./pdf-sizes.ts";
import { chartErrorToDiagnostics, renderErrorToDiagnostics } from "./render-errors.ts";
import { buildSearchIndex } from "./search.ts";
import { cacheDir, forgetBuild, lastBuild, recordBuild, type InputsFingerprint } from "./up-to-date.ts";
import { copyKept, listingKey, planReuse } from "./incremental.ts";
import { Diagnostics, formatDiagnostics, type Diagnostic } from "../model/diagnostics.ts";
import { TOOL_DIR } from "../site/paths.ts";
import { BuildFolder, resolveOutputDir } from "./output.ts";
import { DEFAULT_TIME_LIMITS, withTimeLimit, type TimeLimits } from "./time-limits.ts";

export interface BuildOptions {
  root: string;
  /** Output folder, relative to root or absolute. Default "_site". */
  outDir?: string;
  pdf?: boolean;
  /** Print only these letters' PDFs (input paths); others only if archived. For publishing. */
  pdfOnly?: ReadonlySet<string>;
  /** The letter being published: sent and frozen, not yet archived (scripts/archive/publish.ts). */
  publishing?: string;
  /**
   * Concept letters too (the preview, `--met-concepten`), each with its CONCEPT banner
   * and watermark. Default: the public site, without them (site/concepts.ts).
   */
  concepts?: boolean;
  /** Called as work gets done, for progress display. */
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Reuse chart SVGs and PDFs from <root>/.cache/raadsbrief/ when what they are
   * made from is unchanged (default true). The output is the same either way.
   */
  cache?: boolean;
  /** Called when a PDF failed once and is printed again (Dutch message). */
  onRetry?: (message: string) => void;
  /**
   * Render charts beside Eleventy and fill them into the written pages (default
   * true), or inside Eleventy's run. Same output; false is for the test that says so.
   */
  deferCharts?: boolean;
  /**
   * The inputs as hashed before they were read (up-to-date.ts). With it, the build
   * keeps what the last build to the same folder made from unchanged inputs
   * (incremental.ts) and is remembered for the next; without it, it renders everything.
   */
  fingerprint?: InputsFingerprint;
  /** Time limit per step (time-limits.ts); default DEFAULT_TIME_LIMITS. */
  timeLimits?: TimeLimits;
}

export interface ProgressEvent {
  phase: "html" | "pdf";
  done: number;
  total: number;
}

export interface BuildResult {
  project: Project;
  outDir: string;
  letters: number;
  pdfs: number;
  warnings: number;
  seconds: number;
  /** Seconds per step: data, charts, html (without charts), pdf, search. */
  timings: Record<string, number>;
  /** PDFs printed by Chromium, copied from the cache, and attempts that had to be retried. */
  pdfStats: { printed: number; fromCache: number; retried: number };
  /** Charts rendered by Vega and read from the cache. */
  chartStats: { rendered: number; fromDisk: number };
  /** Letters whose page and PDF were kept from the previous build (incremental.ts). */
  kept: number;
  /** Concept letters left out of the public site (site/concepts.ts). */
  leftOut: number;
  /** The input's warnings and the layout audit's (RB-OPMAAK-…, one per fault in a letter's PDF). */
  diagnostics: Diagnostics;
}

/** A build step that failed, with the tool that failed and a Dutch message. */
export class BuildError extends Error {
  constructor(
    readonly step: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "BuildError";
  }
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => (timings[name] = (performance.now() - since) / 1000);
  const progress = options.onProgress ?? (() => {});
  const root = path.resolve(options.root);
  // Refuses, before anything is read or written, an output folder that is not the tool's alone (output.ts).
  const out = resolveOutputDir({ root, toolDir: TOOL_DIR }, options.outDir ?? "_site");
  const folder = new BuildFolder(out);
  const tmp = folder.tmp;
  const limits = options.timeLimits ?? DEFAULT_TIME_LIMITS;
  const useCache = options.cache !== false;

  let t = performance.now();
  // Throws ProjectError with every problem (concepts included); nothing written yet.
  // From here on, the letters are those the site shows.
  const project = siteProject(loadProject(root, options.publishing ? { publishing: options.publishing } : {}), options.concepts === true);
  lap("data", t);

  folder.create(); // removed again on failure, and on exit when a signal ends the build
  // Full builds only (all PDFs, the cache on): a partial build's folder is no basis for the next.
  const incremental = options.fingerprint && options.pdf !== false && !options.pdfOnly && useCache ? options.fingerprint : undefined;
  const plan = incremental ? planReuse(lastBuild(root, out), out, incremental, project) : undefined;
  const kept = (l: Letter) => plan?.keep.has(l.inputPath) ?? false;
  const rendered = project.letters.filter((l) => !kept(l));
  // Pages, shortcodes and filters ask for the project hundreds of times: this one.
  pinProject(project);
  setChartCacheDir(useCache ? path.join(cacheDir(root), "grafieken") : null);
  // Started by the first chart that is not in the cache (the CLI may have started one already).
  setChartWorkers(undefined, false);
  resetChartStats();
  deferCharts(options.deferCharts !== false);
  // Which PDFs this build makes: the archived ones are copied, the others printed
  // (or kept from the previous build).
  const expected = project.letters.filter(
    (l) => archivedPdfPath(project.manifest, l.inputPath) || (options.pdf !== false && (!options.pdfOnly || options.pdfOnly.has(l.inputPath))),
  );
  const toPrint = expected.filter((l) => !archivedPdfPath(project.manifest, l.inputPath) && !kept(l));
  // Start Chromium (~0.5 s) on the other core while Eleventy renders; unused if
  // every PDF comes from the cache. Failures surface when printing starts.
  if (toPrint.length > 0) getBrowser().catch(() => {});
  const total = project.letters.length;
  let pdfs = 0;
  const pdfStats = { printed: 0, fromCache: 0, retried: 0 };
  const done = () => {
    pdfs++;
    progress({ phase: "pdf", done: pdfs, total });
  };
  let cache: PdfCache | undefined;
  // What the layout audit found in each letter's PDF (pdf/audit.ts): printed, from the
  // cache, archived, or kept from the previous build, always the same for the same PDF.
  const layout = new Map<string, Diagnostic[]>(Object.entries(plan?.layout ?? {}).filter(([inputPath]) => plan?.keep.has(inputPath)));
  const printing =
    toPrint.length > 0
      ? printQueue({ siteDir: tmp, siteUrl: project.site.url, timeoutMs: limits.ms.pdf }, pdfStats, options.onRetry ?? (() => {}), async (job, result) => {
          await cache?.store(job, result.files, result.faults);
          layout.set(job.name, layoutDiagnostics(result.faults, job.name));
          done();
        })
      : undefined;
  // Kept files go into place while Eleventy loads and renders.
  let copying: Promise<void> | undefined;
  try {
    t = performance.now();
    if (plan) {
      // While Eleventy renders, a tab loads a kept letter like the first one to print
      // (~0.4 s of a one-letter rebuild): that page and the assets are linked first.
      const first = toPrint[0];
      const like = first && (project.letters.find((l) => kept(l) && l.type === first.type) ?? project.letters.find(kept));
      const warmDir = like?.url.replace(/^\/+/, "");
      copying = copyKept(plan, out, tmp, (rel) => rel.startsWith("assets/") || (warmDir !== undefined && rel.startsWith(warmDir)));
      copying.catch(() => {}); // awaited below
      if (like) void printing?.warm(like.url);
    }
    // The letters' narratives, rendered by us (never as templates): this also queues
    // their charts, in the letters' order. Kept letters are not rendered at all.
    const narratives = await renderLetterPages(project, rendered);
    const previousRoot = process.env.RAADSBRIEF_ROOT;
    process.env.RAADSBRIEF_ROOT = root;
    try {
      // Loaded here (~0.2 s from the bundle), after the charts were queued: the chart
      // worker starts on the other core meanwhile instead of after it.
      // Eleventy's ESM resolver only busts the import cache of JavaScript config and
      // data files changed during --watch; a build has none, and the loader thread
      // that module.register starts for it costs ~0.25 s of a one-letter rebuild.
      // https://github.com/11ty/eleventy/issues/3371
      process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "1";
      const { default: Eleventy } = await import("@11ty/eleventy");
      const eleventy = new Eleventy(eleventyInputDir(), tmp, {
        configPath: eleventyConfigPath(),
        quietMode: true,
        // The pages: the rendered letters, and the site pages unless kept from the last build.
        config: (eleventyConfig) => {
          addLetterPages(eleventyConfig, project, narratives);
          if (!plan) addSitePages(eleventyConfig, { root, templates: templatesDir(root) });
        },
      });
      // Errors are reported by us, in Dutch (render-errors.ts); Eleventy would print stack traces.
      eleventy.disableLogger();
      await withTimeLimit(limits, "html", eleventy.write());
      copyLetterFiles(filesOfLetters(project, narratives), tmp);
    } catch (error) {
      throw renderErrorToDiagnostics(error, project) ?? new BuildError("eleventy", "De HTML-pagina's konden niet worden gemaakt.", { cause: error });
    } finally {
      if (previousRoot === undefined) delete process.env.RAADSBRIEF_ROOT;
      else process.env.RAADSBRIEF_ROOT = previousRoot;
    }
    await withTimeLimit(limits, "bestanden", copying ?? Promise.resolve());
    lap("html", t);
    progress({ phase: "html", done: project.letters.length, total: project.letters.length });

    // Charts still rendering go into their pages as they come: each letter's PDF
    // waits for its own page only. A failed chart is reported at its letter.
    // In the letters' order, a few pages at a time: a page waits in memory only while
    // its charts are still being rendered (1,200 letters at once: +150 MB peak).
    const fill = limiter(8);
    const letterPages = new Map(rendered.map((l) => [l, path.join(tmp, l.url, "index.html")] as const));
    const letterFilled = new Map(
      rendered.map((l) => {
        const filled = fill(() => fillPage(letterPages.get(l)!)).catch((error: unknown) => {
          throw chartErrorToDiagnostics(error, project, l.inputPath);
        });
        filled.catch(() => {}); // awaited below
        return [l, filled] as const;
      }),
    );
    const letterFiles = new Set(letterPages.values());
    // Site pages with charts (series pages) when they were rendered; kept pages are complete.
    const sitePages = plan ? [] : filesUnder(tmp, ".html").filter((f) => !letterFiles.has(f));
    const allFilled = withTimeLimit(limits, "grafieken", Promise.all([...letterFilled.values(), ...sitePages.map((f) => fill(() => fillPage(f)))])).then(() => {
      timings.charts = chartStats().seconds;
    });
    allFilled.catch(() => {});

    // The search index runs beside the PDFs, once every page is complete: Pagefind
    // reads only the letters' text (data-pagefind-body), not the PDF sizes filled in
    // after both, and no page is written until both are done. Its own binary, its own threads.
    let searchStarted = 0;
    const search = allFilled
      .then(() => {
        searchStarted = performance.now();
        return withTimeLimit(limits, "zoekindex", buildSearchIndex(tmp));
      })
      .then(() => lap("search", searchStarted));
    search.catch(() => {}); // awaited below, also when the PDFs fail

    // A published letter's PDF is the archived one, byte for byte: never printed again.
    t = performance.now();
    // Kept letters came with their PDFs.
    pdfs = project.letters.filter((l) => kept(l) && expected.includes(l)).length;
    const audits: Promise<void>[] = [];
    for (const letter of rendered) {
      const archived = archivedPdfPath(project.manifest, letter.inputPath);
      if (!archived) continue;
      copyFileSync(path.join(root, archived), path.join(tmp, letter.pdfUrl));
      pdfs++;
      // Audited too: its faults can only be repaired by a new publication, but they are reported.
      const sha = project.manifest.brieven[letter.inputPath]?.bestanden.find((f) => f.pad === archived)?.sha256;
      audits.push(
        auditCached(useCache ? path.join(cacheDir(root), "opmaak") : undefined, path.join(root, archived), sha).then((faults) => {
          layout.set(letter.inputPath, layoutDiagnostics(faults, letter.inputPath));
        }),
      );
    }
    if (printing) {
      progress({ phase: "pdf", done: pdfs, total });
      const jobs = toPrint.map((letter) => ({ letter, job: letterPdfJob(project, letter, tmp) }));
      try {
        cache = useCache
          ? new PdfCache({
              dir: path.join(cacheDir(root), "pdf"),
              siteDir: tmp,
              // The site's assets as a whole: a tab may take CSS, fonts or a logo from
              // its cache without the printer seeing a request (print.ts records the rest).
              salt: JSON.stringify([project.site.url, await browserIdentity(), hashTree(createHash("sha256"), path.join(tmp, "assets")).digest("hex")]),
            })
          : undefined;
        // A miss goes to the printer at once, while the cache answers for the next letters.
        try {
          const lookup = limiter(8);
          await Promise.all(
            jobs.map(({ letter, job }) =>
              lookup(async () => {
                await letterFilled.get(letter);
                const faults = await cache?.restore(job);
                if (faults) {
                  layout.set(letter.inputPath, layoutDiagnostics(faults, letter.inputPath));
                  pdfStats.fromCache++;
                  done();
                } else {
                  printing.add(job);
                }
              }),
            ),
          );
        } finally {
          await printing.finish();
        }
        // Only a build that looked up every PDF knows which the site needs; keep the cache that size.
        if (cache && options.pdf !== false && !options.pdfOnly && !plan) await cache.prune();
      } catch (error) {
        await search.catch(() => {});
        throw error;
      }
    }
    lap("pdf", t);
    // Chromium is done: it shuts down while the search index and the checks finish.
    closeBrowser().catch(() => {}); // awaited in finally
    await allFilled;
    await search;
    await Promise.all(audits);
    fillPdfSizes(rendered, tmp);
    // ---- Site outputs beyond Eleventy's pages (issue 17), in this one place ----
    // The old addresses of the rendered letters' files (PDF, stylesheet, images,
    // downloads): the same bytes at /brieven/<jaar>/<maand>/<naam>/ (site/legacy.ts).
    linkLegacyFiles(tmp, rendered, project.letters);

    // No letter may go missing silently: every expected page and PDF must exist.
    const missing = project.letters.flatMap((l) => [
      ...(existsSync(path.join(tmp, l.url, "index.html")) ? [] : [`${l.url}index.html`]),
      ...(expected.includes(l) && !existsSync(path.join(tmp, l.pdfUrl)) ? [l.pdfUrl] : []),
    ]);
    if (missing.length) throw new BuildError("controle", `Ontbrekende uitvoer: ${missing.join(", ")}`);
    if (pdfs !== expected.length) throw new BuildError("controle", `${expected.length} PDF's verwacht, ${pdfs} gemaakt.`);

    // The folder is about to change: whatever the last build remembered about it no longer holds.
    forgetBuild(root, out);
    const oldRemoved = withTimeLimit(limits, "bestanden", folder.swapIn());
    const diagnostics = withLayout(project.diagnostics, project.letters.map((l) => layout.get(l.inputPath) ?? []).flat());
    const warnings = diagnostics.warnings.length;
    if (incremental) {
      recordBuild(root, {
        key: incremental.key,
        shared: incremental.shared,
        letterFiles: incremental.letterFiles,
        listing: listingKey(project),
        outDir: out,
        letters: project.letters.length,
        pdfs,
        leftOut: project.leftOut.length,
        warnings,
        warningsText: warnings > 0 ? formatDiagnostics(diagnostics) : "",
        layout: Object.fromEntries(project.letters.map((l) => [l.inputPath, layout.get(l.inputPath) ?? []])),
      });
    }
    await oldRemoved;
    folder.release();
    return {
      project,
      outDir: out,
      letters: project.letters.length,
      pdfs,
      warnings,
      seconds: (performance.now() - started) / 1000,
      timings,
      pdfStats,
      chartStats: { rendered: chartStats().rendered, fromDisk: chartStats().fromDisk },
      kept: plan?.keep.size ?? 0,
      leftOut: project.leftOut.length,
      diagnostics,
    };
  } catch (error) {
    // Finished already when printing failed; otherwise (Eleventy failed) its tabs close here.
    await printing?.finish().catch(() => {});
    await copying?.catch(() => {});
    folder.discard();
    throw error;
  } finally {
    pinProject(undefined);
    setChartCacheDir(null);
    setChartWorkers(0);
    deferCharts(false);
    // Ends a local Chromium (also one the caller started early); from a remote one we only disconnect.
    await closeBrowser();
  }
}

/** The input's diagnostics with the layout audit's warnings added (the project's own stay as they are). */
function withLayout(input: Diagnostics, layout: readonly Diagnostic[]): Diagnostics {
  const all = new Diagnostics();
  for (const d of [...input.items, ...layout]) all.add(d);
  for (const [file, text] of input.sources) all.sources.set(file, text);
  return all;
}

/** Copies the letters' own files (logo, images, archived stylesheet) beside their pages. */
function copyLetterFiles(files: readonly LetterFile[], siteDir: string): void {
  for (const file of files) {
    const target = path.join(siteDir, file.target);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(file.source, target);
  }
}

/** Puts the deferred charts into one written page. */
async function fillPage(file: string): Promise<void> {
  // A page Eleventy did not write is reported by the check for missing output.
  const html = await readFile(file, "utf8").catch(() => "");
  if (hasChartMarkers(html)) await writeFile(file, await fillCharts(html));
}

/** Wraps tasks so that at most `limit` run at a time, started in the order they were given. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    // A finished task hands its slot straight to the next in line.
    if (running < limit) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/**
 * Prints the jobs it is given, with a pool of tabs in one Chromium at a time. A
 * job that fails (crashed or hung tab, Chromium gone) is printed once more, in a
 * new Chromium if the old one died; a job that fails twice is reported by name by
 * finish(), after the other jobs are done, so one bad letter does not hide another.
 */
function printQueue(
  printerOptions: { siteDir: string; siteUrl: string; timeoutMs: number },
  stats: { printed: number; retried: number },
  onRetry: (message: string) => void,
  onPrinted: (job: PrintJob, result: PrintResult) => Promise<void>,
): { add(job: PrintJob): void; warm(urlPath: string): Promise<void>; finish(): Promise<void> } {
  let current: Promise<Printer> | undefined;
  let started: Printer | undefined;
  const printers: Promise<Printer>[] = [];
  const printer = (): Promise<Printer> => {
    // Chromium died under the current printer: the next attempt gets a new one (and a new Chromium).
    if (started && !started.healthy) current = started = undefined;
    if (!current) {
      const next = createPrinter(printerOptions);
      current = next;
      printers.push(next);
      next.then(
        (p) => {
          if (current === next) started = p;
        },
        // A printer that cannot start is reported by the job that asked for it; the next asks again.
        () => {
          if (current === next) current = undefined;
        },
      );
    }
    return current;
  };
  const attempt = async (job: PrintJob): Promise<PrintResult> => (await printer()).print(job);
  const tasks: Promise<void>[] = [];
  const failures: unknown[] = [];
  const run = async (job: PrintJob): Promise<void> => {
    let result: PrintResult;
    try {
      result = await attempt(job);
    } catch (first) {
      stats.retried++;
      onRetry(`${first instanceof Error ? first.message : String(first)}; nog een poging.`);
      // When Chromium dies, its tabs fail a moment before it reports itself gone:
      // wait for that, so the retry goes to a new browser instead of the dead one.
      await new Promise((resolve) => setTimeout(resolve, 200));
      try {
        result = await attempt(job);
      } catch (second) {
        failures.push(second);
        return;
      }
    }
    stats.printed++;
    await onPrinted(job, result);
  };
  return {
    add(job) {
      tasks.push(run(job));
    },
    // A printer that cannot start is reported by the first job.
    warm: (urlPath) => printer().then((p) => p.warm(urlPath), () => {}),
    async finish() {
      try {
        await Promise.all(tasks);
      } finally {
        await Promise.all(printers.map((p) => p.then((x) => x.close(), () => {})));
      }
      // One cause for all (Chromium cannot start): said once.
      const names = [...new Set(failures.map((f) => (f instanceof Error ? f.message : String(f))))];
      if (names.length === 1) throw failures[0];
      if (failures.length > 1) {
        throw new PdfError(`${failures.length} PDF's konden niet worden gemaakt:\n  ${names.join("\n  ")}`, { cause: failures[0] });
      }
    },
  };
}

export function fileSize(file: string): number {
  return statSync(file).size;
}
