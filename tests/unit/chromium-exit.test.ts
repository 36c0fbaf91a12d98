// A build that exits while Chromium is still starting (a signal in the first moments of
// printing, on a busy machine) takes Chromium and its profile with it: Puppeteer has not
// handed over the browser yet, so the exit handler (pdf/browser.ts) finds Chromium by
// the profile its command line names.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { profileBase } from "../../scripts/pdf/browser.ts";
import { ROOT } from "../helpers.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "raadsbrief-start-"));
});
let profile: string | undefined;
afterEach(() => {
  // Should the test fail: nothing of it left behind.
  if (profile) for (const line of mentioning(profile)) process.kill(Number(line.split(" ")[0]), "SIGKILL");
  if (profile) rmSync(profile, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

/** Processes whose command line names `text`, as "pid command". */
function mentioning(text: string): string[] {
  return readdirSync("/proc").filter((e) => /^\d+$/.test(e)).flatMap((e) => {
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, "utf8");
      return cmd.includes(text) ? [`${e} ${cmd.replace(/\0/g, " ").slice(0, 80)}`] : [];
    } catch {
      return [];
    }
  });
}

// The moment Chromium runs below it (for WAIT=helper: once a helper outside its process
// group writes into its profile), the child stops Chromium (SIGSTOP: a Chromium too busy
// to notice its pipe close) and exits, as the build's signal handler does, long before
// Puppeteer's launch() resolves.
const SCRIPT = `
import { Chromium } from ${JSON.stringify(path.join(ROOT, "scripts/pdf/browser.ts"))};
import { descendants } from ${JSON.stringify(path.join(ROOT, "scripts/util/processes.ts"))};
import { readFileSync } from "node:fs";
const chromium = new Chromium();
const cmdline = (pid) => { try { return readFileSync("/proc/" + pid + "/cmdline", "utf8"); } catch { return ""; } };
const timer = setInterval(() => {
  const below = descendants(process.pid);
  const browser = below.find((pid) => cmdline(pid).includes("--user-data-dir="));
  const helper = below.find((pid) => cmdline(pid).includes("raadsbrief-chromium-") && !cmdline(pid).includes("--user-data-dir="));
  if (browser && (process.env.WAIT !== "helper" || helper)) {
    process.kill(browser, "SIGSTOP");
    console.log(/--user-data-dir=([^\\0]+)/.exec(cmdline(browser))[1]);
    process.exit(143);
  }
}, 1);
chromium.get().then(() => { clearInterval(timer); console.log("launched"); return chromium.close(); });
`;

async function exitWhileStarting(env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c));
  child.stderr.on("data", (c: Buffer) => (output += c));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  expect(code, output).toBe(143);
  // Chromium's profile, as its command line named it.
  profile = output.trim();
  expect(profile).toMatch(new RegExp(`^${profileBase()}/raadsbrief-chromium-${child.pid}-\\w{6}$`));
  // Gone at once, or within the ten seconds the detached remover (util/processes.ts) tries.
  for (let i = 0; i < 120 && (existsSync(profile) || mentioning(profile).length > 0); i++) await new Promise((r) => setTimeout(r, 100));
  expect(mentioning(profile)).toEqual([]);
  expect(existsSync(profile)).toBe(false);
}

it("ends Chromium and removes its profile when the process exits before the launch is done", async () => {
  await exitWhileStarting({});
}, 30_000);

it("also ends a helper of that Chromium outside its process group, which writes into the profile", async () => {
  // A stand-in for Chromium (as its crash handler does, a helper in a session of its own
  // writes into the profile); it never answers Puppeteer, so launch() never resolves.
  // Puppeteer's own exit hook kills the browser's process group only.
  const fake = path.join(dir, "chromium");
  writeFileSync(
    fake,
    [
      "#!/bin/sh",
      'for a in "$@"; do case "$a" in --user-data-dir=*) profile="${a#--user-data-dir=}";; esac; done',
      `setsid sh -c 'while :; do mkdir -p "$0/Default"; sleep 0.02; done' "$profile" &`,
      "while :; do sleep 1; done",
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  await exitWhileStarting({ PUPPETEER_EXECUTABLE_PATH: fake, WAIT: "helper" });
}, 30_000);
