// `npm start` end to end: the live preview of a copy of the sample project serves
// the letters with live reload, rebuilds on edits to a letter and to data/, prints
// a letter's PDF on request, survives a typo, and stops without leaving Chromium behind.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyProject, edit, LETTER_2, LETTER_4, ROOT, run } from "../helpers.ts";

const LETTER_2_URL = "/brieven/2015/09/2e-voortgangsrapportage-investeringsplan/";
const LETTER_2_SUBJECT = "2e Voortgangsrapportage Investeringsplan meerjarenbeleidskader Werk en Wederkerigheid";
const LETTER_4_URL = "/brieven/2015/11/4e-voortgangsrapportage-investeringsplan/";
const LETTER_4_PDF = `${LETTER_4_URL}4e-voortgangsrapportage-investeringsplan.pdf`;
const SERIES = "data/reeksen/bijstandsvolume.yaml";
/** Emmen, October 2015: the last month of the concept letter's table. */
const OCTOBER = "2015-10: { waarde: 3497, illustratief: true }";

let dir: string;
let child: ChildProcess;
let output = "";
let exited: Promise<number | null>;
let base: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns something truthy; fails with the preview's output. */
async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}.\nPreview output:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Visible text: tags become spaces, runs of white space (incl. no-break spaces) one space. */
const text = (s: string) => s.replace(/<[^>]+>/g, " ").replace(/&nbsp;/g, " ").replace(/&amp;/g, "&").replace(/\s+/g, " ");
/** The Dutch-formatted count as a number of its own, not part of a longer one. */
const count = (formatted: string) => new RegExp(`(?<![\\d.,])${formatted.replace(".", "\\.")}(?![\\d,])`);

interface Response {
  status: number;
  type: string | undefined;
  body: Buffer;
}

/**
 * GET as a browser navigating does. Not fetch(): it always sends "Sec-Fetch-Mode: cors",
 * and the dev server adds its reload script only to navigations.
 */
function get(url: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(url, base), { headers: { "sec-fetch-mode": "navigate" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

async function page(url: string): Promise<string> {
  const res = await get(url);
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
  return res.body.toString("utf8");
}

/** Every process below `pid`, from /proc (the preview runs tsx → node → Chromium and its helpers). */
function descendants(pid: number): { pid: number; cmd: string }[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // exited meanwhile
    }
  }
  const out: { pid: number; cmd: string }[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent) {
      if (pp !== p) continue;
      let cmd = "";
      try {
        cmd = readFileSync(`/proc/${c}/cmdline`, "utf8").replace(/\0/g, " ");
      } catch {
        continue;
      }
      out.push({ pid: c, cmd });
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    // A zombie has no command line left: it is gone as far as we are concerned.
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").length > 0;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  dir = copyProject();
  const port = await freePort();
  // Exactly what `npm start` runs, with the tool's binaries, in the project copy.
  const start = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts.start as string;
  // ("exec" lets npm's SIGTERM reach the preview instead of only the shell in between.)
  const [bin, script, ...args] = start.replace(/^exec /, "").split(" ");
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
  delete env.PORT;
  const binary = bin === "node" ? process.execPath : path.join(ROOT, "node_modules", ".bin", bin!);
  child = spawn(binary, [path.join(ROOT, script!), ...args, "--poort", String(port)], {
    cwd: dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  const started = Date.now();
  base = await waitFor("the URL line", () => output.match(/^Voorbeeld op (http:\/\/localhost:\d+\/) — wijzigingen in content\/, data\/ en templates\/ worden direct getoond\. Stop met Ctrl\+C\.$/m)?.[1], 90_000);
  expect(base).toBe(`http://localhost:${port}/`);
  console.log(`preview: server up after ${Date.now() - started} ms`);
});

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) {
    for (const p of descendants(child.pid!)) process.kill(p.pid, "SIGKILL");
    child.kill("SIGKILL");
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("serves a letter page with Eleventy's live-reload client", async () => {
    const html = await page(LETTER_2_URL);
    expect(text(html)).toContain(LETTER_2_SUBJECT);
    expect(html).toMatch(/<script type="module"[^>]* src="\/\.11ty\/reload-client\.js"><\/script>/);
    const client = await get("/.11ty/reload-client.js");
    expect(client.status).toBe(200);
    expect(client.type).toMatch(/javascript/);
    expect(client.body.toString("utf8")).toContain("eleventy.reload");
  });

  it("shows an edited sentence of a letter within seconds", async () => {
    // The concept letter: the published ones may not change (their files are checked against archive/).
    const before = "De tabel vergelijkt de huidige stand met januari, voor Emmen en voor Nederland.";
    const after = "De tabel zet de stand van nu naast die van januari.";
    expect(text(await page(LETTER_4_URL))).toContain(before);
    const t = Date.now();
    edit(path.join(dir, LETTER_4), before, after);
    const html = await waitFor("the new sentence", async () => {
      const h = await page(LETTER_4_URL);
      return text(h).includes(after) && h;
    });
    console.log(`preview: letter edit visible after ${Date.now() - t} ms`);
    expect(text(html)).not.toContain(before);
  });

  it("rebuilds the concept letter with new figures from data/", async () => {
    const html = text(await page(LETTER_4_URL));
    expect(html).toMatch(count("3.497"));
    expect(html).not.toMatch(count("3.481"));
    const t = Date.now();
    edit(path.join(dir, SERIES), OCTOBER, OCTOBER.replace("3497", "3481"));
    const updated = await waitFor("the new figure", async () => {
      const h = text(await page(LETTER_4_URL));
      return count("3.481").test(h) && h;
    });
    console.log(`preview: data edit visible after ${Date.now() - t} ms`);
    expect(updated).not.toMatch(count("3.497"));
  });

  it("adds a new letter as soon as its file is saved", async () => {
    const url = "/brieven/2015/12/5e-voortgangsrapportage-investeringsplan/";
    expect((await get(url)).status).toBe(404);
    const next = readFileSync(path.join(dir, LETTER_4), "utf8")
      .replace(/^datum: 2015-11-24$/m, "datum: 2015-12-22")
      .replace(/^  volgnummer: 4$/m, "  volgnummer: 5")
      .replace(/^ons_kenmerk: 15\.079952$/m, "ons_kenmerk: 15.089999")
      .replace(/^onderwerp: 4e /m, "onderwerp: 5e ");
    writeFileSync(path.join(dir, LETTER_4.replace("2015-11-24-4e", "2015-12-22-5e")), next);
    const html = await waitFor("the new letter's page", async () => {
      const res = await get(url);
      return res.status === 200 && res.body.toString("utf8");
    });
    expect(text(html)).toContain("5e Voortgangsrapportage Investeringsplan");
  });

  it("reports a typo in data/ in Dutch, keeps serving, and recovers once it is fixed", async () => {
    const file = path.join(dir, SERIES);
    const good = readFileSync(file, "utf8");
    writeFileSync(file, good.replace("waarde: 3481,", "waarde: 3.481,"));
    await waitFor("the diagnostic", () => /bijstandsvolume\.yaml:\d+:\d+: fout \[RB-DUIZENDTALLEN\]/.test(output));
    expect(output).toContain("Het voorbeeld wordt bijgewerkt zodra de fout is opgelost.");
    // The last good page stays; the PDF is refused with a short Dutch message, not a stack trace.
    expect(text(await page(LETTER_4_URL))).toMatch(count("3.481"));
    const refused = await get(LETTER_4_PDF);
    expect(refused.status).toBe(500);
    expect(refused.type).toBe("text/plain; charset=utf-8");
    const message = refused.body.toString("utf8");
    expect(message).toContain(LETTER_4_PDF);
    expect(message).toContain("de invoer bevat fouten");
    expect(message).not.toMatch(/\bat .*\.ts:\d+/);

    const marker = output.length;
    writeFileSync(file, good);
    await waitFor("the rebuild after the fix", () => /Bijgewerkt in/.test(output.slice(marker)));
  });

  it("prints the concept letter's PDF on request, with the new figure", async () => {
    const t = Date.now();
    const res = await get(LETTER_4_PDF);
    const ms = Date.now() - t;
    expect(res.status).toBe(200);
    expect(res.type).toBe("application/pdf");
    const body = res.body;
    expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "raadsbrief-voorbeeld-")), "brief.pdf");
    writeFileSync(file, body);
    const pdfText = run("pdftotext", [file, "-"]).replace(/\u00a0/g, " ");
    expect(pdfText).toMatch(count("3.481"));
    expect(pdfText).not.toMatch(count("3.497"));
    expect(run("pdfinfo", [file])).toMatch(/^Title:\s+4e Voortgangsrapportage Investeringsplan/m);
    rmSync(path.dirname(file), { recursive: true, force: true });
    console.log(`preview: PDF on request (first, with browser start) in ${ms} ms`);
  });

  it("stops on SIGTERM within seconds, leaving no Chromium behind", async () => {
    const before = descendants(child.pid!);
    // The PDF above started Chromium under the preview; otherwise this test proves nothing.
    expect(before.filter((p) => /chrom/i.test(p.cmd)).length).toBeGreaterThan(0);
    const t = Date.now();
    child.kill("SIGTERM");
    const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 10_000))]);
    expect(code, output).not.toBe("timeout");
    console.log(`preview: stopped ${Date.now() - t} ms after SIGTERM (exit ${code})`);
    expect(code).toBe(0);
    expect(output).toContain("Voorbeeld wordt gestopt…");
    // Chromium's helpers may take a moment to follow the browser process.
    await waitFor("all child processes to end", () => before.every((p) => !alive(p.pid)), 5_000).catch(() => {});
    expect(before.filter((p) => alive(p.pid)).map((p) => `${p.pid} ${p.cmd.slice(0, 80)}`)).toEqual([]);
  });
});
