// How a command ends in failure: a Dutch message naming what failed, no stack
// trace unless --debug is given. Returns the exit code.
import { formatDiagnostics, ProjectError } from "../model/diagnostics.ts";

function causes(error: unknown): string[] {
  const out: string[] = [];
  let e: unknown = error;
  while (e instanceof Error && out.length < 6) {
    out.push(e.message);
    e = e.cause;
  }
  return out;
}

export function reportFailure(error: unknown, debug: boolean): number {
  if (error instanceof ProjectError) {
    console.error(formatDiagnostics(error.diagnostics));
    console.error("\nEr is niets gebouwd. Los de fouten hierboven op en probeer het opnieuw.");
    return 1;
  }
  const [first, ...rest] = causes(error);
  console.error(`Fout: ${first ?? String(error)}`);
  for (const c of rest) console.error(`  oorzaak: ${c}`);
  if (debug && error instanceof Error) console.error(error.stack);
  else console.error("(Gebruik --debug voor technische details.)");
  console.error("Er is niets gewijzigd in _site/.");
  return 1;
}
