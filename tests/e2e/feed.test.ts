// The Atom feed as a feed reader gets it: well-formed XML, valid against the RELAX NG
// schema of RFC 4287 (tests/fixtures/atom/), absolute URLs on the configured site,
// one entry per letter, newest first, dated by the letters (never the build clock).
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadProject } from "../../scripts/model/load.ts";
import { letterTimestamp } from "../../scripts/format/timestamp.ts";
import { copyProject, edit, LETTER_2, LETTER_4, ROOT, runCli } from "../helpers.ts";

const SCHEMA = path.join(ROOT, "tests/fixtures/atom/atom.rng");
const project = loadProject(ROOT);
let feed: string;

function build(root: string): string {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "raadsbrief-feed-")), "_site");
  // The feed does not depend on the PDFs; skipping them keeps this test quick. With the
  // concepts, so every kind of letter is in it (the public feed has none: concepts.test.ts).
  const r = runCli("scripts/cli/build.ts", ["--zonder-pdf", "--met-concepten", "--uit", out], root);
  if (r.code !== 0) throw new Error(`build failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return path.join(out, "feed.xml");
}

function xmllint(...args: string[]) {
  const r = spawnSync("xmllint", args, { encoding: "utf8" });
  if (r.error) throw r.error; // xmllint missing: libxml2-utils (scripts/install-system-deps.sh)
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** One XPath value as a string; Atom elements by local name ("feed/entry[2]/id"). */
function xpath(file: string, expr: string): string {
  const steps = expr.replace(/(^|\/)([a-z]+)/g, "$1*[local-name()='$2']");
  const r = xmllint("--xpath", `string(/${steps})`, file);
  if (r.code !== 0) throw new Error(`xmllint --xpath ${expr}: ${r.err}`);
  return r.out.replace(/\n$/, ""); // xmllint ends its answer with a newline
}

/** "feed/entry[n]" for the entry with this id (the feed is sorted newest first). */
function entryWithId(file: string, id: string): string {
  const n = count(file, "feed/entry");
  for (let i = 1; i <= n; i++) if (xpath(file, `feed/entry[${i}]/id`) === id) return `feed/entry[${i}]`;
  throw new Error(`no entry with id ${id}`);
}

function count(file: string, expr: string): number {
  const steps = expr.replace(/(^|\/)([a-z]+)/g, "$1*[local-name()='$2']");
  return Number(xmllint("--xpath", `count(/${steps})`, file).out);
}

beforeAll(() => {
  feed = build(ROOT);
});

describe("the Atom feed", () => {
  it("is well-formed XML and valid Atom (RELAX NG schema of RFC 4287)", () => {
    expect(xmllint("--noout", feed).code).toBe(0);
    const r = xmllint("--noout", "--relaxng", SCHEMA, feed);
    expect(r.err).toContain("validates");
    expect(r.code).toBe(0);
  });

  it("meets the rules the schema leaves to Schematron: authors and alternate links", () => {
    // RFC 4287 4.1.1/4.1.2, in the schema only as s:rule annotations that xmllint skips.
    expect(count(feed, "feed/author")).toBeGreaterThan(0);
    expect(count(feed, "feed/entry[not(*[local-name()='author'])]")).toBe(0);
    expect(count(feed, "feed/entry[not(*[local-name()='link'][@rel='alternate'])]")).toBe(0);
  });

  it("has one entry per letter, newest first, with the letter's page and PDF", () => {
    const letters = [...project.letters].reverse();
    expect(count(feed, "feed/entry")).toBe(letters.length);
    letters.forEach((letter, i) => {
      const entry = `feed/entry[${i + 1}]`;
      expect(xpath(feed, `${entry}/id`)).toBe(`${project.site.url}${letter.url}`);
      expect(xpath(feed, `${entry}/title`)).toBe(letter.title);
      expect(xpath(feed, `${entry}/link[@rel='alternate']/@href`)).toBe(`${project.site.url}${letter.url}`);
      expect(xpath(feed, `${entry}/link[@rel='enclosure']/@href`)).toBe(`${project.site.url}${letter.pdfUrl}`);
      expect(xpath(feed, `${entry}/link[@rel='enclosure']/@type`)).toBe("application/pdf");
      expect(xpath(feed, `${entry}/author/name`)).toBe(project.organisations.get(letter.organisation)!.name);
      expect(xpath(feed, `${entry}/published`)).toBe(letterTimestamp(letter.date));
      expect(xpath(feed, `${entry}/updated`)).toBe(letterTimestamp(letter.date));
    });
    const published = letters.map((_, i) => Date.parse(xpath(feed, `feed/entry[${i + 1}]/published`)));
    expect(published).toEqual([...published].sort((a, b) => b - a));
    expect(new Set(published).size).toBe(letters.length);
  });

  it("says in Dutch what each letter is", () => {
    expect(xpath(feed, "feed/@xml:lang")).toBe("nl");
    const entry = (l: string) => entryWithId(feed, `${project.site.url}${project.letters.find((x) => x.inputPath === l)!.url}`);
    expect(xpath(feed, `${entry(LETTER_2)}/summary`)).toBe(
      "Voortgangsrapportage van Gemeente Emmen, 29 september 2015: 2e Voortgangsrapportage Investeringsplan meerjarenbeleidskader Werk en Wederkerigheid",
    );
    expect(xpath(feed, `${entry(LETTER_4)}/summary`)).toContain("24 november 2015 (concept)");
    expect(xpath(feed, `${entry("content/groningen/2019/2019-11-12-uitnodiging-commissie-werk-en-inkomen.md")}/summary`)).toBe(
      "Memo van Gemeente Groningen, 12 november 2019 (concept): Uitnodiging commissie Werk en Inkomen",
    );
  });

  it("is dated by the newest letter, with correct Amsterdam offsets, not by the build clock", () => {
    expect(xpath(feed, "feed/updated")).toBe("2019-11-12T12:00:00+01:00"); // the newest: the Groningen memo, CET
    const entry = (l: string) => entryWithId(feed, `${project.site.url}${project.letters.find((x) => x.inputPath === l)!.url}`);
    expect(xpath(feed, `${entry(LETTER_4)}/updated`)).toBe("2015-11-24T12:00:00+01:00"); // CET after 25 October
    expect(xpath(feed, `${entry(LETTER_2)}/updated`)).toBe("2015-09-29T12:00:00+02:00"); // CEST
    const newest = project.letters.map((l) => l.date).sort().at(-1)!;
    expect(xpath(feed, "feed/updated")).toBe(letterTimestamp(newest));
  });

  it("has only absolute URLs, those on the site starting with the configured site URL", () => {
    const xml = readFileSync(feed, "utf8");
    const hrefs = [...xml.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]!);
    const ids = [...xml.matchAll(/<id>([^<]*)<\/id>/g)].map((m) => m[1]!);
    const uris = [...xml.matchAll(/<uri>([^<]*)<\/uri>/g)].map((m) => m[1]!);
    expect(hrefs.length).toBe(2 + 2 * project.letters.length);
    expect(ids.length).toBe(1 + project.letters.length);
    for (const url of [...hrefs, ...ids]) expect(url.startsWith(`${project.site.url}/`), url).toBe(true);
    for (const url of [...hrefs, ...ids, ...uris]) expect(new URL(url).protocol, url).toMatch(/^https?:$/);
    expect(xpath(feed, "feed/link[@rel='self']/@href")).toBe(`${project.site.url}/feed.xml`);
    expect(xpath(feed, "feed/link[@rel='self']/@type")).toBe("application/atom+xml");
  });

  it("is announced in the head of every page", () => {
    const index = readFileSync(path.join(path.dirname(feed), "index.html"), "utf8");
    expect(index).toMatch(/<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="\/feed\.xml">/);
  });
});

describe("the validator", () => {
  it("rejects a broken feed: a date without time, an entry without id", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "raadsbrief-feed-kapot-"));
    const xml = readFileSync(feed, "utf8");
    const noTime = path.join(dir, "zonder-tijd.xml");
    writeFileSync(noTime, xml.replace("<updated>2015-11-24T12:00:00+01:00</updated>", "<updated>2015-11-24</updated>"));
    const noId = path.join(dir, "zonder-id.xml");
    writeFileSync(noId, xml.replace(/<entry>\s*<id>[^<]*<\/id>/, "<entry>"));
    for (const file of [noTime, noId]) {
      const r = xmllint("--noout", "--relaxng", SCHEMA, file);
      expect(r.code, file).not.toBe(0);
      expect(r.err).toContain("fails to validate");
    }
  });
});

describe("a feed with awkward text and a site under a base path", () => {
  it("escapes <, &, quotes and keeps the base path in every URL", () => {
    const dir = copyProject();
    edit(path.join(dir, "data/site.yaml"), "naam: Raadsbrieven van Emmen, Coevorden en Groningen", `naam: 'Raadsbrieven <B&W> "Emmen"'`);
    edit(path.join(dir, "data/site.yaml"), "url: https://raadsbrief.example.nl", "url: https://www.example.nl/raad/brieven/");
    edit(
      path.join(dir, LETTER_4),
      "onderwerp: 4e Voortgangsrapportage Investeringsplan meerjarenbeleidskader Werk en Wederkerigheid",
      `onderwerp: '4e rapportage <script>alert(1)</script> & "Werk" ''n Wederkerigheid'`,
    );
    const awkward = build(dir);
    expect(xmllint("--noout", "--relaxng", SCHEMA, awkward).code).toBe(0);
    expect(xpath(awkward, "feed/title")).toBe('Raadsbrieven <B&W> "Emmen"');
    const entry4 = entryWithId(awkward, "https://www.example.nl/raad/brieven/emmen/2015/11/4e-voortgangsrapportage-investeringsplan/");
    expect(xpath(awkward, `${entry4}/title`)).toBe(`4e rapportage <script>alert(1)</script> & "Werk" 'n Wederkerigheid`);
    expect(readFileSync(awkward, "utf8")).not.toContain("<script>");
    expect(xpath(awkward, "feed/link[@rel='self']/@href")).toBe("https://www.example.nl/raad/brieven/feed.xml");
    expect(xpath(awkward, `${entry4}/link[@rel='alternate']/@href`)).toBe(
      "https://www.example.nl/raad/brieven/emmen/2015/11/4e-voortgangsrapportage-investeringsplan/",
    );
  });
});
