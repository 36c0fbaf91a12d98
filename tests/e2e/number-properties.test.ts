// The property test's end (tests/unit/number-properties.test.ts does 600 edits in
// process): a handful of seeded edits through the real `npm run build -- --zonder-pdf`,
// each checked in the built page: the table row shows the number the edited text means.
import { afterAll, describe, expect, it } from "vitest";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { formatCount } from "../../scripts/format/nl.ts";
import { runCliAsync } from "../corpus.ts";
import { copyProject } from "../helpers.ts";
import { prng, readSource } from "../number-edits.ts";

const SEED = Number(process.env.RB_SEED ?? 20151124);

interface Shown {
  file: string;
  /** The number's place in the file. */
  at: string;
  page: string;
  figure: string;
  row: string;
}

const CASES: Shown[] = [
  { file: "data/reeksen/bijstandsvolume.yaml", at: "regios/emmen/waarden/2015-01", page: "emmen/2015/11/4e-voortgangsrapportage-investeringsplan/index.html", figure: "bijstand-tabel", row: "Emmen" },
  { file: "data/reeksen/bijstandsvolume.yaml", at: "regios/emmen/waarden/2015-08", page: "emmen/2015/11/4e-voortgangsrapportage-investeringsplan/index.html", figure: "bijstand-trend", row: "augustus 2015" },
  { file: "data/reeksen/bijstandsvolume.yaml", at: "regios/nederland/waarden/2015-09/waarde", page: "emmen/2015/11/4e-voortgangsrapportage-investeringsplan/index.html", figure: "bijstand-tabel", row: "Nederland" },
  { file: "data/tabellen/jongerenloket-2006.yaml", at: "rijen/0/realisatie", page: "emmen/2007/01/beleidsplan-werk-en-inkomen-2007-2010/index.html", figure: "jongerenloket", row: "Poortwachter" },
  { file: "data/tabellen/aanvragen-ww-2002-2010.yaml", at: "jaren/2003", page: "emmen/2007/01/beleidsplan-werk-en-inkomen-2007-2010/index.html", figure: "aanvragen-ww", row: "2003" },
  { file: "data/tabellen/afspraakbanen-groningen-2017.yaml", at: "rijen/0/taakstelling", page: "groningen/2018/04/jaarverslag-2017-werk-en-inkomen/index.html", figure: "afspraakbanen", row: "Afspraakbanen" },
];

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A seeded change of one digit after the first (so the number stays plainly written). */
function edited(c: Shown, rand: () => number) {
  const dir = copyProject();
  dirs.push(dir);
  const src = readSource(c.file, readFileSync(path.join(dir, c.file), "utf8"));
  const token = src.tokens.find((t) => t.path.join("/") === c.at)!;
  const written = src.text.slice(token.start, token.end);
  const i = 1 + Math.floor(rand() * (written.length - 1));
  const now = written.slice(0, i) + String((Number(written[i]) + 1 + Math.floor(rand() * 9)) % 10) + written.slice(i + 1);
  writeFileSync(path.join(dir, c.file), src.text.slice(0, token.start) + now + src.text.slice(token.end));
  return { dir, before: token.value, meant: Number(now) };
}

describe(`seeded edits through the real build (seed ${SEED})`, () => {
  const rand = prng(SEED);
  const runs = CASES.map((c) => ({ c, ...edited(c, rand) }));

  it.concurrent.each(runs)("$c.file $c.at: $before → $meant shows in '$c.figure'", async ({ c, dir, before, meant }) => {
    // The concept letter shows today's data: built with the concepts.
    const r = await runCliAsync("build", ["--zonder-pdf", "--met-concepten"], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const html = readFileSync(path.join(dir, "_site", c.page), "utf8");
    const figure = html.slice(html.indexOf(`id="fig-${c.figure}"`), html.indexOf("</figure>", html.indexOf(`id="fig-${c.figure}"`)));
    const row = figure.split("</tr>").find((tr) => new RegExp(`<th scope="row"[^>]*>${c.row}\\b`).test(tr));
    expect(row, `row ${c.row} in fig-${c.figure}`).toBeDefined();
    const cell = (n: number) => new RegExp(`getal"[^>]*>${formatCount(n).replaceAll(".", "\\.")}[<&]`);
    expect(row).toMatch(cell(meant));
    expect(row).not.toMatch(cell(before));
  });
});
