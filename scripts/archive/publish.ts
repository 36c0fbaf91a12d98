// Publishing a letter: status verzonden, figures frozen, and the PDF with its
// MDTO sidecars and a manifest entry in archive/. All or nothing: when any step
// fails, the letter, its figures and archive/ are as they were.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseDocument } from "yaml";
import { ProjectError } from "../model/diagnostics.ts";
import { readProject, type Project } from "../model/load.ts";
import type { Letter } from "../model/types.ts";
import { frozenPath, freezeLetter } from "./freeze.ts";
import { ARCHIVE_DIR, describeFile, MANIFEST, readManifest, sha256, writeManifest, type ArchiveEntry } from "./manifest.ts";
import { bestandXml, informatieobjectXml } from "./mdto.ts";
import { PDFA } from "../pdf/metadata.ts";

export class PublishError extends Error {}

export interface PublishResult {
  letter: Letter;
  written: string[];
}

/** Finds a letter by path (relative to the root or absolute), file name, slug or ons kenmerk. */
export function findLetterRef(project: Project, ref: string): Letter {
  const rel = path.relative(project.root, path.resolve(project.root, ref)).split(path.sep).join("/");
  const hit =
    project.letters.find((l) => l.inputPath === rel) ??
    project.letters.find((l) => path.basename(l.inputPath) === ref || l.slug === ref) ??
    project.letters.filter((l) => l.onsKenmerk === ref).at(0);
  if (!hit) throw new PublishError(`Geen brief gevonden voor '${ref}'. Geef het pad (content/…md), de bestandsnaam of het kenmerk.`);
  return hit;
}

/** Sets `status: verzonden` in the letter's front matter, keeping everything else as typed. */
function markSent(file: string): void {
  const text = readFileSync(file, "utf8");
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)!;
  const doc = parseDocument(m[1]!);
  doc.set("status", "verzonden");
  writeFileSync(file, `---\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}---${text.slice(m[0].length)}`);
}

function loadValid(root: string): Project {
  const project = readProject(root);
  if (project.diagnostics.errors.length) throw new ProjectError(project.diagnostics);
  return project;
}

export async function publishLetter(root: string, ref: string, log: (line: string) => void = () => {}): Promise<PublishResult> {
  let project = loadValid(root);
  let letter = findLetterRef(project, ref);
  if (project.manifest.brieven[letter.inputPath]) {
    throw new PublishError(`${letter.inputPath} is al gepubliceerd op ${project.manifest.brieven[letter.inputPath]!.gepubliceerd}; het archief wordt nooit overschreven. Een correctie gaat via een erratum (een nieuwe brief met \`corrigeert: ${letter.onsKenmerk}\`).`);
  }
  const org = letter.organisation;
  const archiveDir = path.posix.join(ARCHIVE_DIR, org, letter.date.slice(0, 4), letter.slug);
  if (existsSync(path.join(root, archiveDir))) {
    throw new PublishError(`${archiveDir} bestaat al; er wordt niets overschreven. Controleer archive/ en archive/manifest.json.`);
  }

  const letterFile = path.join(root, letter.inputPath);
  const originalText = readFileSync(letterFile);
  const frozenFile = frozenPath(project, letter);
  const hadFrozen = existsSync(frozenFile);
  const manifestFile = path.join(root, MANIFEST);
  const originalManifest = existsSync(manifestFile) ? readFileSync(manifestFile) : undefined;
  const tmp = mkdtempSync(path.join(tmpdir(), "raadsbrief-publiceren-"));
  // All or nothing: put back what this publication changed, also when a signal ends
  // the process mid-way (the command exits; its exit handlers run this).
  const undo = () => {
    writeFileSync(letterFile, originalText);
    if (!hadFrozen) rmSync(frozenFile, { force: true });
    rmSync(path.join(root, archiveDir), { recursive: true, force: true });
    if (originalManifest) writeFileSync(manifestFile, originalManifest);
    else rmSync(manifestFile, { force: true });
    rmSync(tmp, { recursive: true, force: true });
  };
  const undoOnExit = () => {
    try {
      undo();
    } catch {
      // An exit handler must not throw; the check reports what differs from the manifest.
    }
  };
  process.on("exit", undoOnExit);
  try {
    if (letter.status !== "verzonden") {
      markSent(letterFile);
      log(`Status verzonden: ${letter.inputPath}`);
    }
    if (!hadFrozen) {
      freezeLetter(project, letter, letter.date);
      log(`Cijfers bevroren: ${path.relative(root, frozenFile)}`);
    }
    // Checked again as sent: a TODO left in the text now stops the publication.
    project = loadValid(root);
    letter = findLetterRef(project, letter.inputPath);

    // The PDF exactly as the build makes it, printed from the page built from the frozen figures.
    const { build } = await import("../pipeline/build.ts");
    await build({ root, outDir: path.join(tmp, "site"), pdfOnly: new Set([letter.inputPath]) });
    const pdfSource = path.join(tmp, "site", letter.pdfUrl);
    const pdfBytes = readFileSync(pdfSource);
    const version = /^%PDF-(\d\.\d)/.exec(pdfBytes.subarray(0, 8).toString("latin1"))?.[1];
    if (!version) throw new PublishError("De gemaakte PDF heeft geen geldige PDF-kop.");

    mkdirSync(path.join(root, archiveDir), { recursive: true });
    const pdfRel = path.posix.join(archiveDir, `${letter.slug}.pdf`);
    copyFileSync(pdfSource, path.join(root, pdfRel));
    const organisation = project.organisations.get(org)!;
    const input = {
      letter,
      organisation,
      documentType: project.documentTypes.get(letter.type)!,
      // The PDF claims PDF/A-2B, so its PRONOM format is PDF/A-2b (fmt/477), not plain PDF 1.7.
      pdf: { fileName: path.posix.basename(pdfRel), bytes: pdfBytes.length, sha256: sha256(pdfBytes), pdfVersion: version, pdfa: PDFA },
      archivedOn: letter.date,
    };
    const ioRel = path.posix.join(archiveDir, `${letter.slug}.mdto.xml`);
    const bestandRel = path.posix.join(archiveDir, `${letter.slug}.pdf.mdto.xml`);
    writeFileSync(path.join(root, ioRel), informatieobjectXml(input));
    writeFileSync(path.join(root, bestandRel), bestandXml(input));

    const entry: ArchiveEntry = {
      kenmerk: letter.onsKenmerk,
      onderwerp: letter.subject,
      gepubliceerd: letter.date,
      bestanden: [
        describeFile(root, letter.inputPath, "brief"),
        describeFile(root, path.relative(root, frozenFile).split(path.sep).join("/"), "cijfers"),
        describeFile(root, pdfRel, "pdf"),
        describeFile(root, ioRel, "mdto-informatieobject"),
        describeFile(root, bestandRel, "mdto-bestand"),
      ],
    };
    const manifest = readManifest(root);
    manifest.brieven[letter.inputPath] = entry;
    writeManifest(root, manifest);
    const written = [pdfRel, ioRel, bestandRel, MANIFEST];
    for (const w of written) log(`Gearchiveerd: ${w}`);
    return { letter, written };
  } catch (error) {
    undo();
    throw error;
  } finally {
    process.off("exit", undoOnExit);
    rmSync(tmp, { recursive: true, force: true });
  }
}
