// Whose temp folders are whose: a process that is gone leaves folders the next start
// removes (Chromium profiles named after the pid that made them); a running one's stay.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { profileBase, removeStaleProfiles } from "../../scripts/pdf/browser.ts";
import { descendants, isRunning, killTreeNow } from "../../scripts/util/processes.ts";

/** Above Linux's pid_max (2^22): never a running process. */
const DEAD = 2 ** 22 + 7;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "raadsbrief-profielen-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("isRunning", () => {
  it("knows this process, a gone one, and one of another user (EPERM) as running", () => {
    expect(isRunning(process.pid)).toBe(true);
    expect(isRunning(DEAD)).toBe(false);
    expect(isRunning(1)).toBe(true); // init: another owner for a normal user, running for root
    expect(isRunning(0)).toBe(false);
  });
});

describe("profileBase", () => {
  it("keeps Chromium's profile in the temp folder unless its socket path would not fit a Unix socket address", () => {
    const saved = process.env.TMPDIR;
    try {
      process.env.TMPDIR = "/tmp/kort";
      expect(profileBase()).toBe("/tmp/kort");
      // 60 characters: <tmp>/raadsbrief-chromium-<pid>-XXXXXX/tmp/.org.chromium.Chromium.XXXXXX/SingletonSocket > 107 bytes.
      process.env.TMPDIR = `/tmp/${"a".repeat(55)}`;
      expect(profileBase()).toBe("/tmp");
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});

describe("removeStaleProfiles", () => {
  it("removes profiles of gone processes only, and nothing that is not a profile of ours", () => {
    for (const name of [`raadsbrief-chromium-${DEAD}-aB3dE6`, `raadsbrief-chromium-${process.pid}-Zz9yX8`, "raadsbrief-chromium-Qw3rTy", `raadsbrief-chromium-${DEAD}-te-lang`, "iets-anders"]) {
      mkdirSync(path.join(dir, name));
    }
    removeStaleProfiles(dir);
    expect(readdirSync(dir).sort()).toEqual([`raadsbrief-chromium-${DEAD}-te-lang`, `raadsbrief-chromium-${process.pid}-Zz9yX8`, "iets-anders", "raadsbrief-chromium-Qw3rTy"].sort());
  });
});

describe("killTreeNow", () => {
  it("kills a process and what it started, and waits until they are gone", async () => {
    const child = spawn("sh", ["-c", "sleep 60 & sleep 60 & wait"], { detached: true, stdio: "ignore" });
    await new Promise((r) => setTimeout(r, 200));
    const below = descendants(child.pid!);
    expect(below.length).toBe(2);
    killTreeNow(child.pid!);
    expect([child.pid!, ...below].filter(isRunning)).toEqual([]);
  });
});
