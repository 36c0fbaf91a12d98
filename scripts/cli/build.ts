// `npm run build`: checks all input, then builds _site/ with every letter as HTML
// and PDF. Options: --zonder-pdf, --uit DIR, --debug.
import { formatDiagnostics } from "../model/diagnostics.ts";
import { loadProject } from "../model/load.ts";
import { projectRoot } from "../site/paths.ts";
import { createProgressReporter } from "./progress.ts";
import { reportFailure } from "./report.ts";

const args = process.argv.slice(2);
const debug = args.includes("--debug");
const outIndex = args.indexOf("--uit");
const outDir = outIndex >= 0 ? args[outIndex + 1] : undefined;

const progress = createProgressReporter();
try {
  // Check first and load the pipeline (Eleventy, Vega, Puppeteer) only when the input
  // is sound: bad input is then reported in a moment. The project is memoised, so
  // the build does not parse it again.
  const root = projectRoot();
  loadProject(root);
  const { build } = await import("../pipeline/build.ts");
  const result = await build({ root, pdf: !args.includes("--zonder-pdf"), ...(outDir ? { outDir } : {}), onProgress: progress.onProgress });
  progress.end();
  if (result.warnings > 0) console.log(formatDiagnostics(result.project.diagnostics));
  const secs = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 }).format(result.seconds);
  console.log(`Klaar: ${result.letters} brieven, ${result.pdfs} PDF's, ${result.warnings} waarschuwingen, ${secs} s → ${result.outDir}`);
} catch (error) {
  progress.end();
  process.exitCode = reportFailure(error, debug);
}
