// A build that cannot finish says why, exits 1 and leaves the previous _site/ as it was.
import { describe, expect, it } from "vitest";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { copyProject, edit, LETTER_4, runCli } from "../helpers.ts";

function snapshot(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
    .map((f) => `${f}:${readFileSync(f).length}`)
    .join("\n");
}

describe("failing builds", () => {
  it("invalid figures: Dutch message with file, line and field; nothing written", () => {
    const dir = copyProject();
    const site = path.join(dir, "_site");
    cpSync(path.join(dir, "data"), site, { recursive: true }); // stands in for a previous build
    writeFileSync(path.join(site, "index.html"), "vorige build");
    const before = snapshot(site);
    edit(path.join(dir, "data/reeksen/bijstandsvolume.yaml"), "2015-01: 3560", "2015-01: 3.560");
    const r = runCli("scripts/cli/build.ts", [], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("data/reeksen/bijstandsvolume.yaml:52:16: fout [RB-GEEN-GEHEEL-GETAL] Aantal Emmen, 2015-01 is geen geheel getal: 3.560.");
    expect(r.stderr).toContain("→ Schrijf 3560 zonder punt: YAML leest 3.560 als 3,56.");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(snapshot(site)).toBe(before);
    expect(readdirSync(dir).filter((f) => f.startsWith("_site."))).toEqual([]);
  });

  it("a PDF that cannot be made: exit 1 with the letter's name; previous _site/ intact", () => {
    const dir = copyProject();
    const site = path.join(dir, "_site");
    cpSync(path.join(dir, "content"), site, { recursive: true });
    const before = snapshot(site);
    // An image that does not exist: the page loads in the browser, but the PDF would be incomplete.
    edit(path.join(dir, LETTER_4), "## Vooruitblik", '<img src="/bestaat-niet.png" alt="Ontbrekende afbeelding">\n\n## Vooruitblik');
    const r = runCli("scripts/cli/build.ts", [], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("PDF voor 'content/emmen/2015/2015-11-24-4e-voortgangsrapportage-investeringsplan.md' kon niet worden gemaakt");
    expect(r.stderr).toContain("/bestaat-niet.png");
    expect(snapshot(site)).toBe(before);
    expect(readdirSync(dir).filter((f) => f.startsWith("_site."))).toEqual([]);
  });
});
