// Every temporary file of a test run — the tests' project copies and sites, the
// builds' temp folders, Chromium's profiles — goes into one folder of this run
// (TMPDIR, which os.tmpdir() and Chromium follow, is inherited by the test workers
// and every process they start), removed when the run ends, whatever a test left.
// Tests still remove their own folders as they go; this is the net under them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), "raadsbrief-tests-"));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
}
