// The build's main thread runs Eleventy and drives Chromium; the heavy PDF and chart
// libraries belong in the worker threads (pdf/finishers.ts, charts/workers.ts). A
// static import chain from the build command to one of them would load it in the main
// thread at every start (pdf-lib ~0.4 s, Vega ~0.15 s) and, for pdf.js, replace the
// thread's JSON by core-js's (pdf/pdfjs.ts). Lazy `import()` and `import type` are fine.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SCRIPTS = path.resolve(import.meta.dirname, "../../scripts");
const WORKER_ONLY = ["pdf-lib", "pdfjs-dist", "vega", "vega-lite"];

/** Static, non-type imports of a source: what loading it loads. */
export function staticImports(source: string): string[] {
  const code = source.replace(/^\s*\/\/.*$/gm, "").replace(/\/\*[\s\S]*?\*\//g, "");
  const out: string[] = [];
  for (const m of code.matchAll(/^\s*(import|export)\s+([^"';]*?)\s*from\s+["']([^"']+)["']/gm)) {
    const clause = m[2]!.trim();
    if (clause.startsWith("type ")) continue;
    // `import { type A, type B } from` loads nothing either.
    const named = /^\{([^}]*)\}$/.exec(clause)?.[1];
    if (named !== undefined && named.split(",").every((n) => n.trim() === "" || n.trim().startsWith("type "))) continue;
    out.push(m[3]!);
  }
  for (const m of code.matchAll(/^\s*import\s+["']([^"']+)["']/gm)) out.push(m[1]!);
  return out;
}

/** Chains from `entry` to each package in `packages`, following static imports of scripts/. */
function chainsTo(entry: string, packages: readonly string[]): string[] {
  const from = new Map<string, string | undefined>([[entry, undefined]]);
  const queue = [entry];
  const found: string[] = [];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const spec of staticImports(readFileSync(file, "utf8"))) {
      if (spec.startsWith(".")) {
        const next = path.resolve(path.dirname(file), spec);
        if (existsSync(next) && !from.has(next)) {
          from.set(next, file);
          queue.push(next);
        }
        continue;
      }
      const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
      if (!packages.includes(pkg)) continue;
      const chain = [spec];
      for (let f: string | undefined = file; f; f = from.get(f)) chain.unshift(path.relative(SCRIPTS, f));
      found.push(chain.join(" → "));
    }
  }
  return found;
}

describe("the build's main thread", () => {
  it("loads no PDF or chart library at start (they live in the worker threads)", () => {
    // The command, and the pipeline it always loads (lazily, after its checks).
    for (const entry of ["cli/build.ts", "pipeline/build.ts", "pipeline/context.ts"]) {
      expect(chainsTo(path.join(SCRIPTS, entry), WORKER_ONLY), entry).toEqual([]);
    }
  });

  it("is checked by a walk that does find such chains", () => {
    expect(chainsTo(path.join(SCRIPTS, "pdf", "finish-worker.ts"), WORKER_ONLY).length).toBeGreaterThan(0);
    expect(staticImports('import { type A, type B } from "pdf-lib";\nimport type { C } from "vega";\nimport { D } from "vega-lite";')).toEqual(["vega-lite"]);
  });
});
