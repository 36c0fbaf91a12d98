// `npm run build`: checks all input, then builds _site/ with every letter as HTML
// and PDF; concept letters only with --met-concepten (site/concepts.ts). Options:
// --zonder-pdf, --met-concepten, --uit DIR, --debug, --tijden FILE (timings as JSON,
// for `npm run bench`). The output folder and the timings file are checked before
// anything is read or written (pipeline/output.ts); Ctrl+C or SIGTERM ends the build
// at once and removes its temp folder and Chromium (signals.ts).
import { closeSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { OutputRefusedError, resolveOutputDir, resolveOwnFile } from "../pipeline/output.ts";
import { timeLimitsFromEnv } from "../pipeline/time-limits.ts";
import { buildRemembered, fingerprintInputs, upToDate } from "../pipeline/up-to-date.ts";
import { projectRoot, TOOL_DIR } from "../site/paths.ts";
import { leftOutText } from "../site/concepts.ts";
import { describeSystemError } from "../util/system-error.mjs";
import { threadCpuSeconds } from "../util/cpu-time.ts";
import { LARGE_SITE_LETTERS, limitHeapGrowth } from "../util/heap.ts";
import { createProgressReporter } from "./progress.ts";
import { reportFailure, reportUncaught } from "./report.ts";
import { onInterrupt, signalExitCode, signalName } from "./signals.ts";

const args = process.argv.slice(2);
const debug = args.includes("--debug");
const withPdf = !args.includes("--zonder-pdf");
const withConcepts = args.includes("--met-concepten");
const started = performance.now();
const secs = (s: number) => new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 }).format(s);
/** What `--tijden` writes carries this, so a later build recognises the file as its own. */
const TIMINGS_KIND = "raadsbrief-timings";

/** The value after an option; a refusal when the option is given without one. */
function option(name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) throw new OutputRefusedError(`${name} heeft een waarde nodig, bijvoorbeeld ${name === "--uit" ? "--uit _site" : "--tijden tijden.json"}.`);
  return value;
}

const progress = createProgressReporter();
let shownOut: string | undefined;
/** Ends the build's chart workers and Chromium when it fails before build() could. */
let closeContext: (() => Promise<void>) | undefined;
/** The last line of a failure report: what stayed as it was. */
const closing = () => (shownOut ? `Er is niets gewijzigd in ${shownOut}.` : "Er is niets geschreven.");
reportUncaught(debug, closing);
onInterrupt((signal) => {
  progress.end();
  console.error(`\nBuild afgebroken (${signalName(signal)}). De tijdelijke bestanden worden opgeruimd; de vorige site blijft staan.`);
  process.exit(signalExitCode(signal));
});

let timingsFile: string | undefined;
// One async function, not top-level await: the bundle is CommonJS (cli/bundle.mjs).
async function main(): Promise<void> {
  try {
    const root = projectRoot();
    const places = { root, toolDir: TOOL_DIR };
    // Where this build may write, before anything is read or written.
    const out = resolveOutputDir(places, option("--uit") ?? "_site");
    shownOut = out;
    const timingsOption = option("--tijden");
    timingsFile = timingsOption === undefined ? undefined : resolveOwnFile(places, timingsOption, { option: "--tijden", what: "de tijden", isOwn: isTimingsFile, outputDir: out });
    if (timingsFile) probeWritable(timingsFile, timingsOption!);
    const timeLimits = timeLimitsFromEnv(process.env);
    // Nothing changed since the last full build to this folder: say so, without
    // loading anything heavy (see pipeline/up-to-date.ts).
    const fingerprint = withPdf ? fingerprintInputs(root, out, withConcepts) : undefined;
    const last = fingerprint ? upToDate(root, out, fingerprint.key) : undefined;
    if (last) {
      if (last.warnings > 0) console.log(last.warningsText);
      const took = secs((performance.now() - started) / 1000);
      const notes = ["niets gewijzigd sinds de vorige build", leftOutText(last.leftOut ?? 0)].filter(Boolean).join("; ");
      console.log(`Klaar: ${last.letters} brieven, ${last.pdfs} PDF's, ${last.warnings} waarschuwingen, ${took} s → ${out} (${notes})`);
      writeTimings({ upToDate: true, letters: last.letters, pdfs: last.pdfs });
    } else {
      // The build's context (pipeline/context.ts): its chart renderer and Chromium start
      // now, on the other core, while this one reads the input. A first build: a chart
      // worker loads Vega (~0.8 s) meanwhile. After a build, most charts come from the
      // cache: a worker starts when the first one does not.
      const { closeBuildContext, createBuildContext } = await import("../pipeline/context.ts");
      const options = {
        root,
        pdf: withPdf,
        concepts: withConcepts,
        ...(fingerprint ? { fingerprint } : {}),
        outDir: out,
        timeLimits,
        onProgress: progress.onProgress,
        onRetry: (message: string) => {
          progress.end();
          console.warn(`Waarschuwing: ${message}`);
        },
      };
      const context = createBuildContext(options);
      closeContext = () => closeBuildContext(context);
      // The first chart worker loads Vega now (~0.5 s, on the other core) rather than when
      // Eleventy asks for the first chart: in a one-letter rebuild that wait would be on
      // the way to its PDF. Its CPU is wasted only when every chart comes from the cache.
      context.charts.startWorkers();
      // Chromium starts (~0.3 s, its own processes) while this thread reads the input and
      // Eleventy renders; the build closes it, also when every PDF comes from the cache.
      // A first build to this folder renders every letter: Chromium is started before the
      // input is read, when the other core has little to do, and the turn of the event
      // loop lets the launch reach its spawn first (browser.ts makes the profile
      // synchronously). A rebuild renders a few letters: there its start would take the
      // core from the chart worker and the input check (README, Performance), so it
      // starts after the reading.
      const startChromium = () => context.chromium.get().catch(() => {}); // a failure is reported when printing starts
      const firstBuild = !buildRemembered(root, out);
      if (withPdf && firstBuild) {
        startChromium();
        await new Promise((resolve) => setImmediate(resolve));
      }
      // Check first: bad input is then reported in a moment, before Eleventy loads. The
      // project is memoised (model/load.ts), so the build does not parse it again.
      const { loadProject } = await import("../model/load.ts");
      const { formatDiagnostics } = await import("../model/diagnostics.ts");
      const checkStarted = performance.now();
      const project = loadProject(root);
      // A big site's heap stays near what is alive (util/heap.ts); a small one's never grows large.
      if (project.letters.length > LARGE_SITE_LETTERS) limitHeapGrowth();
      const dataSeconds = (performance.now() - checkStarted) / 1000;
      if (withPdf && !firstBuild) startChromium();
      const { build } = await import("../pipeline/build.ts");
      const result = await build(options, context);
      progress.end();
      const warningsText = result.warnings > 0 ? formatDiagnostics(result.diagnostics) : "";
      if (result.warnings > 0) console.log(warningsText);
      const notes = [result.kept > 0 ? `${result.kept} ongewijzigde brieven overgenomen uit de vorige build` : "", leftOutText(result.leftOut)].filter(Boolean).join("; ");
      console.log(`Klaar: ${result.letters} brieven, ${result.pdfs} PDF's, ${result.warnings} waarschuwingen, ${secs(result.seconds)} s → ${result.outDir}${notes ? ` (${notes})` : ""}`);
      writeTimings({
        upToDate: false,
        letters: result.letters,
        pdfs: result.pdfs,
        leftOut: result.leftOut,
        buildSeconds: result.seconds,
        // The check above read the input; the build reused it.
        timings: { ...result.timings, data: dataSeconds + (result.timings.data ?? 0) },
        pdfStats: result.pdfStats,
        chartStats: result.chartStats,
        kept: result.kept,
        // Where the cores' time went (CPU seconds; util/cpu-time.ts): this process's threads
        // together and its main thread, its worker pools, and Chromium's processes.
        cpu: { process: cpuSeconds(process.cpuUsage()), main: threadCpuSeconds(), ...result.cpu, chromium: context.chromium.cpuSeconds },
      });
    }
  } catch (error) {
    progress.end();
    process.exitCode = reportFailure(error, debug, closing());
    await closeContext?.().catch(() => {});
  }
  // A step that ran out of time may still hold the event loop (its work cannot be
  // stopped from outside): end here. Output to pipes and files is written synchronously.
  process.exit();
}
void main();

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

function isTimingsFile(text: string): boolean {
  try {
    return (JSON.parse(text) as { kind?: unknown }).kind === TIMINGS_KIND;
  } catch {
    return false;
  }
}

/** Fails now, in Dutch, rather than after the build, if the timings file cannot be written. */
function probeWritable(file: string, requested: string): void {
  const probe = `${file}.tmp-${process.pid}`;
  try {
    closeSync(openSync(probe, "wx"));
    rmSync(probe);
  } catch (error) {
    throw new OutputRefusedError(`--tijden ${requested}: ${describeSystemError(error) ?? "het bestand kan niet worden geschreven."}`);
  }
}

function writeTimings(data: Record<string, unknown>): void {
  if (!timingsFile) return;
  // maxRSS is in KiB: the peak of this process (Chromium runs in its own processes).
  // processSeconds: since this process started (performance.now() counts from there).
  const summary = { kind: TIMINGS_KIND, ...data, processSeconds: performance.now() / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  // Whole or not at all: a reader never sees half a file.
  const tmp = `${timingsFile}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(summary, null, 2)}\n`);
  renameSync(tmp, timingsFile);
}
