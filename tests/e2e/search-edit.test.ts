// The search index after an edit: one letter's sentence replaced, an incremental build
// (the other letters kept) gives the same index files, byte for byte, as a cold build of
// the same inputs, and a reader searching in real Chromium finds the new sentence, no
// longer the removed one, and the filters still place the letter. Each organisation has
// its own index: only the edited letter's organisation's is made again, the others' files
// are the previous build's own (the same files, not only the same bytes).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "puppeteer-core";
import { Chromium } from "../../scripts/pdf/browser.ts";
import { loadProject } from "../../scripts/model/load.ts";
import { copyProject, edit, LETTER_4, runCli, tree } from "../helpers.ts";
import { searchPage } from "../search-page.ts";
import { serve } from "../static-server.ts";

/** This file's Chromium, drawing frames: pages on a screen (waitForFunction). */
const chromium = new Chromium({ screen: true });
/** In the 4e letter's "Vooruitblik" only (search.test.ts checks that); the edit removes it. */
const REMOVED = "dichterbij";
/** In no letter before the edit. */
const ADDED = "handbereik";

let root: string;
let site: string;
let cold: string;
let letterUrl: string;
let server: Server;
let origin: string;
let context: BrowserContext;

function build(out: string) {
  const timings = path.join(mkdtempSync(path.join(tmpdir(), "raadsbrief-tijden-")), "tijden.json");
  const r = runCli("scripts/cli/build.ts", ["--met-concepten", "--uit", out, "--tijden", timings], root);
  if (r.code !== 0) throw new Error(`build failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  const result = JSON.parse(readFileSync(timings, "utf8")) as { letters: number; kept?: number };
  rmSync(path.dirname(timings), { recursive: true, force: true });
  return result;
}

/** The search index's files and their hashes (of one organisation's index, or of all). */
const index = (dir: string, organisation = "") => tree(path.join(dir, "pagefind", organisation));
/** Each file of an organisation's index and its inode: the same inode is the same file, not made again. */
function inodes(dir: string, organisation: string): Map<string, number> {
  const base = path.join(dir, "pagefind", organisation);
  return new Map([...tree(base).keys()].map((f) => [f, statSync(path.join(base, f)).ino]));
}
/** The edited letter's organisation, and the others. */
const EDITED = "emmen";
const OTHERS = ["coevorden", "groningen"];
let beforeFiles: Map<string, { hashes: Map<string, string>; inodes: Map<string, number> }>;

beforeAll(async () => {
  root = copyProject();
  site = path.join(root, "_site");
  const first = build(site);
  const before = index(site);
  expect(readdirSync(path.join(site, "pagefind")).sort()).toEqual([...OTHERS, EDITED].sort());
  beforeFiles = new Map([EDITED, ...OTHERS].map((o) => [o, { hashes: index(site, o), inodes: inodes(site, o) }]));
  const file = path.join(root, LETTER_4);
  expect(readFileSync(file, "utf8").includes(ADDED)).toBe(false);
  edit(file, "komt dichterbij, maar", "komt binnen handbereik, maar");
  const after = build(site);
  // Incremental: every other letter kept, this one rendered again.
  expect(after.kept).toBe(first.letters - 1);
  expect(index(site)).not.toEqual(before);
  cold = path.join(root, "_site-koud");
  expect(build(cold).kept ?? 0).toBe(0);
  letterUrl = loadProject(root).letters.find((l) => l.inputPath === LETTER_4)!.url;
  server = await serve(site);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  context = await (await chromium.get()).createBrowserContext();
}, 300_000);

afterAll(async () => {
  await context?.close();
  await chromium.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (root) rmSync(root, { recursive: true, force: true });
});

async function inPage<T>(run: (page: Page) => Promise<T>): Promise<T> {
  const page = await context.newPage();
  try {
    return await run(page);
  } finally {
    await page.close();
  }
}

describe("the search index after one letter is edited", () => {
  it("is, byte for byte, the index a cold build of the same inputs makes", () => {
    expect(index(site)).toEqual(index(cold));
  });

  it("is made again for the edited letter's organisation only: the others' index files are the previous build's", () => {
    expect(loadProject(root).letters.find((l) => l.inputPath === LETTER_4)!.organisation).toBe(EDITED);
    expect(index(site, EDITED)).not.toEqual(beforeFiles.get(EDITED)!.hashes);
    for (const [f, ino] of inodes(site, EDITED)) expect(ino, `${EDITED}/${f}`).not.toBe(beforeFiles.get(EDITED)!.inodes.get(f));
    for (const o of OTHERS) {
      expect(index(site, o), o).toEqual(beforeFiles.get(o)!.hashes);
      expect(inodes(site, o), o).toEqual(beforeFiles.get(o)!.inodes);
    }
  });

  it("finds the new sentence in that letter, and the removed one nowhere", async () => {
    await inPage(async (page) => {
      expect(await searchPage(page, origin, ADDED)).toEqual([letterUrl]);
      expect(await searchPage(page, origin, REMOVED)).toEqual([]);
    });
  });

  it("still files the letter under its organisation and type", async () => {
    await inPage(async (page) => {
      expect(await searchPage(page, origin, ADDED, { organisatie: "Gemeente Emmen" })).toEqual([letterUrl]);
      expect(await searchPage(page, origin, ADDED, { organisatie: "Gemeente Coevorden" })).toEqual([]);
      expect(await searchPage(page, origin, ADDED, { soort: "Voortgangsrapportage" })).toEqual([letterUrl]);
      expect(await searchPage(page, origin, ADDED, { soort: "Memo" })).toEqual([]);
    });
  });
});
