// CPU time by thread and of child processes, for the build's timings (`--tijden`, read
// by `npm run bench`): where the cores' time went, per stage. Linux only (/proc, see
// proc(5)); elsewhere undefined, and the bench shows "–".
import { readFileSync } from "node:fs";
import { descendants } from "./processes.ts";

// Clock ticks per second of /proc's times: 100 on every Linux Node supports (sysconf(_SC_CLK_TCK)).
const TICKS = 100;

/** Fields of a /proc stat line after the command name, which may itself hold spaces and parentheses. */
function statFields(file: string): string[] | undefined {
  try {
    const stat = readFileSync(file, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) of the calling thread: the main thread or a worker. */
export function threadCpuSeconds(): number | undefined {
  const f = statFields("/proc/thread-self/stat");
  return f ? (Number(f[11]) + Number(f[12])) / TICKS : undefined;
}

/**
 * CPU seconds of a process and all its descendants, including those that ended and
 * were waited for by their parent in the tree (their time is in the parent's
 * cutime/cstime). Read just before the process tree ends: Chromium's browser does not
 * wait for its zygote, so what it used would not reach this process's children time.
 */
export function processTreeCpuSeconds(rootPid: number): number | undefined {
  if (!statFields(`/proc/${rootPid}/stat`)) return undefined;
  const ticks = (pid: number): number => {
    const f = statFields(`/proc/${pid}/stat`);
    // One that ended meanwhile is counted in its parent's children time.
    return f ? Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) : 0;
  };
  return [rootPid, ...descendants(rootPid)].reduce((sum, pid) => sum + ticks(pid), 0) / TICKS;
}
