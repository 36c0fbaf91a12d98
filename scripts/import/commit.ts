// All or nothing: the edited files are checked as `npm run check` checks them (the
// whole project, read with the new texts in their place) before anything is
// written; then each is written to a temp file beside it and only when all are
// ready are they renamed over the originals. A failed rename puts back the files
// renamed before it; an interrupted run leaves only temp files, which go on exit.
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ProjectError } from "../model/diagnostics.ts";
import { readProject } from "../model/load.ts";
import { ImportError } from "./errors.ts";

export interface FileEdit {
  /** Relative to the project root, with `/`. */
  path: string;
  before: string;
  after: string;
}

/** Throws ProjectError when the project with these edits would not pass `npm run check`. */
export function checkEdits(root: string, edits: readonly FileEdit[]): void {
  const project = readProject(root, { overlay: new Map(edits.map((e) => [e.path, e.after])) });
  if (project.diagnostics.errors.length) throw new ProjectError(project.diagnostics);
}

/** Writes every edit, or none: temp files first, renamed when all are written. */
export function writeAll(root: string, edits: readonly FileEdit[]): void {
  const temps = edits.map((e) => ({ ...e, full: path.join(root, e.path), temp: path.join(root, `${e.path}.import-${process.pid}.tmp`) }));
  const cleanup = () => {
    for (const t of temps) rmSync(t.temp, { force: true });
  };
  process.on("exit", cleanup);
  try {
    for (const t of temps) {
      // Someone edited the file while we fetched: their change wins, ours waits for the next run.
      if (readFileSync(t.full, "utf8") !== t.before) throw new ImportError(`${t.path} is gewijzigd terwijl de cijfers werden opgehaald; er is niets gewijzigd. Sla het bestand op en start de import opnieuw.`);
      writeFileSync(t.temp, t.after, { flag: "wx" });
    }
    const renamed: typeof temps = [];
    try {
      for (const t of temps) {
        renameSync(t.temp, t.full);
        renamed.push(t);
      }
    } catch (error) {
      for (const t of renamed) {
        writeFileSync(t.temp, t.before);
        renameSync(t.temp, t.full);
      }
      throw error;
    }
  } finally {
    cleanup();
    process.off("exit", cleanup);
  }
}
