// Addresses earlier builds published keep working (README, "Oude adressen").
//
// Until the site served several organisations, a letter lived at
// /brieven/<jaar>/<maand>/<naam>/ with its PDF and files in that folder, and each
// month had a listing at /brieven/<jaar>/<maand>/. Now a letter lives at
// /<organisatie>/<jaar>/<maand>/<naam>/ (model/urls.ts). The choice: the letter is
// served at its new address (a published letter's archived article byte for byte,
// as before), and its old address gets
//
// - a redirect page (index.html: <meta http-equiv="refresh">, a link, rel=canonical;
//   no script, so the Content-Security-Policy holds), made by Eleventy
//   (templates/pages/doorverwijzing.njk from `redirects` below), and
// - every other file of the letter's folder (PDF, opmaak.css, bestanden/, the
//   downloads) as a hard link to the same bytes: a PDF cannot redirect, and a link
//   to it in a mail or an archive must keep giving the same file (linkLegacyFiles).
//
// A letter whose old address is also another letter's (two organisations, one name,
// one month) never had one: it only came into being under the new scheme.
import { copyFileSync, linkSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { Project } from "../model/load.ts";
import type { Letter, LetterSummary } from "../model/types.ts";
import { LEGACY_SCHEME, selectionUrl } from "../model/urls.ts";
import { formatMonthYear } from "../format/nl.ts";
import { letterSummaries } from "./site-data.ts";

export interface Redirect {
  /** The old address (a folder: the page is its index.html). */
  from: string;
  /** Where it went. */
  to: string;
  /** What the reader finds there. */
  title: string;
}

/** The old address of each letter that had one (no other letter shares it). */
export function legacyLetterUrls(letters: readonly Pick<LetterSummary, "date" | "slug" | "url">[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const l of letters) count.set(LEGACY_SCHEME.letter(l.date, l.slug), (count.get(LEGACY_SCHEME.letter(l.date, l.slug)) ?? 0) + 1);
  return new Map(letters.filter((l) => count.get(LEGACY_SCHEME.letter(l.date, l.slug)) === 1).map((l) => [l.url, LEGACY_SCHEME.letter(l.date, l.slug)]));
}

/** The redirect pages: each letter's old page, and each month's old listing (to its month on the year page). */
export function redirects(project: Project): Redirect[] {
  const letters = letterSummaries(project);
  const old = legacyLetterUrls(letters);
  const out: Redirect[] = letters.flatMap((l) => (old.has(l.url) ? [{ from: old.get(l.url)!, to: l.url, title: l.title }] : []));
  const months = [...new Set(letters.map((l) => l.date.slice(0, 7)))].sort();
  for (const month of months) {
    const [year, mm] = month.split("-") as [string, string];
    out.push({ from: LEGACY_SCHEME.month(year, mm), to: `${selectionUrl({ year })}#maand-${month}`, title: `Brieven ${formatMonthYear(month)}` });
  }
  return out;
}

/**
 * Puts every file of these letters' folders but the page itself into their old
 * folders, as hard links (copies where a link is impossible). Runs on the build's
 * temporary folder after the PDFs are in; a file there already (kept from the
 * previous build) is replaced, never written through.
 */
export function linkLegacyFiles(siteDir: string, letters: readonly Letter[], all: readonly Letter[]): void {
  const old = legacyLetterUrls(all);
  // Each folder made once, and a target removed only when one is there: in a cold build
  // none is, and the mkdir and rm per file were most of this step, on the way to the
  // end of the build (~80 ms at 120 letters; README, Performance).
  const made = new Set<string>();
  for (const letter of letters) {
    const from = old.get(letter.url);
    if (!from) continue;
    const source = path.join(siteDir, letter.url);
    for (const entry of readdirSync(source, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const rel = path.relative(source, path.join(entry.parentPath, entry.name));
      if (rel === "index.html") continue;
      const target = path.join(siteDir, from, rel);
      const folder = path.dirname(target);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      linkOrCopy(path.join(source, rel), target);
    }
  }
}

/** A hard link at `target` (a file there is replaced, never written through), or a copy where no link can be made. */
function linkOrCopy(source: string, target: string): void {
  try {
    linkSync(source, target);
    return;
  } catch {
    // EEXIST (a kept file, itself a link into the last build: removed, not overwritten), or no link possible.
    rmSync(target, { force: true });
  }
  try {
    linkSync(source, target);
  } catch {
    copyFileSync(source, target);
  }
}
