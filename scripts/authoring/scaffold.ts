// `npm run new`: the next letter of a series, scaffolded from the previous one of
// the same type and organisation. Reference fields carry over, the sequence advances,
// the narrative becomes TODO per section (figures and a memo's agenda lines stay), and
// each region of a series gets a marked place for the month its source is due next.
import { readFileSync } from "node:fs";
import path from "node:path";
import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import { addMonths, endOfMonth, monthOf } from "../figures/months.ts";
import { formatMonthYear } from "../format/nl.ts";
import type { Project } from "../model/load.ts";
import { FIGURE_TAG } from "../model/rules.ts";
import { isSeriesFigure, type Letter } from "../model/types.ts";
import { suggest } from "../model/validate.ts";

/** A memo's agenda line: "{% bespreking "PvdA", "SP" %}" (model/narrative.ts). */
const AGENDA_LINE = /^\{%-?\s*bespreking\b.*%\}\s*$/gm;

export class ScaffoldError extends Error {}

export interface PlannedFile {
  /** Relative to the project root. */
  path: string;
  content: string;
  /** True for a file that must not exist yet. */
  create: boolean;
}

export interface ScaffoldPlan {
  previous: Letter;
  letterPath: string;
  files: PlannedFile[];
}

/** The previous letter of this type (and organisation), the latest before `date`. */
export function previousLetter(project: Project, type: string, date: string, organisation?: string): Letter {
  // An erratum is no letter of the series: the next one follows the letter before it.
  const candidates = project.letters.filter((l) => l.type === type && !l.corrects && l.date < date && (!organisation || l.organisation === organisation));
  const previous = candidates[candidates.length - 1];
  if (!previous) {
    const types = [...new Set(project.letters.map((l) => l.type))].join(", ") || "(geen)";
    throw new ScaffoldError(`Geen eerdere brief van soort '${type}'${organisation ? ` van '${organisation}'` : ""} vóór ${date}. Soorten met brieven: ${types}.`);
  }
  return previous;
}

/** "2e Voortgangsrapportage" → "3e Voortgangsrapportage" when 2 is the old sequence number. */
export function advanceOrdinal(text: string, from: number, to: number): string {
  return text.replace(new RegExp(`(^|[^0-9])${from}e(?=[\\s-]|$)`), `$1${to}e`);
}

/** Keeps headings, figures and agenda lines; each section's prose becomes one TODO line. */
export function todoNarrative(body: string): string {
  const out: string[] = [];
  const sections = body.split(/^(?=#{1,6}\s)/m);
  for (const section of sections) {
    const lines = section.split("\n");
    const heading = /^#{1,6}\s/.test(lines[0] ?? "") ? lines.shift()! : undefined;
    const text = lines.join("\n");
    const figures = [...text.matchAll(FIGURE_TAG)].map((m) => m[0]);
    const agenda = [...text.matchAll(AGENDA_LINE)].map((m) => m[0].trim());
    const prose = text.replace(FIGURE_TAG, "").replace(AGENDA_LINE, "").replace(/\s+/g, " ").trim();
    if (heading) out.push(heading, "");
    if (prose) {
      const hint = prose.split(" ").slice(0, 8).join(" ");
      out.push(`TODO: schrijf deze paragraaf (vorige keer: „${hint} …”).`, "");
    }
    for (const f of figures) out.push(f, "");
    for (const a of agenda) out.push(a, "");
  }
  return `\n${out.join("\n").trim()}\n`;
}

/**
 * Inserts a commented placeholder "# 2015-09:" after each region's last month, for the
 * month its source is due next: the month after that last one, if it is not after
 * `month` (the new letter's peil month). A national figure that lags (CBS publishes
 * Nederland later than the municipality counts) gets the month it can have, not one
 * that cannot be filled in yet; a region that is complete gets none.
 */
export function seriesPlaceholder(text: string, regions: string[], month: string): string {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter });
  const lines = text.split("\n");
  const inserts: { after: number; line: string }[] = [];
  const regios = doc.get("regios", true);
  if (!isMap(regios)) return text;
  for (const rid of regions) {
    const region = regios.get(rid, true);
    if (!isMap(region)) continue;
    const waarden = region.get("waarden", true);
    if (!isMap(waarden) || waarden.items.length === 0) continue;
    const last = waarden.items[waarden.items.length - 1]!;
    const lastMonth = isScalar(last.key) ? String(last.key.value) : "";
    const due = /^\d{4}-\d{2}$/.test(lastMonth) ? addMonths(lastMonth, 1) : month;
    if (due > month) continue;
    const key = last.key as { range?: [number, number, number] };
    const value = last.value as { range?: [number, number, number] };
    if (!key.range || !value?.range) continue;
    const keyPos = lineCounter.linePos(key.range[0]);
    const endLine = lineCounter.linePos(Math.max(value.range[1] - 1, key.range[0])).line;
    const indent = " ".repeat(keyPos.col - 1);
    const marker = `${indent}# ${due}:`;
    if (lines.some((l) => l.startsWith(marker))) continue;
    inserts.push({ after: endLine, line: `${marker}     # TODO: vul het cijfer voor ${formatMonthYear(due)} in en haal het #-teken weg` });
  }
  for (const ins of inserts.sort((a, b) => b.after - a.after)) lines.splice(ins.after, 0, ins.line);
  return lines.join("\n");
}

/**
 * The organisation a new letter is for: the one named (a typo gets "Bedoelde u …?"),
 * or the only one. With more and none named, undefined: the caller asks on a terminal
 * or refuses with the list (cli/new.ts).
 */
export function chooseOrganisation(project: Project, named: string | undefined): string | undefined {
  const ids = [...project.organisations.keys()].sort();
  if (named !== undefined) {
    if (project.organisations.has(named)) return named;
    const guess = suggest(named, ids);
    throw new ScaffoldError(`Organisatie '${named}' bestaat niet in data/organisaties/.${guess ? ` Bedoelde u '${guess}'?` : ""} Kies uit: ${ids.join(", ")}.`);
  }
  return ids.length === 1 ? ids[0] : undefined;
}

/** The document type named; a typo gets "Bedoelde u …?". */
function checkType(project: Project, type: string): void {
  if (project.documentTypes.has(type)) return;
  const ids = [...project.documentTypes.keys()];
  const guess = suggest(type, ids);
  throw new ScaffoldError(`Onbekende documentsoort '${type}'.${guess ? ` Bedoelde u '${guess}'?` : ""} Kies uit: ${ids.join(", ")}.`);
}

/** Fields a type uses: required, in its reference block, or always part of a letter. */
function typeUses(project: Project, type: string, field: string): boolean {
  const t = project.documentTypes.get(type)!;
  return t.required.includes(field) || t.referenceFields.includes(field);
}

export function planNewLetter(project: Project, opts: { type: string; date: string; organisation?: string }): ScaffoldPlan {
  checkType(project, opts.type);
  const organisation = chooseOrganisation(project, opts.organisation);
  if (organisation === undefined) {
    // The example names an organisation that has a letter of this type to start from.
    const example = project.letters.filter((l) => l.type === opts.type && l.date < opts.date).at(-1)?.organisation ?? [...project.organisations.keys()].sort()[0];
    throw new ScaffoldError(
      `Voor welke organisatie is de nieuwe brief? Er zijn er ${project.organisations.size}: ${[...project.organisations.keys()].sort().join(", ")}. Geef --organisatie <naam>, bijvoorbeeld: npm run new -- ${opts.type} ${opts.date} --organisatie ${example}`,
    );
  }
  const previous = previousLetter(project, opts.type, opts.date, organisation);
  const text = readFileSync(path.join(project.root, previous.inputPath), "utf8");
  const m = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*\r?\n/.exec(text);
  if (!m) throw new ScaffoldError(`${previous.inputPath} heeft geen front matter.`);
  const doc = parseDocument(m[1]!);
  const from = previous.sequence?.number;
  const to = from !== undefined ? from + 1 : undefined;
  // Figures are as of the end of the month before the letter's month.
  const peilMonth = addMonths(monthOf(opts.date), -1);

  doc.set("datum", opts.date);
  // Only the fields this type uses, or the previous letter had: a memo gets no peildatum or uw_kenmerk.
  const uses = (field: string) => typeUses(project, opts.type, field) || doc.has(field);
  if (uses("peildatum") || previous.figures.some(isSeriesFigure)) doc.set("peildatum", endOfMonth(peilMonth));
  doc.set("status", "concept");
  doc.set("ons_kenmerk", "TODO");
  if (uses("uw_kenmerk")) doc.set("uw_kenmerk", "");
  if (from !== undefined && to !== undefined) {
    doc.setIn(["reeks", "volgnummer"], to);
    for (const field of ["onderwerp", "titel", "bijlage"]) {
      const value = doc.get(field);
      if (typeof value === "string") doc.set(field, advanceOrdinal(value, from, to));
    }
  }
  const slug = from !== undefined && to !== undefined ? advanceOrdinal(previous.slug, from, to) : previous.slug;
  const letterPath = path.posix.join("content", previous.organisation, opts.date.slice(0, 4), `${opts.date}-${slug}.md`);
  const body = todoNarrative(project.bodies.get(previous.inputPath) ?? "");
  const files: PlannedFile[] = [{ path: letterPath, content: `---\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}---\n${body}`, create: true }];

  const regionsBySeries = new Map<string, Set<string>>();
  for (const f of previous.figures.filter(isSeriesFigure)) {
    const set = regionsBySeries.get(f.series) ?? new Set<string>();
    f.regions.forEach((r) => set.add(r));
    regionsBySeries.set(f.series, set);
  }
  for (const [sid, regions] of regionsBySeries) {
    const file = path.posix.join("data", "reeksen", `${sid}.yaml`);
    const before = readFileSync(path.join(project.root, file), "utf8");
    const after = seriesPlaceholder(before, [...regions], peilMonth);
    if (after !== before) files.push({ path: file, content: after, create: false });
  }
  return { previous, letterPath, files };
}
