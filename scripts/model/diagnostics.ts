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

/** Widest code-frame line; a longer one (5,000 nested brackets) is cut around the column. */
const FRAME_WIDTH = 120;

function narrowed(source: string, line: number, column: number): { text: string; column: number } {
  const lines = source.split("\n");
  const near = lines.slice(Math.max(0, line - 2), line + 1);
  if (near.every((l) => l.length <= FRAME_WIDTH)) return { text: source, column };
  const start = Math.max(0, column - 1 - FRAME_WIDTH / 2);
  // Every nearby line is cut at the same columns, so they stay aligned with the caret.
  const cut = (l: string) => `${start > 0 ? "…" : ""}${l.slice(start, start + FRAME_WIDTH)}${l.length > start + FRAME_WIDTH ? "…" : ""}`;
  for (let i = Math.max(0, line - 2); i < Math.min(lines.length, line + 1); i++) lines[i] = cut(lines[i]!);
  return { text: lines.join("\n"), column: column - start + (start > 0 ? 1 : 0) };
}

export function formatDiagnostic(d: Diagnostic, source?: string): string {
  const where = d.line ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file;
  const label = d.severity === "error" ? "fout" : "waarschuwing";
  const lines = [`${where}: ${label} [${d.code}] ${d.message}`];
  if (source !== undefined && d.line) {
    const { text, column } = narrowed(source, d.line, d.column ?? 1);
    const frame = codeFrameColumns(text, { start: { line: d.line, column } }, { linesAbove: 1, linesBelow: 1 });
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
