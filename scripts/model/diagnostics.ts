// Problems found in the secretariat's input, collected rather than thrown one by
// one, so `npm run check` can report all of them at once (file:line:column, a
// code frame and what to do), in Dutch.
import { codeFrameColumns } from "@babel/code-frame";

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  /** Stable code, e.g. "RB-ONBEKEND-VELD"; documented in the README. */
  code: string;
  /** Path relative to the project root. */
  file: string;
  /** 1-based; absent when the problem is about the whole file. */
  line?: number;
  column?: number;
  message: string;
  /** What to do about it. */
  hint?: string;
}

export class Diagnostics {
  readonly items: Diagnostic[] = [];
  /** Source text per file, for code frames. */
  readonly sources = new Map<string, string>();

  add(d: Diagnostic): void {
    this.items.push(d);
  }
  error(d: Omit<Diagnostic, "severity">): void {
    this.add({ ...d, severity: "error" });
  }
  warning(d: Omit<Diagnostic, "severity">): void {
    this.add({ ...d, severity: "warning" });
  }
  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === "error");
  }
  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === "warning");
  }
  /** Sorted by file and position so output is stable. */
  sorted(): Diagnostic[] {
    return [...this.items].sort(
      (a, b) =>
        a.file.localeCompare(b.file) ||
        (a.line ?? 0) - (b.line ?? 0) ||
        (a.column ?? 0) - (b.column ?? 0) ||
        a.code.localeCompare(b.code),
    );
  }
}

/** Thrown when input is invalid; carries every diagnostic found. */
export class ProjectError extends Error {
  constructor(
    readonly diagnostics: Diagnostics,
  ) {
    const n = diagnostics.errors.length;
    super(`${n} ${n === 1 ? "fout" : "fouten"} in de invoer`);
    this.name = "ProjectError";
  }
}

export function formatDiagnostic(d: Diagnostic, source?: string): string {
  const where = d.line ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file;
  const label = d.severity === "error" ? "fout" : "waarschuwing";
  const lines = [`${where}: ${label} [${d.code}] ${d.message}`];
  if (source !== undefined && d.line) {
    const frame = codeFrameColumns(source, { start: { line: d.line, column: d.column ?? 1 } }, { linesAbove: 1, linesBelow: 1 });
    lines.push(frame.replace(/^/gm, "  "));
  }
  if (d.hint) lines.push(`  → ${d.hint}`);
  return lines.join("\n");
}

export function formatDiagnostics(diagnostics: Diagnostics): string {
  const out = diagnostics.sorted().map((d) => formatDiagnostic(d, diagnostics.sources.get(d.file)));
  const e = diagnostics.errors.length;
  const w = diagnostics.warnings.length;
  out.push(`${e} ${e === 1 ? "fout" : "fouten"}, ${w} ${w === 1 ? "waarschuwing" : "waarschuwingen"}.`);
  return out.join("\n\n");
}
