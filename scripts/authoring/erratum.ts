// `npm run new -- erratum <brief>`: an erratum to a published letter. The erratum is
// a new letter (concept) with `corrigeert: <kenmerk>` and the original's reference
// fields. When figures the letter used were revised after it was sent (`npm run
// import` lists them), its first paragraph states, for every such month, what the
// letter said and what the source says now; otherwise it asks the writer to say
// what was wrong. The published letter itself never changes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import { formatDate, formatMonthYear, formatValue } from "../format/nl.ts";
import type { Project } from "../model/load.ts";
import type { Letter, Month, Observation } from "../model/types.ts";
import { ScaffoldError, type ScaffoldPlan } from "./scaffold.ts";

export interface FigureRevision {
  regionName: string;
  source: string;
  month: Month;
  decimals: number;
  sent: number;
  now: Observation;
}

/** Every month of the letter's frozen figures whose figure in data/ differs now. */
export function revisedFigures(project: Project, letter: Letter): FigureRevision[] {
  const frozen = project.frozen.get(letter.inputPath);
  if (!frozen) return [];
  const out: FigureRevision[] = [];
  for (const [sid, sent] of Object.entries(frozen.data.series)) {
    const live = project.series.get(sid);
    if (!live) continue;
    for (const region of sent.regions) {
      const current = live.regions.find((r) => r.id === region.id);
      for (const o of region.observations) {
        const now = current?.observations.find((x) => x.month === o.month);
        if (now && now.value !== o.value) out.push({ regionName: region.name, source: current!.source, month: o.month, decimals: live.decimals, sent: o.value, now });
      }
    }
  }
  return out.sort((a, b) => a.regionName.localeCompare(b.regionName) || a.month.localeCompare(b.month));
}

/** "het CBS geeft nu 3.551 (definitief)" */
function nowSays(r: FigureRevision): string {
  const who = r.source === "CBS" || r.now.status ? "het CBS" : r.source;
  return `${who} geeft nu ${formatValue(r.now.value, r.decimals)}${r.now.status ? ` (${r.now.status})` : ""}`;
}

/** The erratum's first paragraph: both figures for every revised month. */
export function erratumParagraph(letter: Letter, revisions: FigureRevision[]): string {
  const figures = revisions.map((r) => `Voor ${r.regionName}, ${formatMonthYear(r.month)} stond in de brief ${formatValue(r.sent, r.decimals)}; ${nowSays(r)}.`);
  return `In onze brief van ${formatDate(letter.date)} (kenmerk ${letter.onsKenmerk}) over „${letter.subject}” stonden cijfers die sindsdien zijn herzien. ${figures.join(" ")}`;
}

/** The erratum letter for `letter`, dated `date`; refuses an unpublished letter. */
export function planErratum(project: Project, letter: Letter, date: string): ScaffoldPlan {
  if (!project.manifest.brieven[letter.inputPath]) {
    throw new ScaffoldError(`${letter.inputPath} is niet gepubliceerd; een erratum is er alleen voor een verzonden brief. Een concept past u gewoon aan.`);
  }
  if (date < letter.date) throw new ScaffoldError(`Het erratum (${date}) kan niet eerder zijn dan de brief die het corrigeert (${letter.date}).`);
  const revisions = revisedFigures(project, letter);
  const text = readFileSync(path.join(project.root, letter.inputPath), "utf8");
  const m = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*\r?\n/.exec(text);
  if (!m) throw new ScaffoldError(`${letter.inputPath} heeft geen front matter.`);
  const doc = parseDocument(m[1]!);
  doc.set("datum", date);
  doc.set("status", "concept");
  doc.set("ons_kenmerk", "TODO");
  doc.set("uw_kenmerk", "");
  doc.set("onderwerp", `Erratum: ${letter.subject}`);
  doc.set("corrigeert", letter.onsKenmerk);
  // An erratum is not the next letter of the series and shows no figures of its own.
  for (const field of ["reeks", "figuren", "titel", "bijlage"]) doc.delete(field);
  const body = (
    revisions.length > 0
      ? ["", erratumParagraph(letter, revisions), "", "TODO: licht toe wat de herziene cijfers betekenen voor de conclusies van de brief, of schrijf dat ze die niet veranderen.", ""]
      : ["", `In onze brief van ${formatDate(letter.date)} (kenmerk ${letter.onsKenmerk}) over „${letter.subject}” staat een fout.`, "", "TODO: schrijf wat er in de brief stond en wat het moet zijn.", ""]
  ).join("\n");
  const letterPath = path.posix.join("content", letter.organisation, date.slice(0, 4), `${date}-erratum-${letter.slug}.md`);
  return { previous: letter, letterPath, files: [{ path: letterPath, content: `---\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}---\n${body}`, create: true }] };
}
