// How a command ends in failure: a Dutch message naming what failed, no stack
// trace unless --debug is given. Returns the exit code. Node's system errors
// (EACCES, ENOSPC, …) are told in Dutch (util/system-error.mjs), wherever they sit
// in the chain of causes.
import { inspect, stripVTControlCharacters } from "node:util";
import { formatDiagnostics, ProjectError } from "../model/diagnostics.ts";
import { OutputRefusedError } from "../pipeline/output.ts";
import { TimeLimitSettingError } from "../pipeline/time-limits.ts";
import { describeSystemError } from "../util/system-error.mjs";

/** Our errors: their messages are Dutch and meant for the reader. */
const DUTCH_ERRORS = new Set([
  "BuildError",
  "ChartError",
  "FigureError",
  "ImportError",
  "MdtoError",
  "OutputRefusedError",
  "OutputWriteError",
  "PdfError",
  "PublishError",
  "ScaffoldError",
  "SearchError",
  "TimeLimitError",
  "TimeLimitSettingError",
]);

/**
 * The messages of an error and its causes: the error itself, and of its causes ours
 * and system errors (in Dutch), their first lines. A library's own (English)
 * message is left to --debug.
 */
export function causes(error: unknown): string[] {
  const out: string[] = [];
  let e: unknown = error;
  for (let depth = 0; depth < 8 && e !== undefined && e !== null; depth++) {
    const system = describeSystemError(e);
    const ours = e instanceof Error && DUTCH_ERRORS.has(e.name);
    if (depth === 0 || system || ours) {
      const text = system ?? (e instanceof Error ? e.message : String(e));
      // The error itself whole (a list of letters whose PDF failed); of a cause, its first line.
      const clean = stripVTControlCharacters(text).trim();
      const first = depth === 0 ? clean : clean.split("\n")[0]!.trim();
      if (first && !out.some((line) => line.includes(first))) out.push(first);
    }
    if (!(e instanceof Error)) break;
    e = e.cause ?? (e as { originalError?: unknown }).originalError;
  }
  return out;
}

/** Errors about the command line or settings: the message says it all, no technical details to offer. */
function isUsageError(error: unknown): boolean {
  return error instanceof OutputRefusedError || error instanceof TimeLimitSettingError;
}

/** `closing`: the last line, e.g. what was left as it was ("Er is niets gewijzigd in _site/."). */
export function reportFailure(error: unknown, debug: boolean, closing?: string): number {
  if (error instanceof ProjectError) {
    console.error(formatDiagnostics(error.diagnostics));
    console.error("\nEr is niets gebouwd. Los de fouten hierboven op en probeer het opnieuw.");
    return 1;
  }
  const [first, ...rest] = causes(error);
  console.error(`Fout: ${first ?? "onbekende fout"}`);
  for (const c of rest) console.error(`  oorzaak: ${c}`);
  // The stack, and every cause with its own.
  if (debug) console.error(inspect(error, { depth: 6 }));
  else if (!isUsageError(error)) console.error("(Gebruik --debug voor technische details.)");
  if (closing) console.error(closing);
  return 1;
}

/**
 * A last line of defence: an error nobody caught (an 'error' event without a
 * listener in a library, a rejected promise nobody awaited) is still reported in
 * Dutch, without a stack trace, and ends the process with exit code 1.
 */
export function reportUncaught(debug: boolean, closing?: () => string | undefined): void {
  const fail = (error: unknown) => {
    process.exit(reportFailure(error, debug, closing?.()));
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
}
