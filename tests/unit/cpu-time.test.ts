// CPU time for the build's timings (util/cpu-time.ts, read by `npm run bench`): a
// thread's own time, and a process tree's including children that have ended.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { processTreeCpuSeconds, threadCpuSeconds } from "../../scripts/util/cpu-time.ts";

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe.runIf(process.platform === "linux")("CPU time from /proc", () => {
  it("counts this thread's work", () => {
    const before = threadCpuSeconds()!;
    busy(300);
    expect(threadCpuSeconds()! - before).toBeGreaterThanOrEqual(0.2);
  });

  it("counts a process tree with the children it has waited for", () => {
    const before = processTreeCpuSeconds(process.pid)!;
    // A child that keeps a core busy for 0.4 s and ends; spawnSync waits for it.
    spawnSync(process.execPath, ["-e", "const e = Date.now() + 400; while (Date.now() < e);"]);
    expect(processTreeCpuSeconds(process.pid)! - before).toBeGreaterThanOrEqual(0.3);
  });

  it("says nothing for a process that does not exist", () => {
    expect(processTreeCpuSeconds(2 ** 22 + 12345)).toBeUndefined();
  });
});
