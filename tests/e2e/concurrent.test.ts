// One build, one context (scripts/pipeline/context.ts): two different projects built
// at the same time in one Node process give, byte for byte, the sites each gives when
// built alone (`npm run build` in a process of its own). Nothing of a build may live
// in module-level state: a project, chart or browser of one build that leaked into
// the other would show here.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { writeCorpus } from "../../scripts/bench/corpus.ts";
import { copyProject, ROOT, runCli, tempDir, tree } from "../helpers.ts";

describe("two builds at once in one process", () => {
  it("give the same bytes (pages, charts, PDFs, search index) as each built alone", () => {
    // The sample (archived PDFs, printed concepts) and a synthetic municipality.
    const sample = copyProject();
    const synthetic = tempDir("raadsbrief-samen-");
    writeCorpus(synthetic, { letters: 6 });
    const script = path.join(tempDir("raadsbrief-samen-script-"), "samen.mts");
    const api = pathToFileURL(path.join(ROOT, "scripts/pipeline/build.ts")).href;
    // The plain path (tsx, no bundle), as a developer would debug it.
    writeFileSync(
      script,
      `import { build } from ${JSON.stringify(api)};\n` +
        `const one = (root) => build({ root, outDir: "_samen", concepts: true, cache: false });\n` +
        `const results = await Promise.all([one(${JSON.stringify(sample)}), one(${JSON.stringify(synthetic)})]);\n` +
        `console.log(JSON.stringify(results.map((r) => ({ letters: r.letters, pdfs: r.pdfs, printed: r.pdfStats.printed, charts: r.chartStats.rendered }))));\n`,
    );
    const together = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [script], { cwd: sample, encoding: "utf8" });
    expect(together.status, together.stderr).toBe(0);
    const counts = JSON.parse(together.stdout.trim().split("\n").pop()!) as { letters: number; pdfs: number; printed: number; charts: number }[];
    // Both really made their letters, printed PDFs and rendered charts meanwhile.
    for (const c of counts) expect(c.printed).toBeGreaterThan(0);
    expect(counts[1]!.charts).toBeGreaterThan(0);

    for (const root of [sample, synthetic]) {
      const alone = runCli("scripts/cli/build.ts", ["--met-concepten", "--uit", "_alleen"], root);
      expect(alone.code, alone.stderr).toBe(0);
    }
    const samen = (root: string) => tree(path.join(root, "_samen"));
    const alleen = (root: string) => tree(path.join(root, "_alleen"));
    for (const root of [sample, synthetic]) {
      const files = [...alleen(root).keys()];
      expect(files.filter((f) => f.endsWith(".pdf")).length).toBeGreaterThan(3);
      expect(files.some((f) => f.startsWith("pagefind/"))).toBe(true);
      const [a, b] = [samen(root), alleen(root)];
      // The files that differ, by name (a Map diff would print every hash).
      expect([...new Set([...a.keys(), ...b.keys()])].filter((f) => a.get(f) !== b.get(f))).toEqual([]);
    }
    // Two different sites, not one site twice.
    expect(samen(sample).get("index.html")).not.toBe(samen(synthetic).get("index.html"));
  }, 300_000);
});
