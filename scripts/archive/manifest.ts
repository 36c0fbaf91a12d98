// archive/manifest.json: every published letter with the files that make it up
// (its Markdown, its frozen figures, its PDF and MDTO sidecars), each with size and
// SHA-256. Every load verifies them (verify.ts), so a published letter never changes silently.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sha256 } from "../util/files.ts";
import { manifestShapeProblems, ROLES } from "./manifest-shape.ts";

export const ARCHIVE_DIR = "archive";
export const MANIFEST = path.posix.join(ARCHIVE_DIR, "manifest.json");

export { ROLES };
export type Role = (typeof ROLES)[number];

export interface ArchivedFile {
  /** Relative to the project root, with forward slashes. */
  pad: string;
  bytes: number;
  sha256: string;
  rol: Role;
}

export interface ArchiveEntry {
  kenmerk: string;
  onderwerp: string;
  gepubliceerd: string;
  bestanden: ArchivedFile[];
}

export interface Manifest {
  versie: 1;
  /** Keyed by the letter's input path, e.g. "content/emmen/2015/2015-09-29-….md". */
  brieven: Record<string, ArchiveEntry>;
}

export { sha256 };

export const emptyManifest = (): Manifest => ({ versie: 1, brieven: {} });

export function describeFile(root: string, rel: string, rol: Role): ArchivedFile {
  const bytes = readFileSync(path.join(root, rel));
  return { pad: rel, bytes: bytes.length, sha256: sha256(bytes), rol };
}

/** Why the manifest cannot be used, in Dutch, with a position in it where there is one. */
export interface ManifestProblem {
  message: string;
  line?: number;
  column?: number;
}

export type ManifestRead =
  | { state: "ok"; manifest: Manifest; text: string }
  /** No archive/manifest.json: fine only while archive/ holds nothing else (verify.ts). */
  | { state: "absent"; manifest: Manifest }
  | { state: "broken"; manifest: Manifest; problem: ManifestProblem; text?: string };

/** Reads archive/manifest.json; never throws for what is in the file. */
export function readManifest(root: string): ManifestRead {
  const file = path.join(root, MANIFEST);
  if (!existsSync(file)) return { state: "absent", manifest: emptyManifest() };
  let text: string | undefined;
  const broken = (problem: ManifestProblem): ManifestRead => ({ state: "broken", manifest: emptyManifest(), problem, ...(text !== undefined ? { text } : {}) });
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return broken({ message: `Het archiefmanifest kan niet worden gelezen: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.` });
  }
  if (text.trim() === "") return broken({ message: "Het archiefmanifest is leeg." });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // JSON.parse's own words are English: the position says where.
    return broken({ message: "Het archiefmanifest is geen geldige JSON.", ...jsonErrorPosition(text, error as Error) });
  }
  const problems = manifestShapeProblems(parsed);
  if (problems.length) {
    return broken({ message: `Het archiefmanifest heeft een onbekende opbouw: ${problems.slice(0, 3).join("; ")}${problems.length > 3 ? ` (en ${problems.length - 3} meer)` : ""}.` });
  }
  return { state: "ok", manifest: parsed as Manifest, text };
}

/** V8 says "… at position 42" (Node 20) or "(line 3 column 5)": a position for the code frame. */
function jsonErrorPosition(text: string, error: Error): { line?: number; column?: number } {
  const lc = /line (\d+) column (\d+)/.exec(error.message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(error.message);
  if (!pos) return {};
  const before = text.slice(0, Number(pos[1])).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** Deterministic JSON: letters sorted by path, written atomically. */
export function writeManifest(root: string, manifest: Manifest): void {
  const sorted: Manifest = { versie: 1, brieven: Object.fromEntries(Object.entries(manifest.brieven).sort(([a], [b]) => a.localeCompare(b))) };
  const file = path.join(root, MANIFEST);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(sorted, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** The archived PDF of a published letter, if any (relative to the project root). */
export function archivedPdfPath(manifest: Manifest, inputPath: string): string | undefined {
  return manifest.brieven[inputPath]?.bestanden.find((f) => f.rol === "pdf")?.pad;
}
