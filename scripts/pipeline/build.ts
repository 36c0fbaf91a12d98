// The build pipeline: data → figures → charts/tables → templates → HTML → PDF.
// Everything is written into a temporary folder beside the output and swapped in
// whole at the end, so a failed or interrupted build leaves the old _site/ as it was.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { loadProject, type Project } from "../model/load.ts";
import { letterPdfJob } from "../pdf/job.ts";
import { createPrinter } from "../pdf/print.ts";
import { closeBrowser } from "../pdf/browser.ts";
import { TOOL_DIR } from "../site/paths.ts";
import { archivedPdfPath } from "../archive/manifest.ts";
import { fillPdfSizes } from "./pdf-sizes.ts";
import { renderErrorToDiagnostics } from "./render-errors.ts";
import { buildSearchIndex } from "./search.ts";

export interface BuildOptions {
  root: string;
  /** Output folder, relative to root or absolute. Default "_site". */
  outDir?: string;
  pdf?: boolean;
  /** Print only these letters' PDFs (input paths); others only if archived. For publishing. */
  pdfOnly?: ReadonlySet<string>;
  /** Called as work gets done, for progress display. */
  onProgress?: (event: ProgressEvent) => void;
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
  timings: Record<string, number>;
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

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed process stays a zombie until its parent reaps it; in containers that can
  // take a while. Linux shows it as state "Z" in /proc/<pid>/stat.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/** Removes temp folders of earlier builds that were killed (their process is gone). */
function removeStaleTemps(out: string): void {
  const dir = path.dirname(out);
  const prefix = `${path.basename(out)}.`;
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const m = /^(?:tmp|oud)-(\d+)$/.exec(name.slice(prefix.length));
    if (!name.startsWith(prefix) || !m) continue;
    if (!isRunning(Number(m[1]))) rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

function swapIn(tmp: string, out: string): void {
  const old = `${out}.oud-${process.pid}`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(tmp, out);
  rmSync(old, { recursive: true, force: true });
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => (timings[name] = (performance.now() - since) / 1000);
  const progress = options.onProgress ?? (() => {});
  const root = path.resolve(options.root);
  const out = path.resolve(root, options.outDir ?? "_site");
  const tmp = path.join(path.dirname(out), `${path.basename(out)}.tmp-${process.pid}`);

  let t = performance.now();
  const project = loadProject(root); // throws ProjectError with every problem; nothing written yet
  lap("data", t);

  removeStaleTemps(out);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    t = performance.now();
    const previousRoot = process.env.RAADSBRIEF_ROOT;
    process.env.RAADSBRIEF_ROOT = root;
    try {
      const eleventy = new Eleventy(path.join(root, "content"), tmp, {
        configPath: path.join(TOOL_DIR, ".eleventy.ts"),
        quietMode: true,
      });
      // Errors are reported by us, in Dutch (render-errors.ts); Eleventy would print stack traces.
      eleventy.disableLogger();
      await eleventy.write();
    } catch (error) {
      throw renderErrorToDiagnostics(error, project) ?? new BuildError("eleventy", "De HTML-pagina's konden niet worden gemaakt.", { cause: error });
    } finally {
      if (previousRoot === undefined) delete process.env.RAADSBRIEF_ROOT;
      else process.env.RAADSBRIEF_ROOT = previousRoot;
    }
    lap("html", t);
    progress({ phase: "html", done: project.letters.length, total: project.letters.length });

    let pdfs = 0;
    // A published letter's PDF is the archived one, byte for byte: never printed again.
    t = performance.now();
    const total = project.letters.length;
    for (const letter of project.letters) {
      const archived = archivedPdfPath(project.manifest, letter.inputPath);
      if (!archived) continue;
      copyFileSync(path.join(root, archived), path.join(tmp, letter.pdfUrl));
      pdfs++;
    }
    const toPrint =
      options.pdf === false ? [] : project.letters.filter((l) => !archivedPdfPath(project.manifest, l.inputPath) && (!options.pdfOnly || options.pdfOnly.has(l.inputPath)));
    if (toPrint.length > 0) {
      const printer = await createPrinter({ siteDir: tmp, siteUrl: project.site.url });
      progress({ phase: "pdf", done: pdfs, total });
      try {
        await Promise.all(
          toPrint.map(async (letter) => {
            await printer.print(letterPdfJob(project, letter, tmp));
            pdfs++;
            progress({ phase: "pdf", done: pdfs, total });
          }),
        );
      } finally {
        await printer.close();
        await closeBrowser();
      }
    }
    fillPdfSizes(project, tmp);
    lap("pdf", t);

    // The search index reads the finished pages (see search.ts).
    t = performance.now();
    await buildSearchIndex(tmp);
    lap("search", t);

    // No letter may go missing silently: every expected page and PDF must exist.
    const missing = project.letters.flatMap((l) => [
      ...(existsSync(path.join(tmp, l.url, "index.html")) ? [] : [`${l.url}index.html`]),
      ...(((options.pdf !== false && (!options.pdfOnly || options.pdfOnly.has(l.inputPath))) || archivedPdfPath(project.manifest, l.inputPath)) && !existsSync(path.join(tmp, l.pdfUrl))
        ? [l.pdfUrl]
        : []),
    ]);
    if (missing.length) throw new BuildError("controle", `Ontbrekende uitvoer: ${missing.join(", ")}`);

    swapIn(tmp, out);
    return {
      project,
      outDir: out,
      letters: project.letters.length,
      pdfs,
      warnings: project.diagnostics.warnings.length,
      seconds: (performance.now() - started) / 1000,
      timings,
    };
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

export function fileSize(file: string): number {
  return statSync(file).size;
}
