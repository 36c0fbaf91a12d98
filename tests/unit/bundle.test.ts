// The bundle the commands run from (scripts/cli/bundle.mjs).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as esbuild from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { makeBundle } from "../../scripts/cli/bundle.mjs";

const tmp = mkdtempSync(path.join(os.tmpdir(), "raadsbrief-bundle-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** esbuild, counting stop(): its service process (~300 MB after bundling) must not outlive the bundling. */
function counted(build: typeof esbuild.build = esbuild.build) {
  const calls = { builds: 0, stops: 0, stoppedAfterBuild: false };
  return {
    calls,
    esbuild: {
      build: async (options: esbuild.BuildOptions) => {
        calls.builds++;
        return build(options);
      },
      stop: async () => {
        calls.stops++;
        calls.stoppedAfterBuild = calls.builds > 0;
        await esbuild.stop();
      },
    },
  };
}

describe("makeBundle", () => {
  it(
    "stops esbuild's service once the bundle is made: the first build after an update does not carry it",
    async () => {
      const target = path.join(tmp, "bundle");
      const { calls, esbuild: stub } = counted();
      await makeBundle(target, stub);
      expect(existsSync(path.join(target, "build.mjs"))).toBe(true);
      expect(calls).toEqual({ builds: 1, stops: 1, stoppedAfterBuild: true });
    },
    120_000,
  );

  it("stops it also when bundling fails, and reports the failure", async () => {
    const { calls, esbuild: stub } = counted(() => Promise.reject(new Error("kapot")));
    await expect(makeBundle(path.join(tmp, "mislukt"), stub)).rejects.toThrow("kapot");
    expect(calls.stops).toBe(1);
    expect(existsSync(path.join(tmp, "mislukt"))).toBe(false);
  });
});
