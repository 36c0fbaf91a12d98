// A published letter's article, frozen whole: at publication the HTML of its
// <article class="brief"> as the site rendered it (figures and inline SVG charts
// included), its own stylesheet (opmaak.css) and every file the article refers to
// (the organisation's logo, narrative images and files, all under bestanden/) go into
// archive/ beside the PDF, listed in the manifest (roles artikel, opmaak, bestand).
// From then on the site wraps that archived article, byte for byte, in today's page
// and serves the archived stylesheet and files at the letter's address: a later
// change to data/, an organisation, the templates or the code changes nothing the
// letter shows (templates/layouts/document.njk says what lies inside and outside).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Letter } from "../model/types.ts";
import { filesUnder } from "../util/files.ts";
import type { ArchiveEntry, Manifest } from "./manifest.ts";

/** Names in the letter's archive folder, and in its folder on the site. */
export const ARTICLE_FILE = "artikel.html";
export const STYLESHEET_FILE = "opmaak.css";
export const FILES_FOLDER = "bestanden";

const OPEN = /<article\b/g;
const CLOSE = /<\/article>/g;

/**
 * The letter's <article class="brief">…</article> in a built page, exactly as written.
 * Every text in a page is escaped, so a "<article" in it is a tag: counting them finds
 * the element's end. Throws when the page has no such article, or more than one.
 */
export function extractArticle(page: string): string {
  const start = page.indexOf('<article class="brief"');
  if (start < 0 || page.indexOf('<article class="brief"', start + 1) >= 0) throw new Error("de pagina heeft niet precies één <article class=\"brief\">");
  const tags = [
    ...[...page.matchAll(OPEN)].filter((m) => m.index >= start).map((m) => ({ at: m.index, depth: 1 })),
    ...[...page.matchAll(CLOSE)].filter((m) => m.index >= start).map((m) => ({ at: m.index, depth: -1 })),
  ].sort((a, b) => a.at - b.at);
  let depth = 0;
  for (const tag of tags) {
    depth += tag.depth;
    if (depth === 0) return page.slice(start, tag.at + "</article>".length);
  }
  throw new Error("het <article class=\"brief\"> van de pagina wordt niet gesloten");
}

const REFERENCE = /\s(href|src|xlink:href|srcset|poster|data|action)\s*=\s*"([^"]*)"/gi;
const SITE_INDEPENDENT = /^(?:#|\/|[a-z][a-z0-9+.-]*:)/i;

/**
 * The letter's own files the article refers to (relative to the letter's folder,
 * without fragment). Throws for a reference that would make the article depend on
 * today's site for what it shows: an image, or any reference, that is not one of the
 * letter's own files under bestanden/. Links to other pages (/…, https:, #…) may stay.
 */
export function articleFiles(article: string): Set<string> {
  const own = new Set<string>();
  for (const m of article.matchAll(REFERENCE)) {
    const attribute = m[1]!.toLowerCase();
    const value = m[2]!.replace(/&amp;/g, "&").trim();
    const relative = value !== "" && !SITE_INDEPENDENT.test(value);
    if (attribute !== "href" && attribute !== "xlink:href" && !relative) {
      throw new Error(`het artikel laadt '${value}' (${attribute}) van buiten de eigen map van de brief`);
    }
    if (!relative) continue;
    const file = value.replace(/[#?].*$/, "");
    if (!file.startsWith(`${FILES_FOLDER}/`) || file.split("/").some((p) => p === "" || p === "." || p === "..")) {
      throw new Error(`het artikel verwijst naar '${value}', dat niet in de map ${FILES_FOLDER}/ van de brief ligt`);
    }
    own.add(decodeURIComponent(file));
  }
  return own;
}

/** What a published letter's article is made of, as the build wrote it for that letter. */
export interface RenderedArticle {
  html: string;
  stylesheet: Buffer;
  /** Relative to the letter's folder ("bestanden/logo/emmen.svg"), sorted, with their bytes. */
  files: { rel: string; bytes: Buffer }[];
}

/**
 * The article, stylesheet and files of a letter in a built site. Every file under the
 * letter's bestanden/ is the letter's own (the build puts nothing else there), and each
 * must be one the article refers to, and the other way round.
 */
export function renderedArticle(siteDir: string, letter: Letter): RenderedArticle {
  const folder = path.join(siteDir, letter.url);
  const html = extractArticle(readFileSync(path.join(folder, "index.html"), "utf8"));
  const referred = articleFiles(html);
  const present = filesUnder(path.join(folder, FILES_FOLDER)).map((f) => path.relative(folder, f).split(path.sep).join("/"));
  const missing = [...referred].filter((f) => !present.includes(f));
  if (missing.length) throw new Error(`het artikel verwijst naar ${missing.join(", ")}, maar dat staat niet bij de pagina`);
  return {
    html,
    stylesheet: readFileSync(path.join(folder, STYLESHEET_FILE)),
    files: present.filter((f) => referred.has(f)).map((rel) => ({ rel, bytes: readFileSync(path.join(folder, rel)) })),
  };
}

/** A published letter's archived article: its HTML, and where its stylesheet and files are. */
export interface ArchivedArticle {
  html: string;
  /** The archived opmaak.css (absolute path). */
  stylesheet: string;
  /** Each archived file (absolute path) and where it goes, relative to the letter's folder. */
  files: { source: string; rel: string }[];
}

/** The folder of a letter's archive entry: where its PDF is. */
export function entryFolder(entry: ArchiveEntry): string {
  return path.posix.dirname(entry.bestanden.find((f) => f.rol === "pdf")!.pad);
}

/** Whether a published letter's article is in the archive. */
export function hasArchivedArticle(manifest: Manifest, inputPath: string): boolean {
  return manifest.brieven[inputPath]?.bestanden.some((f) => f.rol === "artikel") ?? false;
}

/**
 * The archived article of a published letter, or undefined for a letter published
 * before articles were archived (its page is rendered from its frozen figures until
 * `npm run publish -- --artikel` adds it). The archive was verified when it was read.
 */
export function archivedArticle(root: string, manifest: Manifest, inputPath: string): ArchivedArticle | undefined {
  const entry = manifest.brieven[inputPath];
  const article = entry?.bestanden.find((f) => f.rol === "artikel");
  const stylesheet = entry?.bestanden.find((f) => f.rol === "opmaak");
  if (!entry || !article || !stylesheet || !existsSync(path.join(root, article.pad))) return undefined;
  const folder = entryFolder(entry);
  return {
    html: readFileSync(path.join(root, article.pad), "utf8"),
    stylesheet: path.join(root, stylesheet.pad),
    files: entry.bestanden.filter((f) => f.rol === "bestand").map((f) => ({ source: path.join(root, f.pad), rel: path.posix.relative(folder, f.pad) })),
  };
}
