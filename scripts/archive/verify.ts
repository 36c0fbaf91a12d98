// The archive's invariants, checked by every `npm run check`, build and publish
// (readProject): what archive/ holds is exactly what the manifest lists, byte for
// byte (the letter, its figures, PDF, sidecars, and its article with stylesheet and
// files); the PDF's MDTO sidecar records the PDF's own size and checksum; every sent
// or frozen letter is in the archive and every archived letter is still in content/;
// no two letters share an ons kenmerk. Each breach is an RB- error on the file to fix.
// A letter published before articles were archived is a warning (RB-ARCHIEF-ZONDER-ARTIKEL).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Diagnostics } from "../model/diagnostics.ts";
import type { Letter } from "../model/types.ts";
import { ARCHIVE_DIR, MANIFEST, readManifest, sha256, type ArchiveEntry, type Manifest } from "./manifest.ts";

const RESTORE = "Zet het terug uit versiebeheer (git checkout -- <bestand>).";

/** Every file (and link) under archive/, relative to the root with forward slashes. */
function archiveFiles(root: string): string[] {
  const dir = path.join(root, ARCHIVE_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/**
 * Reads the manifest and checks archive/ against it. Returns the manifest, and whether
 * it could be used: a broken manifest is one error, not one per letter or file.
 */
export function checkArchive(root: string, diags: Diagnostics): { manifest: Manifest; usable: boolean } {
  const read = readManifest(root);
  const files = archiveFiles(root).filter((f) => f !== MANIFEST);
  if (read.state === "broken") {
    diags.error({
      code: "RB-ARCHIEF-MANIFEST",
      file: MANIFEST,
      ...(read.problem.line ? { line: read.problem.line, column: read.problem.column ?? 1 } : {}),
      message: read.problem.message,
      hint: "Herstel archive/manifest.json uit versiebeheer (git checkout -- archive/manifest.json); bewerk het nooit met de hand: alleen `npm run publish` schrijft het.",
    });
    if (read.text !== undefined) diags.sources.set(MANIFEST, read.text);
    return { manifest: read.manifest, usable: false };
  }
  if (read.state === "absent") {
    if (files.length === 0) return { manifest: read.manifest, usable: true };
    diags.error({
      code: "RB-ARCHIEF-MANIFEST",
      file: MANIFEST,
      message: `archive/manifest.json ontbreekt, maar archive/ bevat ${files.length} gearchiveerde bestanden (bijvoorbeeld ${files[0]}).`,
      hint: "Zet het manifest terug uit versiebeheer (git checkout -- archive/manifest.json). Zonder manifest is niet te controleren of een gepubliceerde brief ongewijzigd is.",
    });
    return { manifest: read.manifest, usable: false };
  }
  diags.sources.set(MANIFEST, read.text);
  const hashes = verifyFiles(root, read.manifest, diags);
  checkUnlisted(read.manifest, files, diags);
  for (const [letter, entry] of Object.entries(read.manifest.brieven)) checkSidecarChecksum(root, letter, entry, hashes, diags);
  return { manifest: read.manifest, usable: true };
}

/** Size and SHA-256 of every listed file; returns the hashes it computed (by path). */
function verifyFiles(root: string, manifest: Manifest, diags: Diagnostics): Map<string, { bytes: number; sha256: string }> {
  const seen = new Map<string, { bytes: number; sha256: string }>();
  for (const [letter, entry] of Object.entries(manifest.brieven)) {
    for (const f of entry.bestanden) {
      const full = path.join(root, f.pad);
      if (!existsSync(full) || !statSync(full).isFile()) {
        // The letter itself gone is reported once, on its manifest entry (checkLetters).
        if (f.pad === letter) continue;
        diags.error({
          code: "RB-ARCHIEF-ONTBREEKT",
          file: f.pad,
          message: `Dit gearchiveerde bestand van ${letter} (kenmerk ${entry.kenmerk}) ontbreekt.`,
          hint: `${RESTORE} Een gepubliceerde brief wordt nooit verwijderd.`,
        });
        continue;
      }
      const bytes = readFileSync(full);
      const actual = { bytes: bytes.length, sha256: sha256(bytes) };
      seen.set(f.pad, actual);
      if (actual.bytes !== f.bytes || actual.sha256 !== f.sha256) {
        diags.error({
          code: "RB-ARCHIEF-GEWIJZIGD",
          file: f.pad,
          message: `Dit bestand hoort bij de gepubliceerde brief ${letter} (kenmerk ${entry.kenmerk}), maar is gewijzigd sinds de publicatie op ${entry.gepubliceerd} (${actual.bytes} bytes, verwacht ${f.bytes}; SHA-256 klopt niet).`,
          hint: "Een verzonden brief verandert nooit. Zet het bestand terug (git checkout -- <bestand>) en maak voor een correctie een erratum: een nieuwe brief met `corrigeert:`.",
        });
      }
    }
  }
  return seen;
}

/** archive/ holds only what the manifest lists: nothing slipped in beside a publication. */
function checkUnlisted(manifest: Manifest, files: string[], diags: Diagnostics): void {
  const listed = new Set(Object.values(manifest.brieven).flatMap((e) => e.bestanden.map((f) => f.pad)));
  for (const file of files) {
    if (listed.has(file)) continue;
    diags.error({
      code: "RB-ARCHIEF-ONBEKEND-BESTAND",
      file,
      message: "Dit bestand staat in archive/, maar niet in het archiefmanifest (archive/manifest.json): het hoort bij geen gepubliceerde brief.",
      hint: "In archive/ komt alleen wat `npm run publish` schrijft. Haal het bestand weg (of zet archive/ terug met git checkout -- archive/ en git clean -n archive/ om te zien wat er nieuw is).",
    });
  }
}

/** The value of one element in our own sidecar layout, with its line. */
function element(xml: string, name: string): { value: string; line: number; column: number } | undefined {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  if (!m) return undefined;
  const before = xml.slice(0, m.index).split("\n");
  return { value: m[1]!.trim(), line: before.length, column: before.at(-1)!.length + name.length + 3 };
}

/** The PDF's sidecar must record the size and checksum the manifest and the PDF itself have. */
function checkSidecarChecksum(root: string, letter: string, entry: ArchiveEntry, hashes: Map<string, { bytes: number; sha256: string }>, diags: Diagnostics): void {
  const pdf = entry.bestanden.find((f) => f.rol === "pdf")!;
  const sidecar = entry.bestanden.find((f) => f.rol === "mdto-bestand")!;
  const full = path.join(root, sidecar.pad);
  if (!hashes.has(sidecar.pad)) return; // missing: reported already
  const xml = readFileSync(full, "utf8");
  const checksum = element(xml, "checksumWaarde");
  const size = element(xml, "omvang");
  const actual = hashes.get(pdf.pad);
  const wrong: string[] = [];
  if (!checksum || checksum.value.toLowerCase() !== pdf.sha256 || (actual && checksum.value.toLowerCase() !== actual.sha256)) {
    wrong.push(`SHA-256 ${checksum?.value || "(geen)"}, maar de PDF heeft ${actual?.sha256 ?? pdf.sha256}${actual && actual.sha256 !== pdf.sha256 ? ` en het manifest ${pdf.sha256}` : ""}`);
  }
  if (!size || size.value !== String(pdf.bytes) || (actual && size.value !== String(actual.bytes))) {
    wrong.push(`omvang ${size?.value || "(geen)"} bytes, maar de PDF heeft ${actual?.bytes ?? pdf.bytes} bytes`);
  }
  if (wrong.length === 0) return;
  diags.sources.set(sidecar.pad, xml);
  const at = (checksum && wrong[0]!.startsWith("SHA") ? checksum : size) ?? checksum;
  diags.error({
    code: "RB-ARCHIEF-MDTO-CHECKSUM",
    file: sidecar.pad,
    ...(at ? { line: at.line, column: at.column } : {}),
    message: `De MDTO-gegevens van de PDF van ${letter} (kenmerk ${entry.kenmerk}) kloppen niet met de PDF: ${wrong.join("; ")}.`,
    hint: `De PDF of zijn MDTO-bestand is na de publicatie veranderd. Zet beide terug uit versiebeheer (git checkout -- ${path.posix.dirname(pdf.pad)}/ ${MANIFEST}); een correctie gaat via een erratum.`,
  });
}

/** Where a top-level front-matter field's value starts in a letter's source (1-based). */
function fieldAt(source: string | undefined, field: string): { line: number; column: number } | Record<string, never> {
  const lines = (source ?? "").split("\n");
  const index = lines.findIndex((l, i) => i > 0 && new RegExp(`^${field}\\s*:`).test(l));
  if (index < 0) return {};
  const m = new RegExp(`^${field}\\s*:\\s*`).exec(lines[index]!)!;
  return { line: index + 1, column: m[0].length + 1 };
}

export interface LetterChecks {
  letters: Letter[];
  manifest: Manifest;
  /** False when the manifest was unusable: its one error says it all. */
  manifestUsable: boolean;
  /** Input paths of letters with frozen figures beside them. */
  frozen: ReadonlySet<string>;
  /** The letter `npm run publish` is publishing right now: not yet in the manifest, and rightly so. */
  publishing?: string;
  diagnostics: Diagnostics;
}

/** Sent and frozen letters are archived; archived letters still exist; kenmerken are unique. */
export function checkLetters(c: LetterChecks): void {
  const diags = c.diagnostics;
  if (c.manifestUsable) {
    for (const letter of c.letters) {
      if (c.manifest.brieven[letter.inputPath] || letter.inputPath === c.publishing) continue;
      const frozen = c.frozen.has(letter.inputPath);
      if (letter.status !== "verzonden" && !frozen) continue;
      diags.error({
        code: "RB-NIET-GEPUBLICEERD",
        file: letter.inputPath,
        ...fieldAt(diags.sources.get(letter.inputPath), "status"),
        message:
          letter.status === "verzonden"
            ? `Deze brief is verzonden, maar staat niet in het archief (archive/manifest.json)${frozen ? "" : ": zijn cijfers zijn niet bevroren en een latere wijziging in data/ zou de brief veranderen"}.`
            : "Deze brief heeft bevroren cijfers, maar staat niet in het archief (archive/manifest.json).",
        hint: `Publiceer hem met \`npm run publish -- ${letter.inputPath}\`: dat zet de status op verzonden, bevriest de cijfers en zet de PDF met MDTO-gegevens in archive/.${letter.status === "verzonden" ? "" : " Is hij nog een concept, haal dan het bestand met bevroren cijfers weg."}`,
      });
    }
    const present = new Set(c.letters.map((l) => l.inputPath));
    for (const [letter, entry] of Object.entries(c.manifest.brieven)) {
      if (present.has(letter)) {
        checkArticleArchived(letter, entry, diags);
        continue;
      }
      diags.error({
        code: "RB-ARCHIEF-BRIEF-ONTBREEKT",
        file: MANIFEST,
        ...manifestKeyAt(diags.sources.get(MANIFEST), letter),
        message: `Het archief bevat de gepubliceerde brief ${letter} (kenmerk ${entry.kenmerk}), maar die staat niet meer onder content/.`,
        hint: `Een gepubliceerde brief wordt nooit verplaatst of verwijderd. Zet hem terug (git checkout -- ${letter}); een correctie gaat via een erratum.`,
      });
    }
  }
  checkKenmerken(c.letters, diags);
}

/**
 * A letter published before articles were archived (article.ts): its page is still
 * rendered from today's templates and organisation data, so it could change. One
 * command adds the article, once.
 */
function checkArticleArchived(letter: string, entry: ArchiveEntry, diags: Diagnostics): void {
  if (entry.bestanden.some((f) => f.rol === "artikel")) return;
  diags.warning({
    code: "RB-ARCHIEF-ZONDER-ARTIKEL",
    file: letter,
    ...fieldAt(diags.sources.get(letter), "status"),
    message: `Deze brief is gepubliceerd op ${entry.gepubliceerd} (kenmerk ${entry.kenmerk}), maar zijn webpagina is niet gearchiveerd: de pagina wordt nog gemaakt uit de huidige sjablonen en gegevens van de organisatie (ondertekenaars, adres, logo) en kan dus nog veranderen.`,
    hint: `Archiveer de pagina eenmalig met \`npm run publish -- --artikel ${letter}\` en zet archive/ in versiebeheer. De PDF, de MDTO-gegevens en de brief blijven zoals ze zijn.`,
  });
}

function manifestKeyAt(source: string | undefined, key: string): { line: number; column: number } | Record<string, never> {
  const index = (source ?? "").split("\n").findIndex((l) => l.trimStart().startsWith(`${JSON.stringify(key)}:`));
  return index < 0 ? {} : { line: index + 1, column: 5 };
}

/** Two letters with one ons kenmerk: the archive (and MDTO) identify a letter by it. */
function checkKenmerken(letters: Letter[], diags: Diagnostics): void {
  const byKenmerk = new Map<string, Letter[]>();
  for (const letter of letters) {
    const kenmerk = String(letter.onsKenmerk ?? "").trim();
    // A new letter's placeholder is not a kenmerk yet (RB-TODO-IN-VERZONDEN guards sending it).
    if (kenmerk === "" || /\bTODO\b/.test(kenmerk)) continue;
    byKenmerk.set(kenmerk, [...(byKenmerk.get(kenmerk) ?? []), letter]);
  }
  for (const [kenmerk, same] of byKenmerk) {
    if (same.length < 2) continue;
    for (const letter of same) {
      const others = same.filter((l) => l !== letter).map((l) => l.inputPath);
      diags.error({
        code: "RB-DUBBEL-KENMERK",
        file: letter.inputPath,
        ...fieldAt(diags.sources.get(letter.inputPath), "ons_kenmerk"),
        message: `Ons kenmerk '${kenmerk}' staat ook in ${others.join(", ")}. Het archief en de MDTO-gegevens herkennen een brief aan zijn kenmerk.`,
        hint: "Geef elke brief zijn eigen kenmerk (uit het zaaksysteem). Een erratum krijgt een nieuw kenmerk en noemt het oude bij `corrigeert:`.",
      });
    }
  }
}
