// PDFs in the preview (`npm start`). A request for a letter's PDF address is
// answered by printing that letter now, from the page the last build wrote, with the
// same print job as `npm run build`: the secretariat sees the PDF the build would
// archive, with today's figures. A printed PDF stays in the preview's folder until
// the next build replaces the folder.
import { readFile } from "node:fs/promises";
import { ProjectError } from "../model/diagnostics.ts";
import { loadProject, type Project } from "../model/load.ts";
import type { Letter } from "../model/types.ts";
import type { Chromium } from "../pdf/browser.ts";
import { PdfError } from "../pdf/errors.ts";
import { letterPdfJob } from "../pdf/job.ts";
import { createPrinter, type Printer } from "../pdf/print.ts";
import { describeSystemError } from "../util/system-error.mjs";

export type PdfAnswer =
  | { status: 200; pdf: Uint8Array; filename: string }
  | { status: 404 }
  | { status: 500 | 503; message: string };

export interface PreviewPdfOptions {
  root: string;
  /** The session's Chromium (serve.ts makes it and closes it), as a build's context holds one. */
  chromium: Chromium;
  siteDir: string;
  /** Resolves once the site shows every saved change (no build running or waiting); says whether the last build succeeded and which one it was. */
  settled: () => Promise<{ ok: boolean; version: number }>;
}

export class PreviewPdf {
  /** One printer per built version: it keeps the site's CSS and fonts in its tabs. */
  private printer: { version: number; ready: Promise<Printer> } | undefined;
  /** The same PDF asked twice at once (browsers do) is printed once. */
  private readonly inflight = new Map<string, Promise<Uint8Array>>();
  private closed = false;

  constructor(private readonly options: PreviewPdfOptions) {}

  /** The PDF for a letter's PDF address (`pathname`, decoded), or why there is none. */
  async answer(pathname: string): Promise<PdfAnswer> {
    const { ok, version } = await this.options.settled();
    let project: Project;
    try {
      project = loadProject(this.options.root);
    } catch (error) {
      if (error instanceof ProjectError) return { status: 500, message: `Geen PDF voor ${pathname}: de invoer bevat fouten. Zie de terminal waarin npm start draait, of een pagina van het voorbeeld.` };
      throw error;
    }
    const letter = project.letters.find((l) => l.pdfUrl === pathname);
    if (!letter) return { status: 404 };
    const name = `'${letter.subject}' (${letter.inputPath})`;
    if (!ok) return { status: 500, message: `De PDF van ${name} kon niet worden gemaakt: de invoer bevat fouten. Zie de terminal waarin npm start draait.` };
    if (this.closed) return { status: 503, message: `De PDF van ${name} kan nu niet worden gemaakt: het voorbeeld stopt.` };
    try {
      return { status: 200, pdf: await this.print(project, letter, version), filename: `${letter.slug}.pdf` };
    } catch (error) {
      // PdfError messages are Dutch and name the cause; anything else is told in Dutch here.
      const reason = error instanceof PdfError ? error.message : (describeSystemError(error) ?? "onverwachte fout (zie de terminal; --debug toont details)");
      return { status: 500, message: `De PDF van ${name} kon niet worden gemaakt.\n${reason}` };
    }
  }

  private async print(project: Project, letter: Letter, version: number): Promise<Uint8Array> {
    const key = `${version}\0${letter.pdfUrl}`;
    let job = this.inflight.get(key);
    if (!job) {
      job = (async () => {
        const started = performance.now();
        const printer = await this.printerFor(version, project.site.url);
        const printJob = letterPdfJob(project, letter, this.options.siteDir);
        await printer.print(printJob);
        const bytes = await readFile(printJob.outFile);
        const secs = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 }).format((performance.now() - started) / 1000);
        console.log(`PDF gemaakt: ${letter.pdfUrl} (${secs} s)`);
        return bytes;
      })();
      this.inflight.set(key, job);
      const done = () => this.inflight.delete(key);
      job.then(done, done);
    }
    return job;
  }

  private printerFor(version: number, siteUrl: string): Promise<Printer> {
    if (this.printer?.version !== version) {
      const old = this.printer;
      const entry = { version, ready: createPrinter({ chromium: this.options.chromium, siteDir: this.options.siteDir, siteUrl, concurrency: 2 }) };
      this.printer = entry;
      // A failed start (no Chromium) is tried again on the next request.
      entry.ready.catch(() => {
        if (this.printer === entry) this.printer = undefined;
      });
      if (old) void old.ready.then((p) => p.close()).catch(() => {});
    }
    return this.printer!.ready;
  }

  /** Waits for PDFs being printed, then closes the printer (the Chromium is its owner's, serve.ts). */
  async close(): Promise<void> {
    this.closed = true;
    const printer = this.printer;
    this.printer = undefined;
    await Promise.allSettled([...this.inflight.values()]);
    if (printer) await printer.ready.then((p) => p.close(), () => {});
  }
}
