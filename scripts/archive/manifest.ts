// archive/manifest.json: every published letter with the files that make it up
// (its Markdown, its frozen figures, its PDF and MDTO sidecars), each with size and
// SHA-256. Every load verifies them, so a published letter never changes silently.
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sha256 } from "../util/files.ts";
import type { Diagnostics } from "../model/diagnostics.ts";

export const ARCHIVE_DIR = "archive";
export const MANIFEST = path.posix.join(ARCHIVE_DIR, "manifest.json");

export interface ArchivedFile {
  /** Relative to the project root, with forward slashes. */
  pad: string;
  bytes: number;
  sha256: string;
  /** What the file is: "brief", "cijfers", "pdf", "mdto-informatieobject", "mdto-bestand". */
  rol: string;
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

export function describeFile(root: string, rel: string, rol: string): ArchivedFile {
  const bytes = readFileSync(path.join(root, rel));
  return { pad: rel, bytes: bytes.length, sha256: sha256(bytes), rol };
}

export function readManifest(root: string, diags?: Diagnostics): Manifest {
  const file = path.join(root, MANIFEST);
  if (!existsSync(file)) return { versie: 1, brieven: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Manifest;
    if (parsed.versie !== 1 || typeof parsed.brieven !== "object") throw new Error("onbekende opbouw");
    return parsed;
  } catch (error) {
    diags?.error({
      code: "RB-ARCHIEF-MANIFEST",
      file: MANIFEST,
      message: `Het archiefmanifest kan niet worden gelezen: ${(error as Error).message}.`,
      hint: "Herstel archive/manifest.json uit versiebeheer (git checkout -- archive/manifest.json); bewerk het nooit met de hand.",
    });
    return { versie: 1, brieven: {} };
  }
}

/** Deterministic JSON: letters sorted by path, written atomically. */
export function writeManifest(root: string, manifest: Manifest): void {
  const sorted: Manifest = { versie: 1, brieven: Object.fromEntries(Object.entries(manifest.brieven).sort(([a], [b]) => a.localeCompare(b))) };
  const file = path.join(root, MANIFEST);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(sorted, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Checks every archived file against the manifest; mismatches are errors. */
export function verifyArchive(root: string, manifest: Manifest, diags: Diagnostics): void {
  for (const [letter, entry] of Object.entries(manifest.brieven)) {
    for (const f of entry.bestanden) {
      const full = path.join(root, f.pad);
      if (!existsSync(full)) {
        diags.error({
          code: "RB-ARCHIEF-ONTBREEKT",
          file: f.pad,
          message: `Dit gearchiveerde bestand van ${letter} (kenmerk ${entry.kenmerk}) ontbreekt.`,
          hint: "Zet het terug uit versiebeheer (git checkout -- <bestand>). Een gepubliceerde brief wordt nooit verwijderd.",
        });
        continue;
      }
      const size = statSync(full).size;
      const hash = size === f.bytes ? sha256(readFileSync(full)) : "";
      if (size !== f.bytes || hash !== f.sha256) {
        diags.error({
          code: "RB-ARCHIEF-GEWIJZIGD",
          file: f.pad,
          message: `Dit bestand hoort bij de gepubliceerde brief ${letter} (kenmerk ${entry.kenmerk}), maar is gewijzigd sinds de publicatie op ${entry.gepubliceerd} (${size} bytes, verwacht ${f.bytes}; SHA-256 klopt niet).`,
          hint: "Een verzonden brief verandert nooit. Zet het bestand terug (git checkout -- <bestand>) en maak voor een correctie een erratum: een nieuwe brief met `corrigeert:`.",
        });
      }
    }
  }
}

/** The archived PDF of a published letter, if any (relative to the project root). */
export function archivedPdfPath(manifest: Manifest, inputPath: string): string | undefined {
  return manifest.brieven[inputPath]?.bestanden.find((f) => f.rol === "pdf")?.pad;
}
