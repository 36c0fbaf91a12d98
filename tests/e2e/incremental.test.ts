// Incremental builds (scripts/pipeline/incremental.ts) on the sample project: after
// a build, editing one letter's narrative and figures renders that letter only;
// editing what other pages show of a letter (its subject) renders everything. Either
// way the folder is byte for byte what a full build of the same input makes. The
// builds include the concepts (--met-concepten); a build with and one without them
// to the same folder never take each other's pages.
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { outputRecord } from "../../scripts/pipeline/output-record.mjs";
import { lastBuild } from "../../scripts/pipeline/up-to-date.ts";
import { copyProject, edit, LETTER_4, runCli, tree } from "../helpers.ts";

interface Timings {
  upToDate: boolean;
  letters: number;
  kept?: number;
  pdfStats?: { printed: number; fromCache: number };
}

const WITH_CONCEPTS = ["--met-concepten"];

function build(root: string, out: string, flags = WITH_CONCEPTS) {
  const timings = path.join(mkdtempSync(path.join(tmpdir(), "raadsbrief-tijden-")), "tijden.json");
  const r = runCli("scripts/cli/build.ts", [...flags, "--uit", out, "--tijden", timings], root);
  expect(r.code, r.stderr + r.stdout).toBe(0);
  return { ...r, timings: JSON.parse(readFileSync(timings, "utf8")) as Timings };
}

/** A full build of the same input into a folder no build wrote before (so nothing is kept). */
function fullBuild(root: string, name: string, flags = WITH_CONCEPTS): string {
  const out = path.join(root, name);
  expect(existsSync(out)).toBe(false);
  const full = build(root, out, flags);
  expect(full.timings.kept ?? 0).toBe(0);
  return out;
}

describe("incremental build (sample project)", () => {
  let root: string;
  let site: string;
  let letters: number;

  beforeAll(() => {
    root = copyProject();
    site = path.join(root, "_site");
    letters = build(root, site).timings.letters;
  }, 180_000);

  it("one letter's narrative and figure edited: only that letter is rendered and printed, the site equals a full build", () => {
    const file = path.join(root, LETTER_4);
    edit(file, "Ook in oktober is het bijstandsvolume", "Ook in oktober, zo blijkt, is het bijstandsvolume");
    const text = readFileSync(file, "utf8");
    // The trend figure starts a month later: a new chart.
    writeFileSync(file, text.replace(/(  bijstand-trend:\n(?:    .*\n)*?    vanaf: )2015-01/, "$12015-02"));
    expect(readFileSync(file, "utf8")).not.toBe(text);

    const after = build(root, site);
    expect(after.timings.upToDate).toBe(false);
    expect(after.timings.kept).toBe(letters - 1);
    expect(after.timings.pdfStats).toEqual({ printed: 1, fromCache: 0, retried: 0 });
    expect(after.stdout).toContain(`(${letters - 1} ongewijzigde brieven overgenomen uit de vorige build)`);
    const page = readFileSync(path.join(site, "emmen/2015/11/4e-voortgangsrapportage-investeringsplan/index.html"), "utf8");
    expect(page).toContain("Ook in oktober, zo blijkt, is het bijstandsvolume");
    // The record the next build trusts, made early and completed (early-record.ts), is the folder's.
    expect(lastBuild(root, site)?.outputs).toEqual(outputRecord(site));

    expect(tree(site)).toEqual(tree(fullBuild(root, "_site-volledig-1")));
  }, 180_000);

  it("a subject edited (listings, feed, errata links show it): everything is rendered, the site equals a full build", () => {
    edit(path.join(root, LETTER_4), "onderwerp: 4e Voortgangsrapportage", "onderwerp: Vierde voortgangsrapportage");
    const after = build(root, site);
    expect(after.timings.kept).toBe(0);
    expect(readFileSync(path.join(site, "feed.xml"), "utf8")).toContain("Vierde voortgangsrapportage");
    expect(tree(site)).toEqual(tree(fullBuild(root, "_site-volledig-2")));
  }, 180_000);

  it("a file added to the folder by hand, and a hand edit in the letter rendered again, are dropped: the other letters are still kept", () => {
    const added = path.join(site, "emmen", "eigen-notitie.txt");
    writeFileSync(added, "met de hand");
    const page = path.join(site, "emmen/2015/11/4e-voortgangsrapportage-investeringsplan/index.html");
    writeFileSync(page, readFileSync(page, "utf8").replace("</main>", "<p>met de hand</p></main>"));
    const file = path.join(root, LETTER_4);
    writeFileSync(file, `${readFileSync(file, "utf8")}\nDe gemeente blijft de ontwikkeling volgen.\n`);
    const after = build(root, site);
    expect(after.timings.kept).toBe(letters - 1);
    expect(existsSync(added)).toBe(false);
    expect(readFileSync(page, "utf8")).not.toContain("met de hand");
    expect(readFileSync(page, "utf8")).toContain("De gemeente blijft de ontwikkeling volgen.");
    expect(lastBuild(root, site)?.outputs).toEqual(outputRecord(site));
    expect(tree(site)).toEqual(tree(fullBuild(root, "_site-volledig-toegevoegd")));
  }, 180_000);

  it("a kept page that was changed by hand is not trusted: everything is rendered again", () => {
    const home = path.join(site, "index.html");
    writeFileSync(home, readFileSync(home, "utf8").replace("</main>", "<p>met de hand</p></main>"));
    edit(path.join(root, LETTER_4), "Ook in oktober, zo blijkt,", "Ook in oktober, zo blijkt nu,");
    const after = build(root, site);
    expect(after.timings.kept).toBe(0);
    expect(readFileSync(home, "utf8")).not.toContain("met de hand");
    expect(tree(site)).toEqual(tree(fullBuild(root, "_site-volledig-3")));
  }, 180_000);

  it("with and without concepts to the same folder: each renders everything, never says 'nothing changed' across, and equals its own full build", () => {
    const concept = path.join(site, "emmen/2015/11/4e-voortgangsrapportage-investeringsplan/index.html");
    expect(existsSync(concept)).toBe(true);
    const publicSite = build(root, site, []);
    expect(publicSite.timings.upToDate).toBe(false);
    expect(publicSite.timings.kept ?? 0).toBe(0);
    expect(publicSite.stdout).toMatch(/^Klaar: 2 brieven, 2 PDF's, 0 waarschuwingen, [\d,]+ s → \S+ \(6 concepten niet opgenomen; bouw met --met-concepten om ze te zien\)$/m);
    expect(existsSync(concept)).toBe(false);
    expect(tree(site)).toEqual(tree(fullBuild(root, "_site-openbaar", [])));

    const again = build(root, site, []);
    expect(again.timings.upToDate).toBe(true);
    expect(again.stdout).toContain("(niets gewijzigd sinds de vorige build; 6 concepten niet opgenomen; bouw met --met-concepten om ze te zien)");

    const withConcepts = build(root, site);
    expect(withConcepts.timings.upToDate).toBe(false);
    expect(withConcepts.timings.kept ?? 0).toBe(0);
    expect(withConcepts.stdout).toMatch(/^Klaar: 8 brieven, 8 PDF's, 0 waarschuwingen, [\d,]+ s → \S+$/m);
    expect(existsSync(concept)).toBe(true);
    expect(tree(site)).toEqual(tree(fullBuild(root, "_site-volledig-4")));
  }, 240_000);
});
