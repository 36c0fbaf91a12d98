// The README documents every diagnostic code the checker can give.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../helpers.ts";

describe("README", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const sources = readdirSync(path.join(ROOT, "scripts"), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => readFileSync(path.join(ROOT, "scripts", f), "utf8"))
    .join("\n");

  it("starts with the two commands a newcomer types", () => {
    const firstBlock = readme.slice(readme.indexOf("```sh"), readme.indexOf("```", readme.indexOf("```sh") + 5));
    expect(firstBlock).toContain("bash scripts/setup.sh");
    expect(firstBlock).toContain("npm test");
  });

  it("lists every diagnostic code with an example", () => {
    // Every code the sources spell out: `code: "RB-…"`, and codes handed on ("RB-…" as a literal).
    const codes = [...new Set([...sources.matchAll(/"(RB-[A-Z][A-Z-]*[A-Z])"/g)].map((m) => m[1]!))];
    expect(codes.length).toBeGreaterThan(25);
    const documented = (code: string) => new RegExp(`\\b${code}\\b(?!-)`).test(readme);
    expect(codes.filter((c) => !documented(c))).toEqual([]);
  });

  it("has every section a message points to", () => {
    // Hints say "zie README, 'De maandelijkse brief'": that heading must exist.
    const named = [...new Set([...sources.matchAll(/README, '([^']+)'/g)].map((m) => m[1]!))];
    expect(named.length).toBeGreaterThan(0);
    const headings = [...readme.matchAll(/^#+ (.+)$/gm)].map((m) => m[1]!);
    expect(named.filter((n) => !headings.some((h) => h.startsWith(n)))).toEqual([]);
  });
});
