// A copied project runs its own code and writes only into itself: the code bundle
// in .cache/raadsbrief/code/ holds absolute paths, so a copy (cp -a, .cache/ and all)
// must not run the original's bundle, which would write the copy's build and
// benchmark into the original.
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, tree } from "../helpers.ts";

let base: string;
let original: string;
let copy: string;

/** A command of the tool in `dir`, as `npm run …` runs it there: that folder's own launcher. */
function command(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, [path.join(dir, "scripts", "cli", "launch.mjs"), ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", CI: "1" },
  });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), "raadsbrief-kopie-"));
  original = path.join(base, "raadsbrief");
  // The repository without node_modules (linked: installing it again costs minutes) and without builds.
  const skip = new Set(["node_modules", ".git", ".cache", "_site", "bench-results"].map((n) => path.join(ROOT, n)));
  cpSync(ROOT, original, { recursive: true, filter: (src) => !skip.has(src) && !/^_site\./.test(path.basename(src)) });
  symlinkSync(path.join(ROOT, "node_modules"), path.join(original, "node_modules"));
  const built = command(original, ["build"]);
  expect(built.code, built.out).toBe(0);
  expect(readdirSync(path.join(original, ".cache", "raadsbrief", "code")).length).toBe(1);
  // cp -a: everything, the bundle and the site included, links as links.
  copy = path.join(base, "kopie");
  cpSync(original, copy, { recursive: true, verbatimSymlinks: true });
});

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

describe("a copy of a built project", () => {
  it("builds and benchmarks into itself, and leaves the original exactly as it was", () => {
    const before = tree(original);
    const edited = command(copy, ["build", "--zonder-pdf"]);
    expect(edited.code, edited.out).toBe(0);
    expect(edited.out).toContain(`→ ${path.join(copy, "_site")}`);
    const bench = command(copy, ["bench", "--letters", "1"]);
    expect(bench.code, bench.out).toBe(0);
    expect(bench.out).toContain(`Benchmark: 1 synthetische, illustratieve brieven in ${path.join(copy, ".cache", "bench", "1")}`);
    expect(existsSync(path.join(copy, ".cache", "bench", "1", "_site", "index.html"))).toBe(true);
    // The copy made a bundle of its own, for its own folder.
    expect(readdirSync(path.join(copy, ".cache", "raadsbrief", "code")).length).toBe(2);
    expect(existsSync(path.join(original, ".cache", "bench"))).toBe(false);
    expect(tree(original)).toEqual(before);
  });
});
