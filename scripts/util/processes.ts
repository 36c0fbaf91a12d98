// Whether a process still runs: temp folders and Chromium profiles carry the pid
// of the process that made them, and are removed once it is gone.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  // A killed process stays a zombie until its parent reaps it; in containers that can
  // take a while. Linux shows it as state "Z" in /proc/<pid>/stat.
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/** Processes below `pid` (Linux: from /proc; elsewhere none). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** Processes whose command line holds `text` (Linux: from /proc; elsewhere none). */
function mentioning(text: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  return entries.filter((e) => {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) return false;
    try {
      return readFileSync(`/proc/${e}/cmdline`, "utf8").includes(text);
    } catch {
      return false;
    }
  }).map(Number);
}

/**
 * Kills a process, its process group and everything below it, and (alsoMentioning)
 * the processes whose command line names a folder of its own, with their groups and
 * what is below them: Chromium's crash handler leaves the tree, and a Chromium whose
 * launch has not finished has no pid known to us yet (its command line names its
 * profile). Then waits (blocking, at most `waitMs`) until they are gone: for exit
 * handlers, which cannot wait otherwise, and must not remove a folder the processes
 * still write into.
 */
export function killTreeNow(pid: number | undefined, options: { waitMs?: number; alsoMentioning?: string } = {}): void {
  const roots = [...(pid ? [pid] : []), ...(options.alsoMentioning ? mentioning(options.alsoMentioning) : [])];
  const pids = [...new Set(roots.flatMap((root) => [root, ...descendants(root)]))];
  for (const root of roots) {
    try {
      process.kill(-root, "SIGKILL");
    } catch {
      // not a group leader, or gone
    }
  }
  for (const p of pids) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // gone
    }
  }
  waitGone(pids, options.waitMs ?? 1000);
}

/** Kills the processes whose command line names `text` (a folder of ours) and waits for them, at most `waitMs`. */
export function killMentioning(text: string, waitMs: number): void {
  const pids = mentioning(text);
  for (const p of pids) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // gone
    }
  }
  waitGone(pids, waitMs);
}

function waitGone(pids: number[], waitMs: number): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + waitMs;
  while (pids.some((p) => p !== process.pid && isRunning(p)) && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 10);
}

/**
 * Removes a folder from a small process of its own, which outlives this one: for an
 * exit handler whose folder is still being written by processes that are dying.
 * It tries for ten seconds at most.
 */
export function removeWhenFree(dir: string): void {
  const script =
    "const fs=require('fs');const dir=process.argv[1];const end=Date.now()+10000;" +
    "(function again(){try{fs.rmSync(dir,{recursive:true,force:true})}catch{if(Date.now()<end)setTimeout(again,100)}})()";
  try {
    spawn(process.execPath, ["-e", script, dir], { detached: true, stdio: "ignore" }).unref();
  } catch {
    // Left for the next start (pdf/browser.ts removeStaleProfiles).
  }
}
