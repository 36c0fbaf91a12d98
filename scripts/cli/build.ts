// `npm run build`: checks all input, then builds _site/ with every letter as HTML and PDF.
import { build } from "../pipeline/build.ts";
import { projectRoot } from "../site/paths.ts";
import { reportFailure } from "./report.ts";
import { formatDiagnostics } from "../model/diagnostics.ts";

const debug = process.argv.includes("--debug");
const noPdf = process.argv.includes("--zonder-pdf");
const outIndex = process.argv.indexOf("--uit");
const outDir = outIndex > 0 ? process.argv[outIndex + 1] : undefined;

try {
  const result = await build({ root: projectRoot(), pdf: !noPdf, ...(outDir ? { outDir } : {}), log: (line) => console.log(line) });
  if (result.warnings > 0) console.log(formatDiagnostics(result.project.diagnostics));
  const secs = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 }).format(result.seconds);
  console.log(`Klaar: ${result.letters} brieven, ${result.pdfs} PDF's, ${result.warnings} waarschuwingen, ${secs} s → ${result.outDir}`);
} catch (error) {
  process.exitCode = reportFailure(error, debug);
}
