// The classic pipeline, measured in the same benchmark run on the same machine, so the
// ratio means something: WeasyPrint printing the very pages our build made (one Python
// process for all of them), and pandoc + WeasyPrint per letter from its Markdown (one
// process per letter, as a script around pandoc would run it). Both are Debian packages
// (`apt-get install weasyprint pandoc`); when they are missing the benchmark says so.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface PeerRun {
  /** What was measured, in Dutch, for the table. */
  label: string;
  /** How many letters (pages) it printed. */
  letters: number;
  /** Wall-clock seconds for those letters. */
  seconds: number;
  /** Milliseconds a letter. */
  msPerLetter: number;
}

export type PeerResult = { ok: true; run: PeerRun } | { ok: false; label: string; reason: string };

/** Is the command on the PATH (and does it start)? */
function has(command: string, args: string[]): boolean {
  const r = spawnSync(command, args, { stdio: "ignore", timeout: 30_000 });
  return !r.error && r.status === 0;
}

/** A Python that has WeasyPrint: Debian's (/usr/bin/python3) when another python3 comes first on the PATH. */
function weasyPython(): string | undefined {
  return ["python3", "/usr/bin/python3"].find((py) => has(py, ["-c", "import weasyprint"]));
}

/** Runs a process to its end; rejects with its output when it fails. */
function runProcess(command: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} stopte met code ${code}: ${err.trim().slice(-500)}`))));
    child.stdin.end(input ?? "");
  });
}

// The site's links are root-relative ("/assets/css/…"): the fetcher maps them into the
// built site folder, as a web server would. Relative links already resolve inside it.
const WEASYPRINT_SCRIPT = `
import json, sys, time
from weasyprint import HTML, default_url_fetcher
job = json.load(sys.stdin)
site = job["site"]
def fetch(url, *args, **kwargs):
    if url.startswith("file://") and not url.startswith("file://" + site + "/"):
        url = "file://" + site + url[len("file://"):]
    return default_url_fetcher(url, *args, **kwargs)
start = time.perf_counter()
for page, out in job["pages"]:
    HTML(filename=page, url_fetcher=fetch).write_pdf(out)
print(json.dumps({"seconds": time.perf_counter() - start}))
`;

/** WeasyPrint printing the built letter pages (index.html files under siteDir) in one process. */
export async function weasyprintPages(siteDir: string, pages: readonly string[]): Promise<PeerResult> {
  const label = `WeasyPrint, één proces, dezelfde ${pages.length} gebouwde pagina's`;
  const python = weasyPython();
  if (!python) return { ok: false, label, reason: "WeasyPrint is niet geïnstalleerd (apt-get install weasyprint)" };
  const out = mkdtempSync(path.join(os.tmpdir(), "raadsbrief-peer-"));
  try {
    const job = { site: path.resolve(siteDir), pages: pages.map((p, i) => [path.resolve(siteDir, p), path.join(out, `${i}.pdf`)]) };
    const started = performance.now();
    await runProcess(python, ["-c", WEASYPRINT_SCRIPT], JSON.stringify(job));
    const seconds = (performance.now() - started) / 1000; // interpreter and imports included, as our build's start-up is
    for (const [, pdf] of job.pages) if (!(statSync(pdf!).size > 0)) throw new Error(`WeasyPrint maakte geen PDF voor ${pdf}`);
    return { ok: true, run: { label, letters: pages.length, seconds, msPerLetter: (seconds * 1000) / pages.length } };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** pandoc + WeasyPrint per letter: Markdown straight to PDF, one pandoc process a letter. */
export async function pandocPerLetter(root: string, letterFiles: readonly string[]): Promise<PeerResult> {
  const label = `pandoc + WeasyPrint per brief (${letterFiles.length} brieven)`;
  if (!has("pandoc", ["--version"])) return { ok: false, label, reason: "pandoc is niet geïnstalleerd (apt-get install pandoc)" };
  if (!has("weasyprint", ["--version"])) return { ok: false, label, reason: "WeasyPrint is niet geïnstalleerd (apt-get install weasyprint)" };
  const out = mkdtempSync(path.join(os.tmpdir(), "raadsbrief-peer-"));
  try {
    const started = performance.now();
    for (const [i, file] of letterFiles.entries()) {
      // The front matter is pandoc's YAML metadata block; the subject becomes the title.
      await runProcess("pandoc", [path.resolve(root, file), "--from", "markdown", "--standalone", "--metadata", "lang=nl", "--pdf-engine=weasyprint", "-o", path.join(out, `${i}.pdf`)]);
    }
    const seconds = (performance.now() - started) / 1000;
    return { ok: true, run: { label, letters: letterFiles.length, seconds, msPerLetter: (seconds * 1000) / letterFiles.length } };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
