// `npm run build`: checks all input, then builds _site/ with every letter as HTML
// and PDF. Options: --zonder-pdf, --uit DIR, --debug, --tijden FILE (timings as JSON,
// for `npm run bench`).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fingerprintInputs, lastBuild, upToDate } from "../pipeline/up-to-date.ts";
import { projectRoot } from "../site/paths.ts";
import { createProgressReporter } from "./progress.ts";
import { reportFailure } from "./report.ts";

const args = process.argv.slice(2);
const debug = args.includes("--debug");
const outIndex = args.indexOf("--uit");
const outDir = outIndex >= 0 ? args[outIndex + 1] : undefined;
const timingsIndex = args.indexOf("--tijden");
const timingsFile = timingsIndex >= 0 ? args[timingsIndex + 1] : undefined;
const withPdf = !args.includes("--zonder-pdf");
const started = performance.now();
const secs = (s: number) => new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 }).format(s);

const progress = createProgressReporter();
let closeBrowser: (() => Promise<void>) | undefined;
let stopChartWorkers: (() => void) | undefined;
try {
  const root = projectRoot();
  const out = path.resolve(root, outDir ?? "_site");
  // Nothing changed since the last full build to this folder: say so, without
  // loading anything heavy (see pipeline/up-to-date.ts).
  const fingerprint = withPdf ? fingerprintInputs(root, out) : undefined;
  const last = fingerprint ? upToDate(root, out, fingerprint.key) : undefined;
  if (last) {
    if (last.warnings > 0) console.log(last.warningsText);
    const took = secs((performance.now() - started) / 1000);
    console.log(`Klaar: ${last.letters} brieven, ${last.pdfs} PDF's, ${last.warnings} waarschuwingen, ${took} s → ${out} (niets gewijzigd sinds de vorige build)`);
    writeTimings({ upToDate: true, letters: last.letters, pdfs: last.pdfs });
  } else {
    // A first build: a chart worker loads Vega (~0.8 s) on the other core while this
    // one reads the input (stopped below if the check fails). After a build, most
    // charts come from the cache: a worker starts when the first one does not.
    const charts = await import("../charts/render.ts");
    stopChartWorkers = () => charts.setChartWorkers(0);
    charts.setChartWorkers(undefined, !lastBuild(root, out));
    // Check first and load the pipeline (Eleventy, Puppeteer) only when the input
    // is sound: bad input is then reported in a moment. The project is memoised, so
    // the build does not parse it again.
    const { loadProject } = await import("../model/load.ts");
    const { formatDiagnostics } = await import("../model/diagnostics.ts");
    const checkStarted = performance.now();
    loadProject(root);
    const dataSeconds = (performance.now() - checkStarted) / 1000;
    if (withPdf) {
      // Chromium starts (~0.5 s, its own processes) while Eleventy loads and renders;
      // build() closes it, also when every PDF comes from the cache.
      const browser = await import("../pdf/browser.ts");
      closeBrowser = browser.closeBrowser;
      browser.getBrowser().catch(() => {}); // a failure is reported when printing starts
    }
    const { build } = await import("../pipeline/build.ts");
    const result = await build({
      root,
      pdf: withPdf,
      ...(fingerprint ? { fingerprint } : {}),
      ...(outDir ? { outDir } : {}),
      onProgress: progress.onProgress,
      onRetry: (message) => {
        progress.end();
        console.warn(`Waarschuwing: ${message}`);
      },
    });
    progress.end();
    const warningsText = result.warnings > 0 ? formatDiagnostics(result.project.diagnostics) : "";
    if (result.warnings > 0) console.log(warningsText);
    const keptText = result.kept > 0 ? ` (${result.kept} ongewijzigde brieven overgenomen uit de vorige build)` : "";
    console.log(`Klaar: ${result.letters} brieven, ${result.pdfs} PDF's, ${result.warnings} waarschuwingen, ${secs(result.seconds)} s → ${result.outDir}${keptText}`);
    writeTimings({
      upToDate: false,
      letters: result.letters,
      pdfs: result.pdfs,
      buildSeconds: result.seconds,
      // The check above read the input; the build reused it.
      timings: { ...result.timings, data: dataSeconds + (result.timings.data ?? 0) },
      pdfStats: result.pdfStats,
      chartStats: result.chartStats,
      kept: result.kept,
    });
  }
} catch (error) {
  progress.end();
  process.exitCode = reportFailure(error, debug);
  stopChartWorkers?.();
  await closeBrowser?.().catch(() => {});
}

function writeTimings(data: Record<string, unknown>): void {
  if (!timingsFile) return;
  // maxRSS is in KiB: the peak of this process (Chromium runs in its own processes).
  // processSeconds: since this process started (performance.now() counts from there).
  const summary = { ...data, processSeconds: performance.now() / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  writeFileSync(timingsFile, `${JSON.stringify(summary, null, 2)}\n`);
}
