// Freezing a letter's figures at publication: exactly the values its figures use,
// written beside the letter as <letter>.cijfers.yaml. From then on the letter is
// built from this file, whatever happens to data/ later.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { sliceLetterData } from "../figures/letter-data.ts";
import { FROZEN_SUFFIX, fromSeries, type Project } from "../model/load.ts";
import type { Letter } from "../model/types.ts";

export function frozenPath(project: Project, letter: Letter): string {
  return path.join(project.root, letter.inputPath.replace(/\.md$/, FROZEN_SUFFIX));
}

/** The frozen-figures file's text: deterministic for the same data. */
export function frozenText(project: Project, letter: Letter, frozenOn: string): string {
  const data = sliceLetterData(letter, project.series, project.tables);
  const tables = Object.keys(data.tables).sort();
  const doc = {
    brief: path.basename(letter.inputPath),
    bevroren_op: frozenOn,
    reeksen: Object.fromEntries(Object.entries(data.series).map(([id, s]) => [id, fromSeries(s)])),
    // Tables are frozen as read from data/tabellen/, whole: a table is one source document.
    ...(tables.length ? { tabellen: Object.fromEntries(tables.map((id) => [id, project.tableRaw.get(id)])) } : {}),
  };
  const header = [
    `# Bevroren cijfers van ${path.basename(letter.inputPath)}, zoals verzonden op ${frozenOn}.`,
    "# Niet bewerken: de brief wordt voortaan uit dit bestand gebouwd. Een correctie gaat via een erratum.",
    "",
  ].join("\n");
  return header + stringify(doc, { lineWidth: 0, sortMapEntries: false });
}

/** Writes the frozen figures; refuses to overwrite an existing freeze. */
export function freezeLetter(project: Project, letter: Letter, frozenOn: string): string {
  const file = frozenPath(project, letter);
  if (existsSync(file)) throw new Error(`De cijfers van ${letter.inputPath} zijn al bevroren (${path.relative(project.root, file)}).`);
  writeFileSync(file, frozenText(project, letter, frozenOn), { flag: "wx" });
  return file;
}
