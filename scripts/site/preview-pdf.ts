// PDFs in the preview (`npm start`). A request for a letter's PDF address is
// answered by printing that letter now, from the pages Eleventy has just written,
// with the same print job as `npm run build`: the secretariat sees the PDF the
// build would archive, with today's figures. Registered by the plugin only when
// Eleventy serves; scripts/cli/serve.ts closes it on exit.
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { ProjectError } from "../model/diagnostics.ts";
import { FROZEN_SUFFIX, loadProject, type Project } from "../model/load.ts";
import type { Letter } from "../model/types.ts";
import { PdfError } from "../pdf/errors.ts";
import { letterPdfJob } from "../pdf/job.ts";
import { createPrinter, type Printer } from "../pdf/print.ts";

/** How long a PDF request waits for a running build of the preview. */
const BUILD_WAIT_MS = 60_000;
/** How long it waits for a build to start after a save (Eleventy's watcher takes ~0.2 s; a deleted file starts none). */
const START_WAIT_MS = 3_000;

interface Waiter {
  promise: Promise<void>;
  resolve: () => void;
}

function waiter(): Waiter {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

// Module state, not per registration: Eleventy re-runs the plugin when its
// configuration is reset, and the server, printer and build state must survive that.
const state = {
  siteDir: undefined as string | undefined,
  /** Set from the start of a build until it is written (or failed). */
  building: undefined as Waiter | undefined,
  /** Resolved at the end of every build, written or failed. */
  nextBuild: waiter(),
  /** The project Eleventy is building / last built / last failed to build (loadProject is memoised: same object while no input file changed). */
  pending: undefined as Project | undefined,
  built: undefined as Project | undefined,
  failedOn: undefined as Project | undefined,
  /** Bumped per written build; a printer never outlives one, because it keeps CSS and fonts in memory. */
  generation: 0,
  printer: undefined as { generation: number; ready: Promise<Printer> } | undefined,
  /** The same PDF asked twice at once (browsers do) is printed once. */
  inflight: new Map<string, Promise<Uint8Array>>(),
  closed: false,
};

function tryLoad(root: string): Project | undefined {
  try {
    return loadProject(root);
  } catch {
    return undefined;
  }
}

function endBuild(): void {
  state.building?.resolve();
  state.building = undefined;
  const done = state.nextBuild;
  state.nextBuild = waiter();
  done.resolve();
}

/** Called by the preview when Eleventy reports a failed rebuild, so PDF requests stop waiting for it. */
export function previewBuildFailed(): void {
  state.failedOn = state.pending;
  endBuild();
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)).unref());

/**
 * The project once the preview shows it: waits while Eleventy builds, and for a
 * saved change it has not built yet. Throws ProjectError on invalid input.
 */
async function builtProject(root: string): Promise<{ project: Project; failed: boolean }> {
  const deadline = Date.now() + BUILD_WAIT_MS;
  const startDeadline = Date.now() + START_WAIT_MS;
  for (;;) {
    if (state.building) {
      await Promise.race([state.building.promise, sleep(deadline - Date.now())]);
      if (Date.now() >= deadline) return { project: loadProject(root), failed: false };
      continue;
    }
    const project = loadProject(root);
    if (project === state.built) return { project, failed: false };
    if (project === state.failedOn) return { project, failed: true };
    if (Date.now() >= startDeadline) return { project, failed: false };
    // Saved a moment ago: Eleventy's watcher picks it up within a few hundred ms.
    await Promise.race([state.nextBuild.promise, sleep(Math.min(250, startDeadline - Date.now()))]);
  }
}

async function printerFor(siteDir: string, siteUrl: string): Promise<Printer> {
  if (state.printer?.generation !== state.generation) {
    const old = state.printer;
    const ready = createPrinter({ siteDir, siteUrl, concurrency: 2 });
    const entry = { generation: state.generation, ready };
    state.printer = entry;
    // A failed start (no Chromium) is retried on the next request.
    ready.catch(() => {
      if (state.printer === entry) state.printer = undefined;
    });
    if (old) void old.ready.then((p) => p.close()).catch(() => {});
  }
  return state.printer!.ready;
}

async function printLetter(project: Project, letter: Letter, siteDir: string): Promise<Uint8Array> {
  const key = `${state.generation}\0${letter.pdfUrl}`;
  let job = state.inflight.get(key);
  if (!job) {
    job = (async () => {
      const started = performance.now();
      const printer = await printerFor(siteDir, project.site.url);
      const printJob = letterPdfJob(project, letter, siteDir);
      await printer.print(printJob);
      const bytes = await readFile(printJob.outFile);
      const secs = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 }).format((performance.now() - started) / 1000);
      console.log(`PDF gemaakt: ${letter.pdfUrl} (${secs} s)`);
      return bytes;
    })();
    state.inflight.set(key, job);
    const done = () => state.inflight.delete(key);
    job.then(done, done);
  }
  return job;
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  // A Buffer, not a string: the dev server rewrites string bodies.
  res.end(Buffer.from(`${text}\n`, "utf8"));
}

function middleware(root: string) {
  return async function previewPdf(req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void> {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://voorbeeld.localhost").pathname);
    } catch {
      return next();
    }
    if (!pathname.endsWith(".pdf") || (req.method !== "GET" && req.method !== "HEAD")) return next();

    let project: Project;
    let failed: boolean;
    try {
      ({ project, failed } = await builtProject(root));
    } catch (error) {
      // The dev server does not catch a failing middleware: answer, never throw.
      if (error instanceof ProjectError) {
        return sendText(res, 500, `Geen PDF voor ${pathname}: de invoer bevat fouten. Zie de terminal waarin npm start draait.`);
      }
      console.error(error);
      return sendText(res, 500, `Geen PDF voor ${pathname}: onverwachte fout. Zie de terminal.`);
    }
    const letter = project.letters.find((l) => l.pdfUrl === pathname);
    if (!letter) return next();
    const name = `'${letter.subject}' (${letter.inputPath})`;
    if (failed) {
      return sendText(res, 500, `De PDF van ${name} kon niet worden gemaakt: het voorbeeld kon de laatste wijziging niet verwerken. Zie de terminal.`);
    }
    if (state.closed || !state.siteDir) return sendText(res, 503, `De PDF van ${name} kan nu niet worden gemaakt: het voorbeeld stopt of is nog niet klaar.`);

    try {
      const pdf = await printLetter(project, letter, state.siteDir);
      res.statusCode = 200;
      res.setHeader("Content-Type", "application/pdf");
      res.setHeader("Content-Length", pdf.byteLength);
      res.setHeader("Content-Disposition", `inline; filename="${letter.slug}.pdf"`);
      // Made on request from the current text and figures: never reuse an old one.
      res.setHeader("Cache-Control", "no-store");
      res.end(req.method === "HEAD" ? undefined : pdf);
    } catch (error) {
      // PdfError messages are Dutch and name the cause; anything else is ours to explain.
      const reason = error instanceof PdfError ? error.message : "onverwachte fout";
      console.error(`De PDF van ${name} kon niet worden gemaakt: ${reason}`);
      if (!(error instanceof PdfError)) console.error(error);
      sendText(res, 500, `De PDF van ${name} kon niet worden gemaakt.\n${reason}`);
    }
  };
}

/** Registers the PDF middleware and the build tracking it relies on. */
export function previewPdf(eleventyConfig: any, options: { root: string }): void {
  eleventyConfig.setServerOptions({ middleware: [middleware(options.root)] });
  // Frozen figures are no template and no data file to Eleventy; a change must still rebuild.
  // (Relative to the working directory, like the plugin's other watch targets.)
  eleventyConfig.addWatchTarget(path.relative(process.cwd(), path.join(options.root, "content")) + `/**/*${FROZEN_SUFFIX}`);

  eleventyConfig.on("eleventy.before", ({ directories }: { directories: { output: string } }) => {
    state.siteDir = path.resolve(directories.output);
    state.building ??= waiter();
    state.pending = tryLoad(options.root);
  });
  eleventyConfig.on("eleventy.after", () => {
    state.built = state.pending;
    state.failedOn = undefined;
    state.generation++;
    endBuild();
  });
}

/** Waits for PDFs being printed, then closes the printer (the shared browser is closeBrowser()'s). */
export async function closePreviewPdf(): Promise<void> {
  state.closed = true;
  const printer = state.printer;
  state.printer = undefined;
  await Promise.allSettled([...state.inflight.values()]);
  if (printer) await printer.ready.then((p) => p.close(), () => {});
}
