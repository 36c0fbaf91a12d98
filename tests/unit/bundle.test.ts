// The bundle the commands run from (scripts/cli/bundle.mjs).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const BUNDLE_MJS = pathToFileURL(path.resolve(import.meta.dirname, "../../scripts/cli/bundle.mjs")).href;
const tmp = mkdtempSync(path.join(os.tmpdir(), "raadsbrief-bundle-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("makeBundle", () => {
  it(
    "leaves no esbuild process behind: the first build after an update does not carry it (~300 MB)",
    () => {
      const target = path.join(tmp, "bundle");
      // The command's own process after bundling: which processes are its children?
      const script = `
        import { readdirSync, readFileSync } from "node:fs";
        const { makeBundle } = await import(${JSON.stringify(BUNDLE_MJS)});
        await makeBundle(${JSON.stringify(target)});
        const children = [];
        for (const d of readdirSync("/proc")) {
          if (!/^\\d+$/.test(d)) continue;
          try {
            const stat = readFileSync("/proc/" + d + "/stat", "utf8");
            if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === process.pid) children.push(stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")) + " " + stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0]);
          } catch {}
        }
        // A child killed a moment ago may not be reaped yet: a zombie ("Z") holds no memory.
        console.log(JSON.stringify(children.filter((c) => !c.endsWith(" Z"))));`;
      const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
      expect(existsSync(path.join(target, "build.mjs"))).toBe(true);
      expect(JSON.parse(run.stdout.trim())).toEqual([]);
    },
    120_000,
  );
});
