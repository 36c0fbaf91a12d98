// Property test (issue 14, point 7): random edits to the sample's series and table
// files (tests/number-edits.ts: digits changed, thousands separators, decimal commas,
// quotes, keys swapped or duplicated, lines deleted). For each edit, EITHER readProject
// reports an error in that file with a line, OR the loaded figures are exactly the
// numbers the edited text means, in project.series / project.tables and in every figure
// computed from them. Edits that must be refused or accepted are held to that.
// Seeded: RB_SEED=<n> repeats a run; a failure names the seed and the case.
import { afterAll, describe, expect, it } from "vitest";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { computeFigure } from "../../scripts/figures/compute.ts";
import { readProject, type Project } from "../../scripts/model/load.ts";
import { isSeriesFigure, type DataTable, type Series } from "../../scripts/model/types.ts";
import { copyProject } from "../helpers.ts";
import { meantSeries, meantTable, prng, randomEdit, readSource, type Edit, type SourceFile } from "../number-edits.ts";

const SEED = Number(process.env.RB_SEED ?? 20151124);
const CASES = 600;
const FILES = [
  "data/reeksen/bijstandsvolume.yaml",
  "data/reeksen/bijstandsdossiers.yaml",
  "data/tabellen/aanvragen-ww-2002-2010.yaml",
  "data/tabellen/afspraakbanen-groningen-2017.yaml",
  "data/tabellen/jongerenloket-2006.yaml",
  "data/tabellen/participatiebudget-groningen-2020.yaml",
  "data/tabellen/prognose-bijstand-emmen-coevorden.yaml",
  "data/tabellen/vacatureloket-2006.yaml",
  "data/tabellen/vestigingen-banen-coevorden-2006.yaml",
  "data/tabellen/vestigingen-banen-emmen-2006.yaml",
];
/** Checks across numbers: an accepted number may still make a total or a band wrong. */
const ACROSS = new Set(["RB-TOTAAL-KLOPT-NIET", "RB-BANDBREEDTE", "RB-NUL"]);

const dir = copyProject();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A figure computed, or the reason it cannot be: equal data give equal outcomes. */
function figureOf(compute: () => unknown): unknown {
  try {
    return compute();
  } catch (error) {
    return { fails: error instanceof Error ? error.message : String(error) };
  }
}

/** What is wrong with the outcome of an edit, or undefined. */
function judge(src: SourceFile, edit: Edit, project: Project, baseline: Project): string | undefined {
  const errors = project.diagnostics.errors.filter((e) => e.file === src.file);
  const located = errors.filter((e) => e.line !== undefined);
  const codes = errors.map((e) => `${e.code}@${e.line ?? "-"}`).join(", ") || "none";
  if (edit.refusedAt) return located.some((e) => edit.refusedAt!.includes(e.line!)) ? undefined : `must be refused at line ${edit.refusedAt.join(" or ")}; errors: ${codes}`;
  if (edit.accepted && errors.some((e) => !ACROSS.has(e.code))) return `must be accepted; errors: ${codes}`;
  if (!edit.accepted && located.length > 0) return undefined; // refused, with its place
  if (errors.length > 0 && !edit.accepted) return `an error without a line: ${codes}`;

  const loaded: Series | DataTable | undefined = src.kind === "reeks" ? project.series.get(src.id) : project.tables.get(src.id);
  let meant: Series | DataTable | undefined;
  try {
    meant = src.kind === "reeks" ? meantSeries(src.id, edit.meant!) : meantTable(src.id, edit.meant!);
  } catch {
    return `accepted, but the text means nothing loadable; errors: ${codes}`;
  }
  if (!isDeepStrictEqual(loaded, meant)) return `loaded ${JSON.stringify(loaded)}\nbut the text means ${JSON.stringify(meant)}`;
  for (const letter of baseline.letters) {
    if (baseline.frozen.has(letter.inputPath)) continue; // built from its frozen figures, not data/
    for (const def of letter.figures) {
      const uses = isSeriesFigure(def) ? def.series === src.id : def.table === src.id;
      if (!uses) continue;
      const data = (x: Series | DataTable | undefined) => (src.kind === "reeks" ? { series: { [src.id]: x as Series }, tables: {} } : { series: {}, tables: { [src.id]: x as DataTable } });
      const got = figureOf(() => computeFigure(def, data(loaded), letter.peildatum));
      const want = figureOf(() => computeFigure(def, data(meant), letter.peildatum));
      if (!isDeepStrictEqual(got, want)) return `figure '${def.id}' of ${letter.inputPath}: computed ${JSON.stringify(got)}\nbut the text means ${JSON.stringify(want)}`;
    }
  }
  return undefined;
}

describe("random edits of the sample's numbers", () => {
  it(`${CASES} edits are read as meant or refused with file and line (seed ${SEED})`, () => {
    const baseline = readProject(dir);
    expect(baseline.diagnostics.errors).toEqual([]);
    const sources = FILES.map((f) => readSource(f, readFileSync(path.join(dir, f), "utf8")));
    const rand = prng(SEED);
    const failures: string[] = [];
    const outcome = { refused: 0, loaded: 0 };
    for (let n = 0; n < CASES; ) {
      const src = sources[Math.floor(rand() * sources.length)]!;
      const edit = randomEdit(src, rand);
      if (!edit) continue;
      const file = path.join(dir, src.file);
      writeFileSync(file, edit.text);
      const project = readProject(dir);
      writeFileSync(file, src.text);
      const problem = judge(src, edit, project, baseline);
      if (problem) failures.push(`case ${n} of seed ${SEED} (RB_SEED=${SEED}): ${src.file}: ${edit.description}: ${problem}`);
      if (project.diagnostics.errors.some((e) => e.file === src.file)) outcome.refused++;
      else outcome.loaded++;
      n++;
    }
    expect(failures.slice(0, 5), `${failures.length} of ${CASES} edits went wrong`).toEqual([]);
    // Neither side is vacuous.
    expect(outcome.refused).toBeGreaterThan(CASES / 5);
    expect(outcome.loaded).toBeGreaterThan(CASES / 5);
  });
});
