// The PDF cache: a letter's PDF is printed again only when something it is made
// from changed. An entry is keyed by the letter's rendered page, its PDF metadata,
// the public site address (links), the site's assets/ as a whole (the build's salt:
// a tab takes CSS, fonts and logos from its cache unseen), the PDF code and the
// browser; it records every other file the tab loaded with its hash, and is used
// only when all of those are unchanged. Printing is deterministic
// (metadata.ts), so a cached PDF is byte for byte the PDF a cold build makes.
//
// Safe to delete at any time: a missing, partial or damaged entry is a miss (a
// cached PDF must still have the size and date it was written with).

import { createHash, randomBytes } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hashTree, sha256 } from "../util/files.ts";
import type { LayoutFault } from "./layout-faults.ts";
import type { PrintJob } from "./print.ts";

const PDF_DIR = path.dirname(fileURLToPath(import.meta.url));
const TOOL_DIR = path.resolve(PDF_DIR, "../..");

// Module-level: the hash of this process's own PDF code and packages, the same for every build.
let codeVersion: string | undefined;

/**
 * Version of everything that turns a page into PDF bytes: our PDF code (hashed,
 * so no one has to remember to bump a number) and the libraries it uses.
 */
export function pdfCodeVersion(): string {
  if (codeVersion) return codeVersion;
  const hash = hashTree(createHash("sha256"), PDF_DIR);
  for (const pkg of ["pdf-lib", "puppeteer-core", "pdfjs-dist"]) {
    const json = JSON.parse(readFileSync(path.join(TOOL_DIR, "node_modules", pkg, "package.json"), "utf8")) as { version: string };
    hash.update(`${pkg}@${json.version}\0`);
  }
  // The finishing step's streams are deflated by Node's zlib (stream-bytes.ts).
  hash.update(`zlib@${process.versions.zlib}\0`);
  codeVersion = hash.digest("hex");
  return codeVersion;
}

interface Entry {
  /** Site files the page loaded (besides the page itself), site-relative, with their SHA-256. */
  files: Record<string, string>;
  pdfSha256: string;
  /** Size and date of the cached PDF as written: a PDF changed or cut short since is not used. */
  pdfBytes: number;
  pdfMtimeMs: number;
  /** What the layout audit found in this PDF (audit.ts): it depends on the PDF's bytes only. */
  faults: LayoutFault[];
}

export interface PdfCacheOptions {
  /** Folder of the cache entries, e.g. <root>/.cache/raadsbrief/pdf. */
  dir: string;
  /** The built site the pages are printed from. */
  siteDir: string;
  /** Everything else the bytes depend on: public site address, browser identity. */
  salt: string;
}

export class PdfCache {
  private readonly fileHashes = new Map<string, Promise<string | undefined>>();
  private readonly used = new Set<string>();
  hits = 0;
  stored = 0;

  constructor(private readonly options: PdfCacheOptions) {}

  /** Hash of a site file, read once per build (the site does not change while printing). */
  private fileHash(rel: string): Promise<string | undefined> {
    let h = this.fileHashes.get(rel);
    if (!h) {
      h = readFile(path.join(this.options.siteDir, rel)).then(sha256, () => undefined);
      this.fileHashes.set(rel, h);
    }
    return h;
  }

  private async key(job: PrintJob): Promise<string | undefined> {
    const page = await this.fileHash(path.posix.join(job.urlPath, "index.html"));
    if (!page) return undefined;
    return sha256(JSON.stringify([pdfCodeVersion(), this.options.salt, job.urlPath, job.meta, page]));
  }

  /**
   * Copies the cached PDF to job.outFile when it is still valid and returns what the
   * layout audit found in it; undefined on any miss.
   */
  async restore(job: PrintJob): Promise<LayoutFault[] | undefined> {
    const key = await this.key(job);
    if (!key) return undefined;
    this.used.add(key);
    try {
      const entry = JSON.parse(await readFile(path.join(this.options.dir, `${key}.json`), "utf8")) as Entry;
      if (!Array.isArray(entry.faults)) return undefined;
      for (const [rel, hash] of Object.entries(entry.files)) {
        if ((await this.fileHash(rel)) !== hash) return undefined;
      }
      // Size and date, not a hash: reading and hashing every cached PDF would cost
      // more than the rest of an unchanged build (1,200 letters: 420 MB).
      const file = path.join(this.options.dir, `${key}.pdf`);
      const st = await stat(file);
      if (st.size !== entry.pdfBytes || st.mtimeMs !== entry.pdfMtimeMs) return undefined;
      await mkdir(path.dirname(job.outFile), { recursive: true });
      await copyFile(file, job.outFile);
      this.hits++;
      return entry.faults;
    } catch {
      return undefined; // no entry, or a damaged one: print it
    }
  }

  /** Keeps the PDF just printed at job.outFile, with the files its page loaded. Failures only cost speed. */
  async store(job: PrintJob, loaded: readonly string[], faults: readonly LayoutFault[]): Promise<void> {
    const key = await this.key(job);
    if (!key) return;
    this.used.add(key);
    const page = path.posix.join(job.urlPath, "index.html");
    const files: Record<string, string> = {};
    for (const rel of [...new Set(loaded)].sort()) {
      if (rel === page) continue;
      const hash = await this.fileHash(rel);
      if (!hash) return; // a file that vanished: do not cache what cannot be checked
      files[rel] = hash;
    }
    const dir = this.options.dir;
    const tmp = (name: string) => path.join(dir, `.${name}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    try {
      await mkdir(dir, { recursive: true });
      // The PDF first, then the entry that points to it; both atomically.
      const pdf = await readFile(job.outFile);
      const pdfTmp = tmp(`${key}.pdf`);
      await writeFile(pdfTmp, pdf);
      const st = await stat(pdfTmp);
      await rename(pdfTmp, path.join(dir, `${key}.pdf`));
      const entry: Entry = { files, pdfSha256: sha256(pdf), pdfBytes: st.size, pdfMtimeMs: st.mtimeMs, faults: [...faults] };
      const jsonTmp = tmp(`${key}.json`);
      await writeFile(jsonTmp, `${JSON.stringify(entry)}\n`);
      await rename(jsonTmp, path.join(dir, `${key}.json`));
      this.stored++;
    } catch {
      // Disk full or read-only: the build is fine, only the next one is slower.
    }
  }

  /**
   * Removes what this build did not use: earlier versions of the letters and temp
   * files of killed builds. Keeps the cache the size of one site's PDFs.
   */
  async prune(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.options.dir);
    } catch {
      return;
    }
    const unused = names.filter((n) => !this.used.has(n.replace(/\.(pdf|json)$/, "")));
    await Promise.all(unused.map((n) => rm(path.join(this.options.dir, n), { force: true }).catch(() => {})));
  }
}

/**
 * The layout audit of a PDF that is not printed (an archived one), kept by the PDF's
 * SHA-256 and the PDF code's version: its result depends on nothing else.
 */
export async function auditCached(dir: string | undefined, pdfFile: string, sha: string | undefined): Promise<LayoutFault[]> {
  const key = sha ? sha256(`${pdfCodeVersion()}\0${sha}`) : undefined;
  const file = key && dir ? path.join(dir, `${key}.json`) : undefined;
  if (file) {
    try {
      const cached = JSON.parse(await readFile(file, "utf8")) as unknown;
      if (Array.isArray(cached)) return cached as LayoutFault[];
    } catch {
      // not cached yet, or damaged: audit it
    }
  }
  const { auditPdf } = await import("./audit.ts");
  const faults = await auditPdf(new Uint8Array(await readFile(pdfFile)));
  if (file && dir) {
    try {
      await mkdir(dir, { recursive: true });
      const tmp = path.join(dir, `.${key}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
      await writeFile(tmp, `${JSON.stringify(faults)}\n`);
      await rename(tmp, file);
    } catch {
      // only the next build is slower
    }
  }
  return faults;
}
