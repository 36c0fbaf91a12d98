// The bundle the commands run from (scripts/cli/bundle.mjs).
import { isAscii } from "node:buffer";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as acorn from "acorn";
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

  it("starts the build and the worker threads with their code cache, in ASCII, and leaves them no import() of their own", async () => {
    const target = path.join(tmp, "bundle");
    if (!existsSync(target)) await makeBundle(target); // made by the test above, unless run alone
    const imports = (file: string) => {
      let found = 0;
      const visit = (node: unknown): void => {
        if (node === null || typeof node !== "object") return;
        if (Array.isArray(node)) return node.forEach(visit);
        if ((node as { type?: string }).type === "ImportExpression") found++;
        for (const value of Object.values(node)) if (typeof value === "object") visit(value);
      };
      visit(acorn.parse(readFileSync(file, "utf8"), { ecmaVersion: "latest", sourceType: "script" }));
      return found;
    };
    for (const name of ["build", "render-worker", "finish-worker"]) {
      expect(readFileSync(path.join(target, `${name}.mjs`), "utf8"), name).toContain(`runCached(${JSON.stringify(path.join(target, `${name}.cjs`))})`);
      // Code from V8's cache cannot import() in Node 20 (scripts/cli/run-cached.mjs).
      expect(imports(path.join(target, `${name}.cjs`)), name).toBe(0);
      // ASCII: read as a one-byte string, half the memory.
      expect(isAscii(readFileSync(path.join(target, `${name}.cjs`))), name).toBe(true);
    }
    // Pagefind and pdf.js are still imported, through the runner.
    expect(readFileSync(path.join(target, "build.cjs"), "utf8")).toContain('__raadsbriefImport("pagefind")');
    expect(readFileSync(path.join(target, "finish-worker.cjs"), "utf8")).toContain('__raadsbriefImport("pdfjs-dist/legacy/build/pdf.mjs")');
    // Commands whose start does not count load as Node loads CommonJS.
    expect(readFileSync(path.join(target, "serve.mjs"), "utf8")).not.toContain("runCached");
  }, 120_000);

  it("stops it also when bundling fails, and reports the failure", async () => {
    const { calls, esbuild: stub } = counted(() => Promise.reject(new Error("kapot")));
    await expect(makeBundle(path.join(tmp, "mislukt"), stub)).rejects.toThrow("kapot");
    expect(calls.stops).toBe(1);
    expect(existsSync(path.join(tmp, "mislukt"))).toBe(false);
  });
});
