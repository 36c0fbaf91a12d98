// A build that cannot finish says why, exits 1 and leaves the previous _site/ as it was.
import { describe, expect, it } from "vitest";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { BUILD_OUTPUT } from "../../scripts/pipeline/output.ts";
import { copyProject, edit, leftBeside, LETTER_4, ROOT, runCli } from "../helpers.ts";

/** Stands in for a previous build: its files, and the marker every build leaves (a build replaces only such a folder). */
function previousBuild(from: string, site: string): void {
  cpSync(from, site, { recursive: true });
  writeFileSync(path.join(site, BUILD_OUTPUT.marker.name), BUILD_OUTPUT.marker.text);
}

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
    previousBuild(path.join(dir, "data"), site);
    writeFileSync(path.join(site, "index.html"), "vorige build");
    const before = snapshot(site);
    edit(path.join(dir, "data/reeksen/bijstandsvolume.yaml"), "2015-01: 3560", "2015-01: 3.560");
    const r = runCli("scripts/cli/build.ts", [], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("data/reeksen/bijstandsvolume.yaml:62:16: fout [RB-DUIZENDTALLEN] Aantal Emmen, 2015-01 heeft een punt tussen de duizendtallen: 3.560. YAML leest dat als 3,56.");
    expect(r.stderr).toContain("→ Schrijf 3560, zonder punt, komma of spatie tussen de cijfers.");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(snapshot(site)).toBe(before);
    expect(readdirSync(dir).filter((f) => f.startsWith("_site."))).toEqual([]);
  });

  it("a PDF that cannot be made: exit 1 with the letter's name; previous _site/ intact", () => {
    const dir = copyProject();
    const site = path.join(dir, "_site");
    previousBuild(path.join(dir, "content"), site);
    const before = snapshot(site);
    // An image that does not exist: the page loads in the browser, but the PDF would be incomplete.
    // (A narrative cannot hold HTML, and check refuses a missing image there; the project's own templates can.)
    cpSync(path.join(ROOT, "templates"), path.join(dir, "templates"), { recursive: true });
    edit(
      path.join(dir, "templates/layouts/document.njk"),
      "{% block document %}",
      '{% if brief.letter.slug == "4e-voortgangsrapportage-investeringsplan" %}<img src="/bestaat-niet.png" alt="Ontbrekende afbeelding">{% endif %}\n    {% block document %}',
    );
    // The letter is a concept: printed by a build with the concepts.
    const r = runCli("scripts/cli/build.ts", ["--met-concepten"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("PDF voor 'content/emmen/2015/2015-11-24-4e-voortgangsrapportage-investeringsplan.md' kon niet worden gemaakt");
    expect(r.stderr).toContain("/bestaat-niet.png");
    expect(snapshot(site)).toBe(before);
    expect(readdirSync(dir).filter((f) => f.startsWith("_site."))).toEqual([]);
  });
});

describe("check reports everything at once", () => {
  it("lists problems in several files in one run, sorted, with a count", () => {
    const dir = copyProject();
    edit(path.join(dir, "data/reeksen/bijstandsvolume.yaml"), "2015-08: 3542", "2015-08: 3.542");
    edit(path.join(dir, LETTER_4), "organisatie: emmen", "organisatie: emen");
    edit(path.join(dir, "data/organisaties/emmen.yaml"), "gemeentecode: gm0114", "gemeentecode: 0114");
    const r = runCli("scripts/cli/check.ts", [], dir);
    expect(r.code).toBe(1);
    const heads = r.stdout.split("\n").filter((l) => / fout \[/.test(l));
    expect(heads).toEqual([
      expect.stringMatching(/^content\/emmen\/2015\/2015-11-24-4e-voortgangsrapportage-investeringsplan\.md:3:14: fout \[RB-ONBEKENDE-ORGANISATIE\] Organisatie 'emen'/),
      expect.stringMatching(/^data\/organisaties\/emmen\.yaml:5:15: fout \[RB-TYPE\] 'gemeentecode' moet tekst zijn, maar is het getal 114\./),
      expect.stringMatching(/^data\/reeksen\/bijstandsvolume\.yaml:69:16: fout \[RB-DUIZENDTALLEN\]/),
    ]);
    expect(r.stdout).toContain("3 fouten, 0 waarschuwingen.");
  });
});

describe("an interrupted build", () => {
  it("leaves the previous _site/ intact, and the next build cleans up after it", async () => {
    const dir = copyProject();
    const site = path.join(dir, "_site");
    previousBuild(path.join(dir, "data"), site);
    const before = snapshot(site);
    // With the concepts: their PDFs are printed (the published ones are only copied).
    const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "scripts/cli/build.ts"), "--met-concepten"], { cwd: dir, detached: true });
    // Kill the whole process group (tsx, node, Chromium) once PDFs are being printed.
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("PDF's: ")) resolve();
      });
    });
    process.kill(-child.pid!, "SIGKILL");
    await new Promise((r) => child.on("close", r));
    expect(snapshot(site)).toBe(before);
    expect(readdirSync(dir).some((f) => f.startsWith("_site.tmp-"))).toBe(true); // the killed build's leftovers

    const again = runCli("scripts/cli/build.ts", ["--zonder-pdf"], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(leftBeside(dir)).toEqual([]);
  });
});
