// `npm start` end to end: the live preview of a copy of the sample project listens
// on this computer only, serves the last good build with a reload script (a file, not
// inline), tells open pages to reload after every build, rebuilds on edits to a
// letter and to data/, shows a broken YAML file's diagnostics on every page until it
// is fixed, prints a letter's PDF on request, answers hostile addresses with 400/404
// without serving anything outside the site (symbolic links included) and without
// dying, and stops on SIGTERM leaving no build, Chromium or temp folder behind.
import { profileBase } from "../../scripts/pdf/browser.ts";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processTree, copyProject, edit, LETTER_2, LETTER_4, ROOT, run } from "../helpers.ts";

const LETTER_2_URL = "/emmen/2015/09/2e-voortgangsrapportage-investeringsplan/";
const LETTER_2_SUBJECT = "2e Voortgangsrapportage Investeringsplan meerjarenbeleidskader Werk en Wederkerigheid";
const LETTER_4_URL = "/emmen/2015/11/4e-voortgangsrapportage-investeringsplan/";
const LETTER_4_PDF = `${LETTER_4_URL}4e-voortgangsrapportage-investeringsplan.pdf`;
const SERIES = "data/reeksen/bijstandsvolume.yaml";
/** Emmen, October 2015: the last month of the concept letter's table. */
const OCTOBER = "2015-10: { waarde: 3497, illustratief: true }";

let dir: string;
let child: ChildProcess;
let output = "";
let exited: Promise<number | null>;
let base: string;
let port: number;

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
async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
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
const text = (s: string) => s.replace(/<[^>]+>/g, " ").replace(/&nbsp;/g, " ").replace(/&amp;/g, "&").replace(/&gt;/g, ">").replace(/\s+/g, " ");
/** The Dutch-formatted count as a number of its own, not part of a longer one. */
const count = (formatted: string) => new RegExp(`(?<![\\d.,])${formatted.replace(".", "\\.")}(?![\\d,])`);

interface Response {
  status: number;
  type: string | undefined;
  body: Buffer;
}

function get(url: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(url, base), (res) => {
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

/** A request line exactly as given (an HTTP client would normalise or refuse it); the status and body. */
function raw(requestTarget: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(Buffer.concat([Buffer.from("GET "), Buffer.from(requestTarget, "latin1"), Buffer.from(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")]));
    });
    let data = "";
    socket.on("data", (c: Buffer) => (data += c.toString("latin1")));
    socket.on("end", () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0), body: data.slice(data.indexOf("\r\n\r\n") + 4) }));
    socket.on("error", reject);
  });
}

/** The preview's event stream: the versions it announces, as they come. */
function events(): { versions: string[]; close(): void } {
  const versions: string[] = [];
  const req = http.get(new URL("/__voorbeeld/gebeurtenissen", base), (res) => {
    let buffer = "";
    res.on("data", (c: Buffer) => {
      buffer += c.toString("utf8");
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^event: versie$/m.test(block)) versions.push(/^data: (.*)$/m.exec(block)![1]!);
      }
    });
  });
  req.on("error", () => {});
  return { versions, close: () => req.destroy() };
}


function alive(pid: number): boolean {
  try {
    // A zombie has no command line left: it is gone as far as we are concerned.
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").length > 0;
  } catch {
    return false;
  }
}

/** Local addresses the preview's port listens on, from /proc/net/tcp and tcp6 (hex, as the kernel writes them). */
function listeningAddresses(p: number): string[] {
  const hexPort = p.toString(16).toUpperCase().padStart(4, "0");
  return ["/proc/net/tcp", "/proc/net/tcp6"].flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[1]?.endsWith(`:${hexPort}`) && cols[3] === "0A")
      .map((cols) => cols[1]!.split(":")[0]!),
  );
}

beforeAll(async () => {
  dir = copyProject();
  port = await freePort();
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
  base = await waitFor("the URL line", () => output.match(/^Voorbeeld op (http:\/\/localhost:\d+\/) — wijzigingen in content\/, data\/ en templates\/ worden direct getoond\. Stop met Ctrl\+C\.$/m)?.[1], 120_000);
  expect(base).toBe(`http://localhost:${port}/`);
  console.log(`preview: server up after ${Date.now() - started} ms`);
});

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) {
    for (const p of processTree(child.pid!)) process.kill(p.pid, "SIGKILL");
    child.kill("SIGKILL");
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("listens on this computer only (127.0.0.1), not on the network", async () => {
    // 0100007F is 127.0.0.1 as /proc/net/tcp writes it; 00000000 would be every interface.
    expect(listeningAddresses(port)).toEqual(["0100007F"]);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
    if (external) {
      const refused = await new Promise<string>((resolve) => {
        const socket = net.connect(port, external, () => {
          socket.destroy();
          resolve("connected");
        });
        socket.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
      });
      expect(refused).toBe("ECONNREFUSED");
    }
  });

  it("serves a letter page with the reload script as a file of its own (no inline script)", async () => {
    const html = await page(LETTER_2_URL);
    expect(text(html)).toContain(LETTER_2_SUBJECT);
    expect(html).toMatch(/<script src="\/__voorbeeld\/herladen\.js\?versie=\d+" defer><\/script>/);
    // Every script in the page is loaded from a file: a Content-Security-Policy script-src 'self' allows them.
    expect(html.match(/<script\b[^>]*>/g)!.every((tag) => / src="\//.test(tag))).toBe(true);
    const client = await get("/__voorbeeld/herladen.js?versie=1");
    expect(client.status).toBe(200);
    expect(client.type).toMatch(/javascript/);
    expect(client.body.toString("utf8")).toContain('new EventSource("/__voorbeeld/gebeurtenissen")');
  });

  it("answers malformed and traversing addresses with 400 or 404, serves nothing outside the site, and keeps running", async () => {
    const hostile = [
      "/%",
      "/%zz",
      "/..%2f..%2f",
      "/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
      "/%2e%2e/",
      "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/../../../../../etc/passwd",
      "/%00",
      "/index.html%00.pdf",
      "/\0",
      "/brieven/..%5c..%5c..%5cetc%5cpasswd",
      "//etc/passwd",
      "http://elders.example/etc/passwd",
    ];
    for (const target of hostile) {
      const r = await raw(target);
      expect([400, 404], `${JSON.stringify(target)} → ${r.status}`).toContain(r.status);
      expect(r.body, target).not.toContain("root:");
    }
    expect(child.exitCode).toBe(null);
    expect(text(await page(LETTER_2_URL))).toContain(LETTER_2_SUBJECT);
  });

  it("never follows a symbolic link out of the built site", async () => {
    const site = path.join(dir, ".cache", "voorbeeld");
    symlinkSync("/etc/passwd", path.join(site, "wachtwoorden.txt"));
    symlinkSync("/etc", path.join(site, "systeem"));
    for (const url of ["/wachtwoorden.txt", "/systeem/passwd", "/systeem/"]) {
      const r = await get(url);
      expect(r.status, url).toBe(404);
      expect(r.body.toString("utf8"), url).not.toContain("root:");
    }
    rmSync(path.join(site, "wachtwoorden.txt"));
    rmSync(path.join(site, "systeem"));
  });

  it("shows an edited sentence of a letter, and tells open pages to reload", async () => {
    // The concept letter: the published ones may not change (their files are checked against archive/).
    const before = "De tabel vergelijkt de huidige stand met januari, voor Emmen en voor Nederland.";
    const after = "De tabel zet de stand van nu naast die van januari.";
    expect(text(await page(LETTER_4_URL))).toContain(before);
    const stream = events();
    try {
      const first = await waitFor("the version on connecting", () => stream.versions[0]);
      const t = Date.now();
      edit(path.join(dir, LETTER_4), before, after);
      const next = await waitFor("a reload event after the edit", () => stream.versions.find((v) => v !== first));
      expect(Number(next)).toBeGreaterThan(Number(first));
      const html = await page(LETTER_4_URL);
      console.log(`preview: letter edit visible after ${Date.now() - t} ms`);
      expect(text(html)).toContain(after);
      expect(text(html)).not.toContain(before);
      expect(html).toContain(`herladen.js?versie=${next}"`);
    } finally {
      stream.close();
    }
  });

  it("shows the concept letters, each with its CONCEPT banner, and the published ones without", async () => {
    const concept = await page(LETTER_4_URL);
    expect(concept).toMatch(/<div class="utrecht-alert utrecht-alert--warning melding-concept" role="note">.*<strong>CONCEPT<\/strong> – dit document is nog niet verzonden\./);
    expect(concept).toContain('<div class="concept-watermerk" aria-hidden="true">CONCEPT</div>');
    const published = await page("/emmen/2015/09/2e-voortgangsrapportage-investeringsplan/");
    expect(published).not.toContain("melding-concept");
    expect(published).not.toContain("concept-watermerk");
    // The home page lists them too (the public site does not: concepts.test.ts).
    expect(await page("/")).toContain(`href="${LETTER_4_URL}"`);
  });

  it("rebuilds the concept letter with new figures from data/", async () => {
    const html = text(await page(LETTER_4_URL));
    expect(html).toMatch(count("3.497"));
    expect(html).not.toMatch(count("3.481"));
    edit(path.join(dir, SERIES), OCTOBER, OCTOBER.replace("3497", "3481"));
    const updated = await waitFor("the new figure", async () => {
      const h = text(await page(LETTER_4_URL));
      return count("3.481").test(h) && h;
    });
    expect(updated).not.toMatch(count("3.497"));
  });

  it("adds a new letter as soon as its file is saved", async () => {
    const url = "/emmen/2015/12/5e-voortgangsrapportage-investeringsplan/";
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

  it("shows a broken YAML file's diagnostic on every page, keeps serving, and shows the pages again once it is fixed", async () => {
    const file = path.join(dir, SERIES);
    const good = readFileSync(file, "utf8");
    // A YAML syntax error: a flow mapping that is never closed.
    writeFileSync(file, good.replace("2015-10: { waarde: 3481, illustratief: true }", "2015-10: { waarde: 3481, illustratief: true"));
    const broken = await waitFor("the error page", async () => {
      const res = await get(LETTER_4_URL);
      return res.status === 500 && res;
    });
    expect(broken.type).toBe("text/html; charset=utf-8");
    const errorHtml = broken.body.toString("utf8");
    // The build's own report: file:line:column, the code, the code frame, and what to do.
    expect(text(errorHtml)).toMatch(/data\/reeksen\/bijstandsvolume\.yaml:\d+:\d+: fout \[RB-YAML-[A-Z-]+\]/);
    expect(errorHtml).toMatch(/^ {2}&gt; \d+ \| /m); // the code frame's marked line
    expect(text(errorHtml)).toContain("Er is niets gebouwd.");
    expect(errorHtml).toMatch(/<script src="\/__voorbeeld\/herladen\.js\?versie=\d+" defer><\/script>/);
    expect(errorHtml).not.toMatch(/\bat .*\.(?:ts|js|mjs):\d+/);
    // Every page, the home page too; stylesheets and the like still come from the last good build.
    expect((await get("/")).status).toBe(500);
    expect((await get(LETTER_2_URL)).body.toString("utf8")).toContain("bijstandsvolume.yaml");
    expect((await get("/assets/css/raadsbrief.css")).status).toBe(200);
    expect(output).toContain("Het voorbeeld wordt bijgewerkt zodra de fout is opgelost");
    // The PDF is refused with a short Dutch message, not a stack trace.
    const refused = await get(LETTER_4_PDF);
    expect(refused.status).toBe(500);
    expect(refused.type).toBe("text/plain; charset=utf-8");
    const message = refused.body.toString("utf8");
    expect(message).toContain(LETTER_4_PDF);
    expect(message).toContain("de invoer bevat fouten");
    expect(message).not.toMatch(/\bat .*\.ts:\d+/);

    writeFileSync(file, good);
    const html = await waitFor("the page after the fix", async () => {
      const res = await get(LETTER_4_URL);
      return res.status === 200 && res.body.toString("utf8");
    });
    expect(text(html)).toMatch(count("3.481"));
  });

  it("prints the concept letter's PDF on request, with the new figure", async () => {
    const t = Date.now();
    const res = await get(LETTER_4_PDF);
    const ms = Date.now() - t;
    expect(res.status, res.body.toString("utf8").slice(0, 300)).toBe(200);
    expect(res.type).toBe("application/pdf");
    const body = res.body;
    expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "raadsbrief-voorbeeld-")), "brief.pdf");
    writeFileSync(file, body);
    const pdfText = run("pdftotext", [file, "-"]).replace(/\u00a0/g, " ");
    expect(pdfText).toMatch(count("3.481"));
    expect(pdfText).not.toMatch(count("3.497"));
    expect(run("pdfinfo", [file])).toMatch(/^Title:\s+4e Voortgangsrapportage Investeringsplan/m);
    // A concept's PDF: the watermark on every page.
    const pages = Number(run("pdfinfo", [file]).match(/^Pages:\s+(\d+)$/m)![1]);
    for (let p = 1; p <= pages; p++) expect(run("pdftotext", ["-raw", "-f", String(p), "-l", String(p), file, "-"])).toMatch(/^CONCEPT$/m);
    rmSync(path.dirname(file), { recursive: true, force: true });
    console.log(`preview: PDF on request (first, with browser start) in ${ms} ms`);
  });

  it("stops on SIGTERM, leaving no build, Chromium, profile or temp folder behind", async () => {
    const before = processTree(child.pid!);
    // The PDF above started Chromium under the preview; otherwise this test proves nothing.
    expect(before.filter((p) => /chrom/i.test(p.cmd)).length).toBeGreaterThan(0);
    const profiles = () => readdirSync(profileBase()).filter((f) => f.startsWith(`raadsbrief-chromium-${child.pid}-`));
    expect(profiles().length).toBe(1);
    // A build running when the signal comes must end too: start one.
    writeFileSync(path.join(dir, LETTER_2), readFileSync(path.join(dir, LETTER_2)));
    await waitFor("a build to start", () => processTree(child.pid!).some((p) => p.cmd.includes("launch.mjs build")), 10_000);
    const building = processTree(child.pid!);
    child.kill("SIGTERM");
    // A hard limit on the wait, not a performance assertion: it must end, and soon.
    const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 5_000))]);
    expect(code, output).not.toBe("timeout");
    expect(code).toBe(0);
    expect(output).toContain("Voorbeeld wordt gestopt…");
    // Chromium's helpers may take a moment to follow the browser process.
    await waitFor("all child processes to end", () => [...before, ...building].every((p) => !alive(p.pid)), 5_000).catch(() => {});
    expect([...before, ...building].filter((p) => alive(p.pid)).map((p) => `${p.pid} ${p.cmd.slice(0, 80)}`)).toEqual([]);
    expect(profiles()).toEqual([]);
    expect(readdirSync(path.join(dir, ".cache")).filter((f) => /^voorbeeld\.(?:tmp|oud)-/.test(f))).toEqual([]);
    expect(existsSync(path.join(dir, ".cache", "voorbeeld", "index.html"))).toBe(true);
  });

  it("with --host, listens on that address and warns that the network can see it", async () => {
    const other = await freePort();
    const shown = spawn(process.execPath, [path.join(ROOT, "scripts", "cli", "launch.mjs"), "serve", "--poort", String(other), "--host", "0.0.0.0"], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let said = "";
    shown.stdout!.on("data", (d) => (said += d));
    shown.stderr!.on("data", (d) => (said += d));
    const ended = new Promise((resolve) => shown.once("exit", resolve));
    try {
      await waitFor("the warning", () => /^Let op: het voorbeeld luistert op 0\.0\.0\.0, dus ook andere computers in het netwerk kunnen het openen/m.test(said), 120_000);
      expect(said).toContain(`Voorbeeld op http://0.0.0.0:${other}/`);
      expect(listeningAddresses(other)).toEqual(["00000000"]);
    } finally {
      shown.kill("SIGTERM");
      await ended;
    }
  });
});
