// No import circles in scripts/: every module can be read (and loaded) after the
// ones it imports. Walks the relative imports of every source file, static and
// dynamic and type-only (a lazy or type import is still a dependency a reader must follow), and fails
// with each circle it finds.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SCRIPTS = path.resolve(import.meta.dirname, "../../scripts");

/** Relative imports of a source: `import … from "./x.ts"`, `export … from`, `import("./x.ts")`. */
export function relativeImports(source: string): string[] {
  // Comments may mention imports; they do not count.
  // Line comments first: one may hold "/*" (a glob such as data/tabellen/*.yaml).
  const code = source.replace(/^\s*\/\/.*$/gm, "").replace(/^\s*\/\*[\s\S]*?\*\//gm, "");
  const found = [
    ...code.matchAll(/\b(?:import|export)\s+(?:type\s+)?(?:[^"';]*?\s+from\s+)?["'](\.{1,2}\/[^"']+)["']/g),
    ...code.matchAll(/\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g),
  ];
  return found.map((m) => m[1]!);
}

function sources(): string[] {
  return readdirSync(SCRIPTS, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mts|mjs)$/.test(e.name) && !e.name.endsWith(".d.ts") && !e.name.endsWith(".d.mts"))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * The circles in a graph (file → files it imports): its strongly connected components
 * of more than one file (or a file importing itself), each sorted, found by Tarjan's algorithm.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component.sort());
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return cycles;
}

describe("imports in scripts/", () => {
  it("form no circle, type-only imports included (a reader follows those too)", () => {
    const graph = new Map<string, string[]>();
    for (const file of sources()) {
      const deps = relativeImports(readFileSync(file, "utf8")).map((rel) => path.relative(SCRIPTS, path.resolve(path.dirname(file), rel)));
      graph.set(path.relative(SCRIPTS, file), deps);
    }
    expect(graph.size).toBeGreaterThan(50);
    expect(findCycles(graph).map((c) => c.join(" ↔ "))).toEqual([]);
  });

  it("finds a circle when there is one (the walker itself)", () => {
    expect(relativeImports(`import { a } from "./a.ts";\nimport type { B } from "./b.ts";\nconst c = await import("../c.ts");\n// import "./d.ts"`)).toEqual(["./a.ts", "./b.ts", "../c.ts"]);
    const graph = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]);
    expect(findCycles(graph)).toEqual([["a", "b", "c"]]);
    expect(findCycles(new Map([["a", ["a"]]]))).toEqual([["a"]]);
    expect(findCycles(new Map([["a", ["b"]], ["b", []]]))).toEqual([]);
  });
});
