// `npm run import -- cbs [--reeks ID] [--bron-url URL]` and
// `npm run import -- excel <bestand.xlsx> [--reeks ID]`: brings the series in
// data/reeksen/ up to date from CBS StatLine or a spreadsheet (scripts/import/).
// All or nothing: on any error every file stays as it was.
import { readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { formatDiagnostics, ProjectError } from "../model/diagnostics.ts";
import { ImportError } from "../import/errors.ts";
import { openWorkbook } from "../import/excel.ts";
import { runImport, type ImportSource } from "../import/run.ts";
import { summaryText } from "../import/summary.ts";
import { projectRoot, TOOL_DIR } from "../site/paths.ts";
import { reportFailure, reportUncaught } from "./report.ts";
import { onInterrupt, signalExitCode, signalName } from "./signals.ts";

const CBS_BASE = "https://opendata.cbs.nl/ODataApi/odata";
const USAGE = "Gebruik: npm run import -- cbs [--reeks <id>] [--bron-url <adres>], of: npm run import -- excel <bestand.xlsx> [--reeks <id>]";

const args = process.argv.slice(2);
const debug = args.includes("--debug");
reportUncaught(debug);

function option(name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) fail(`${name} heeft een waarde nodig.`);
  return value;
}

function fail(message: string): never {
  console.error(`Fout: ${message}`);
  console.error(USAGE);
  process.exit(1);
}

const valued = new Set(["--reeks", "--bron-url"]);
const positional = args.filter((a, i) => !a.startsWith("--") && !valued.has(args[i - 1] ?? ""));
const [kind, file] = positional;
const only = option("--reeks");
const base = option("--bron-url") ?? CBS_BASE;
for (const a of args) if (a.startsWith("--") && !valued.has(a) && a !== "--debug") fail(`onbekende optie ${a}.`);
if (kind !== "cbs" && kind !== "excel") fail(kind ? `onbekende bron '${kind}'; kies cbs of excel.` : "geef de bron: cbs of excel.");
if (kind === "excel" && !file) fail("geef het Excel-bestand, bijvoorbeeld: npm run import -- excel klanten.xlsx");
if (kind === "cbs" && file) fail(`'${file}' hoort niet bij cbs; het adres van de API zet u met --bron-url.`);
if (kind === "cbs" && !/^https?:\/\/[^/]+/.test(base)) fail(`--bron-url ${base} is geen http(s)-adres.`);

/** Seconds per request (RAADSBRIEF_IMPORT_TIMEOUT, default 30). */
function timeoutMs(): number {
  const raw = process.env.RAADSBRIEF_IMPORT_TIMEOUT;
  if (raw === undefined || raw === "") return 30_000;
  const seconds = Number(raw.replace(",", "."));
  if (!Number.isFinite(seconds) || seconds <= 0) fail(`RAADSBRIEF_IMPORT_TIMEOUT='${raw}' is geen geldig aantal seconden; bijvoorbeeld RAADSBRIEF_IMPORT_TIMEOUT=30.`);
  return seconds * 1000;
}

/** Today in the local calendar: the day the figures were fetched. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

onInterrupt((signal) => {
  console.error(`\nImport afgebroken (${signalName(signal)}); er is niets gewijzigd.`);
  process.exit(signalExitCode(signal));
});

// One async function, not top-level await: the bundle is CommonJS (cli/bundle.mjs).
async function main(): Promise<void> {
  try {
    const root = projectRoot();
    const version = (JSON.parse(readFileSync(path.join(TOOL_DIR, "package.json"), "utf8")) as { version: string }).version;
    const log = (line: string) => console.log(line);
    let source: ImportSource;
    if (kind === "cbs") {
      source = {
        kind: "cbs",
        ctx: {
          base,
          progress: log,
          http: {
            userAgent: `Raadsbrief/${version} (raadsbriefgenerator; Node.js ${process.versions.node})`,
            timeoutMs: timeoutMs(),
            attempts: 3,
            backoffMs: 1000,
            maxRetryAfterMs: 60_000,
            baseHint: base === CBS_BASE ? "--bron-url" : `--bron-url (${base})`,
            sleep: (ms) => sleep(ms),
            log,
          },
        },
      };
      console.log(`Cijfers ophalen bij ${base} …`);
    } else {
      const full = path.resolve(file!);
      source = { kind: "excel", workbook: await openWorkbook(full, file!), file: full };
      console.log(`Cijfers lezen uit ${file} …`);
    }
    const report = await runImport({ root, source, today: today(), ...(only ? { series: only } : {}) });
    console.log(summaryText(report));
  } catch (error) {
    if (error instanceof ProjectError) {
      console.error(formatDiagnostics(error.diagnostics));
      console.error("\nEr is niets gewijzigd. Los de fouten hierboven op en probeer het opnieuw.");
      process.exitCode = 1;
    } else if (error instanceof ImportError) {
      console.error(`Fout: ${error.message}`);
      if (!error.message.includes("niets gewijzigd")) console.error("Er is niets gewijzigd.");
      if (debug) console.error(error);
      process.exitCode = 1;
    } else {
      process.exitCode = reportFailure(error, debug, "Er is niets gewijzigd.");
    }
  }
}
void main();
