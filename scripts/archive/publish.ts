// Publishing a letter: status verzonden, figures frozen, and the PDF with its
// MDTO sidecars, the page's article with its stylesheet and files (article.ts), and a
// manifest entry in archive/. All or nothing: the sidecars are
// validated against the MDTO schema before the letter is touched (with the PDF's
// size and checksum still unknown) and again, complete, before anything goes into
// archive/; the result must pass every check; when any step fails, the letter, its
// figures, archive/ and the manifest are put back byte for byte.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseDocument } from "yaml";
import { ProjectError } from "../model/diagnostics.ts";
import { readProject, type Project, type ReadOptions } from "../model/load.ts";
import type { Letter } from "../model/types.ts";
import { frozenPath, freezeLetter } from "./freeze.ts";
import { ARCHIVE_DIR, describeFile, MANIFEST, sha256, writeManifest, type ArchivedFile, type ArchiveEntry, type Role } from "./manifest.ts";
import { ARTICLE_FILE, entryFolder, hasArchivedArticle, renderedArticle, STYLESHEET_FILE, type RenderedArticle } from "./article.ts";
import { bestandXml, informatieobjectXml, MdtoError, type ArchivedPdf, type MdtoInput } from "./mdto.ts";
import { MDTO_SCHEMA_FILE, MdtoSchemaError, readMdtoSchema, validateSidecars } from "./mdto-validate.ts";
import { PDFA } from "../pdf/metadata.ts";

export class PublishError extends Error {}

export interface PublishResult {
  letter: Letter;
  written: string[];
}

export interface PublishOptions {
  /** The MDTO-XML schema's text; default the project's copy (scripts/archive/mdto/). */
  mdtoSchema?: string;
}

/** Finds a letter by path (relative to the root or absolute), file name, slug or ons kenmerk. */
export function findLetterRef(project: Project, ref: string): Letter {
  const rel = path.relative(project.root, path.resolve(project.root, ref)).split(path.sep).join("/");
  const hit =
    project.letters.find((l) => l.inputPath === rel) ??
    project.letters.find((l) => path.basename(l.inputPath) === ref || l.slug === ref) ??
    project.letters.filter((l) => l.onsKenmerk === ref).at(0);
  if (hit) return hit;
  // A letter with an error in its front matter is not loaded: show the errors, not "not found".
  if (project.diagnostics.errors.length) throw new ProjectError(project.diagnostics);
  throw new PublishError(`Geen brief gevonden voor '${ref}'. Geef het pad (content/…md), de bestandsnaam of het kenmerk.`);
}

/** Sets `status: verzonden` in the letter's front matter, keeping everything else as typed. */
function markSent(file: string): void {
  const text = readFileSync(file, "utf8");
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)!;
  const doc = parseDocument(m[1]!);
  doc.set("status", "verzonden");
  writeFileSync(file, `---\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}---${text.slice(m[0].length)}`);
}

function loadValid(root: string, options: ReadOptions = {}): Project {
  const project = readProject(root, options);
  if (project.diagnostics.errors.length) throw new ProjectError(project.diagnostics);
  return project;
}

function mdtoInput(project: Project, letter: Letter, pdf: ArchivedPdf): MdtoInput {
  return {
    letter,
    organisation: project.organisations.get(letter.organisation)!,
    documentType: project.documentTypes.get(letter.type)!,
    pdf,
    archivedOn: letter.date,
  };
}

/** Both sidecars, validated against the MDTO schema; throws PublishError with the schema's own messages. */
async function validSidecars(input: MdtoInput, schema: string, names: { io: string; bestand: string }): Promise<{ io: string; bestand: string }> {
  let docs;
  try {
    docs = { io: informatieobjectXml(input), bestand: bestandXml(input) };
  } catch (error) {
    if (error instanceof MdtoError) throw new PublishError(`De MDTO-gegevens kunnen niet worden gemaakt: ${error.message}`);
    throw error;
  }
  let verdicts;
  try {
    verdicts = await validateSidecars([{ name: names.io, xml: docs.io }, { name: names.bestand, xml: docs.bestand }], schema);
  } catch (error) {
    if (error instanceof MdtoSchemaError) throw new PublishError(`${error.message} Er is niets gepubliceerd.`);
    throw error;
  }
  const errors = verdicts.flatMap((v) => v.errors);
  if (verdicts.some((v) => !v.valid)) {
    throw new PublishError(
      `De MDTO-gegevens voldoen niet aan het MDTO-XML 1.0.2-schema (${MDTO_SCHEMA_FILE}); er is niets gepubliceerd.\n  ${errors.join("\n  ")}\n` +
        "  Dit is een fout in Raadsbrief of in de gegevens van de brief en organisatie: meld het met deze tekst.",
    );
  }
  return docs;
}

/** The outermost folder of `dir` that does not exist yet (what to remove to undo a mkdir -p). */
function firstMissing(dir: string): string | undefined {
  let missing: string | undefined;
  for (let d = dir; !existsSync(d); d = path.dirname(d)) missing = d;
  return missing;
}

export async function publishLetter(root: string, ref: string, log: (line: string) => void = () => {}, options: PublishOptions = {}): Promise<PublishResult> {
  const schema = options.mdtoSchema ?? readMdtoSchema();
  // A letter marked `verzonden` by hand is an error (RB-NIET-GEPUBLICEERD) for every
  // letter but the one being published: find it first, then check with that in mind.
  const target = findLetterRef(readProject(root), ref).inputPath;
  const readOptions: ReadOptions = { publishing: target };
  let project = loadValid(root, readOptions);
  let letter = findLetterRef(project, target);
  const published = project.manifest.brieven[letter.inputPath];
  if (published) {
    throw new PublishError(`${letter.inputPath} is al gepubliceerd op ${published.gepubliceerd}; het archief wordt nooit overschreven. Een correctie gaat via een erratum (een nieuwe brief met \`corrigeert: ${letter.onsKenmerk}\`).`);
  }
  const sameKenmerk = Object.entries(project.manifest.brieven).find(([, e]) => e.kenmerk === letter.onsKenmerk);
  if (sameKenmerk) {
    throw new PublishError(`Kenmerk ${letter.onsKenmerk} is al gepubliceerd met ${sameKenmerk[0]}; geef ${letter.inputPath} een eigen kenmerk.`);
  }
  const archiveDir = path.posix.join(ARCHIVE_DIR, letter.organisation, letter.date.slice(0, 4), letter.slug);
  if (existsSync(path.join(root, archiveDir))) {
    throw new PublishError(`${archiveDir} bestaat al; er wordt niets overschreven. Controleer archive/ en archive/manifest.json.`);
  }
  const pdfRel = path.posix.join(archiveDir, `${letter.slug}.pdf`);
  const ioRel = path.posix.join(archiveDir, `${letter.slug}.mdto.xml`);
  const bestandRel = path.posix.join(archiveDir, `${letter.slug}.pdf.mdto.xml`);
  const names = { io: path.posix.basename(ioRel), bestand: path.posix.basename(bestandRel) };
  // The PDF claims PDF/A-2B, so its PRONOM format is PDF/A-2b (fmt/477), not plain PDF 1.7.
  const pdfInfo = (bytes: Buffer, pdfVersion: string): ArchivedPdf => ({ fileName: path.posix.basename(pdfRel), bytes: bytes.length, sha256: sha256(bytes), pdfVersion, pdfa: PDFA });

  // Before the first write: the sidecars as they will be, but for the PDF's size and checksum.
  await validSidecars(mdtoInput(project, { ...letter, status: "verzonden" }, pdfInfo(Buffer.alloc(0), "1.7")), schema, names);

  const letterFile = path.join(root, letter.inputPath);
  const originalText = readFileSync(letterFile);
  const frozenFile = frozenPath(project, letter);
  const hadFrozen = existsSync(frozenFile);
  const manifestFile = path.join(root, MANIFEST);
  const originalManifest = existsSync(manifestFile) ? readFileSync(manifestFile) : undefined;
  const newDir = firstMissing(path.join(root, archiveDir))!;
  const tmp = mkdtempSync(path.join(tmpdir(), "raadsbrief-publiceren-"));
  // All or nothing: put back what this publication changed, also when a signal ends
  // the process mid-way (the command exits; its exit handlers run this).
  const undo = () => {
    writeFileSync(letterFile, originalText);
    if (!hadFrozen) rmSync(frozenFile, { force: true });
    rmSync(newDir, { recursive: true, force: true });
    if (originalManifest) writeFileSync(manifestFile, originalManifest);
    else rmSync(manifestFile, { force: true });
    rmSync(`${manifestFile}.tmp`, { force: true });
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    return await allOrNothing(undo, async () => {
      if (letter.status !== "verzonden") {
        markSent(letterFile);
        log(`Status verzonden: ${letter.inputPath}`);
      }
      if (!hadFrozen) {
        freezeLetter(project, letter, letter.date);
        log(`Cijfers bevroren: ${path.relative(root, frozenFile)}`);
      }
      // Checked again as sent: a TODO left in the text now stops the publication.
      project = loadValid(root, readOptions);
      letter = findLetterRef(project, letter.inputPath);

      // The PDF exactly as the build makes it, printed from the page built from the frozen figures.
      const { build } = await import("../pipeline/build.ts");
      await build({ root, outDir: path.join(tmp, "site"), pdfOnly: new Set([letter.inputPath]), publishing: letter.inputPath });
      const pdfSource = path.join(tmp, "site", letter.pdfUrl);
      const pdfBytes = readFileSync(pdfSource);
      const version = /^%PDF-(\d\.\d)/.exec(pdfBytes.subarray(0, 8).toString("latin1"))?.[1];
      if (!version) throw new PublishError("De gemaakte PDF heeft geen geldige PDF-kop.");
      const sidecars = await validSidecars(mdtoInput(project, letter, pdfInfo(pdfBytes, version)), schema, names);
      // The article exactly as the page the PDF was printed from shows it (article.ts).
      const article = articleOf(path.join(tmp, "site"), letter);

      // Only now archive/ is written: everything in it has been made and validated.
      mkdirSync(path.join(root, archiveDir), { recursive: true });
      copyFileSync(pdfSource, path.join(root, pdfRel));
      writeFileSync(path.join(root, ioRel), sidecars.io);
      writeFileSync(path.join(root, bestandRel), sidecars.bestand);
      const articleFiles = writeArticle(root, archiveDir, article);
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
          ...articleFiles,
        ],
      };
      writeManifest(root, { versie: 1, brieven: { ...project.manifest.brieven, [letter.inputPath]: entry } });
      // The archive as published must pass every check a build makes.
      loadValid(root);
      const written = [pdfRel, ioRel, bestandRel, ...articleFiles.map((f) => f.pad), MANIFEST];
      for (const w of written) log(`Gearchiveerd: ${w}`);
      return { letter, written };
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The letter's article in a built site; a failure is Raadsbrief's own (the page is ours). */
function articleOf(siteDir: string, letter: Letter): RenderedArticle {
  try {
    return renderedArticle(siteDir, letter);
  } catch (error) {
    throw new PublishError(`De webpagina van ${letter.inputPath} kan niet worden gearchiveerd: ${error instanceof Error ? error.message : String(error)}. Er is niets gepubliceerd; meld dit met deze tekst.`);
  }
}

/**
 * Writes the article, its stylesheet and its files into the letter's archive folder,
 * each a new file (an existing one is never overwritten: "wx"); returns their manifest
 * lines: artikel, opmaak, then the files by path.
 */
function writeArticle(root: string, archiveDir: string, article: RenderedArticle): ArchivedFile[] {
  const write = (rel: string, bytes: string | Buffer, rol: Role): ArchivedFile => {
    const pad = path.posix.join(archiveDir, rel);
    mkdirSync(path.dirname(path.join(root, pad)), { recursive: true });
    writeFileSync(path.join(root, pad), bytes, { flag: "wx" });
    return describeFile(root, pad, rol);
  };
  return [
    write(ARTICLE_FILE, article.html, "artikel"),
    write(STYLESHEET_FILE, article.stylesheet, "opmaak"),
    ...article.files.map((f) => write(f.rel, f.bytes, "bestand")),
  ];
}

/**
 * `npm run publish -- --artikel <brief>`: for a letter published before articles were
 * archived (RB-ARCHIEF-ZONDER-ARTIKEL), renders its page now, from its frozen figures,
 * and adds the article, stylesheet and files to its archive entry. Nothing already
 * archived changes (the PDF, sidecars, letter and figures stay as they are; new files
 * only); all or nothing, like publishing.
 */
export async function archiveArticle(root: string, ref: string, log: (line: string) => void = () => {}): Promise<PublishResult> {
  const project = loadValid(root);
  const letter = findLetterRef(project, ref);
  const entry = project.manifest.brieven[letter.inputPath];
  if (!entry) throw new PublishError(`${letter.inputPath} is niet gepubliceerd. Publiceer hem met \`npm run publish -- ${letter.inputPath}\`; dat archiveert ook zijn webpagina.`);
  if (hasArchivedArticle(project.manifest, letter.inputPath)) {
    throw new PublishError(`De webpagina van ${letter.inputPath} is al gearchiveerd (${entryFolder(entry)}/${ARTICLE_FILE}); het archief wordt nooit overschreven.`);
  }
  const folder = entryFolder(entry);
  const manifestFile = path.join(root, MANIFEST);
  const originalManifest = readFileSync(manifestFile);
  const tmp = mkdtempSync(path.join(tmpdir(), "raadsbrief-artikel-"));
  const created: string[] = [];
  const undo = () => {
    for (const file of created.reverse()) rmSync(file, { recursive: true, force: true });
    writeFileSync(manifestFile, originalManifest);
    rmSync(`${manifestFile}.tmp`, { force: true });
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    return await allOrNothing(undo, async () => {
      // The page as the build makes it now: from the letter's frozen figures (no PDF is printed).
      const { build } = await import("../pipeline/build.ts");
      await build({ root, outDir: path.join(tmp, "site"), pdf: false });
      const article = articleOf(path.join(tmp, "site"), letter);
      const targets = [ARTICLE_FILE, STYLESHEET_FILE, ...article.files.map((f) => f.rel)].map((rel) => path.join(root, folder, rel));
      const taken = targets.find((t) => existsSync(t));
      if (taken) throw new PublishError(`${path.relative(root, taken)} bestaat al; er wordt niets overschreven. Controleer archive/ en archive/manifest.json.`);
      // What to remove if a later step fails: the new files, and the folders they made.
      for (const t of targets) created.push(firstMissing(path.dirname(t)) ?? t);
      const added = writeArticle(root, folder, article);
      writeManifest(root, { versie: 1, brieven: { ...project.manifest.brieven, [letter.inputPath]: { ...entry, bestanden: [...entry.bestanden, ...added] } } });
      // The archive as it now is must pass every check a build makes.
      loadValid(root);
      const written = [...added.map((f) => f.pad), MANIFEST];
      for (const w of written) log(`Gearchiveerd: ${w}`);
      return { letter, written };
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Runs `work` all or nothing: `undo` puts back what it changed when it fails, and also
 * when a signal ends the process mid-way (the command exits; exit handlers run `undo`).
 */
async function allOrNothing<T>(undo: () => void, work: () => Promise<T>): Promise<T> {
  const undoOnExit = () => {
    try {
      undo();
    } catch {
      // An exit handler must not throw; the check reports what differs from the manifest.
    }
  };
  process.on("exit", undoOnExit);
  try {
    return await work();
  } catch (error) {
    undo();
    throw error;
  } finally {
    process.off("exit", undoOnExit);
  }
}
