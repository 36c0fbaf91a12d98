// buildRemembered (scripts/pipeline/up-to-date.ts): whether a build to a folder is on record,
// without reading the record. The CLI starts Chromium before the input only when none is
// (a first build renders every letter; README, Performance).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildRemembered, forgetBuild, lastBuild, recordBuild } from "../../scripts/pipeline/up-to-date.ts";

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

describe("buildRemembered", () => {
  it("is false before a build, true once one is recorded for that folder only, and false again when forgotten", () => {
    root = mkdtempSync(path.join(tmpdir(), "raadsbrief-onthouden-"));
    const out = path.join(root, "_site");
    const other = path.join(root, "elders");
    mkdirSync(out);
    expect(buildRemembered(root, out)).toBe(false);
    recordBuild(root, { key: "k", shared: "s", letterFiles: {}, listing: "l", outDir: out, letters: 0, pdfs: 0, leftOut: 0, warnings: 0, warningsText: "" } as Parameters<typeof recordBuild>[1], {});
    expect(lastBuild(root, out)).toBeDefined();
    expect(buildRemembered(root, out)).toBe(true);
    expect(buildRemembered(root, other)).toBe(false);
    forgetBuild(root, out);
    expect(buildRemembered(root, out)).toBe(false);
  });
});
