// Whether a process still runs: temp folders and Chromium profiles carry the pid
// of the process that made them, and are removed once it is gone.
import { readFileSync } from "node:fs";

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
