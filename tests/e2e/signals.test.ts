// Ctrl+C (SIGINT) and SIGTERM end `npm run build` mid-way, at once: the build exits
// (128 + the signal's number), its temp folder is gone, its Chromium and Chromium's
// profile too, and the previous _site/ is exactly as it was.
import { profileBase } from "../../scripts/pdf/browser.ts";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processTree, copyProject, LETTER_4, ROOT, runCli, tree } from "../helpers.ts";

let dir: string;


const alive = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").length > 0; // a zombie has none
  } catch {
    return false;
  }
};

beforeAll(() => {
  dir = copyProject();
  // With the concepts: the concept letter's PDF is printed (test hook below).
  const first = runCli("scripts/cli/build.ts", ["--met-concepten"], dir);
  expect(first.code, first.stderr).toBe(0);
  // The concept letter changes, so the next build prints its PDF again.
  const file = path.join(dir, LETTER_4);
  writeFileSync(file, readFileSync(file, "utf8").replace("## Vooruitblik", "Een nieuwe zin.\n\n## Vooruitblik"));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each([
  ["SIGTERM", 143],
  ["SIGINT", 130],
] as const)("a build that gets %s while it prints", (signal, expectedCode) => {
  it("ends at once and leaves no temp folder, Chromium or profile; the previous _site/ stays", async () => {
    const site = path.join(dir, "_site");
    const before = tree(site);
    // As `npm run build` runs it. The letter's PDF hangs (test hook), so the build is surely mid-way.
    const child = spawn(process.execPath, [path.join(ROOT, "scripts", "cli", "launch.mjs"), "build", "--met-concepten"], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1", CI: "1", RAADSBRIEF_TEST_PDF_FAULT: `hang:2:${LETTER_4}`, RAADSBRIEF_PDF_TIMEOUT: "120" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c));
    child.stderr.on("data", (c: Buffer) => (output += c));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once("exit", (code, sig) => resolve({ code, signal: sig })));
    // Printing: the PDF line is out and Chromium runs under the build.
    const deadline = Date.now() + 60_000;
    while (!(output.includes("PDF's: ") && processTree(child.pid!).some((p) => /chrom/i.test(p.cmd)))) {
      if (Date.now() > deadline) throw new Error(`The build did not start printing:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const processes = processTree(child.pid!);
    const profiles = () => readdirSync(profileBase()).filter((f) => f.startsWith(`raadsbrief-chromium-${child.pid}-`));
    expect(profiles()).toHaveLength(1);
    expect(readdirSync(dir).filter((f) => f.startsWith("_site.tmp-"))).toEqual([`_site.tmp-${child.pid}`]);

    child.kill(signal);
    // A hard limit on the wait, not a measurement: it must end, and soon.
    const ended = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 5_000))]);
    expect(ended, output).not.toBe("timeout");
    expect(ended, output).toEqual({ code: expectedCode, signal: null });
    expect(output).toContain(`Build afgebroken (${signal === "SIGINT" ? "Ctrl+C" : "SIGTERM"}).`);
    expect(output).not.toMatch(/^\s+at /m);

    expect(readdirSync(dir).filter((f) => f.startsWith("_site."))).toEqual([]);
    // Chromium's helpers may take a moment to follow the browser process; on a busy machine
    // the profile goes a moment after the build (pdf/browser.ts: removeWhenFree, which tries
    // for 10 s; a CI run waited 5 s once and found it still there).
    for (let i = 0; i < 150 && (profiles().length > 0 || processes.some((p) => alive(p.pid))); i++) await new Promise((r) => setTimeout(r, 100));
    expect(profiles()).toEqual([]);
    expect(processes.filter((p) => alive(p.pid)).map((p) => `${p.pid} ${p.cmd.slice(0, 80)}`)).toEqual([]);
    expect(tree(site)).toEqual(before);
  });
});
