// `npm run import`: brings the series in data/reeksen/ up to date from CBS StatLine
// or a spreadsheet. Everything is fetched and read first, then the edits are planned
// per region (new, changed, unchanged, illustrative replaced), checked as a whole and
// written all at once (commit.ts). Months a published letter used and that now
// change are listed with both figures, for an erratum.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { ProjectError } from "../model/diagnostics.ts";
import { readProject, type Project } from "../model/load.ts";
import { cbsMappingOf, excelMappingOf, type CbsMapping, type ExcelMapping } from "../model/source-mapping.ts";
import type { CbsStatus, IsoDate, Letter, Month, Observation, Series } from "../model/types.ts";
import { suggest } from "../model/validate.ts";
import { fetchRegion, tableMeta, type CbsContext, type TableMeta } from "./cbs.ts";
import { checkEdits, writeAll, type FileEdit } from "./commit.ts";
import { ImportError } from "./errors.ts";
import { readRegionColumn, type Workbook } from "./excel.ts";
import { editSeriesText, type ValueUpdate } from "./yaml-edit.ts";

export type ImportSource = { kind: "cbs"; ctx: CbsContext } | { kind: "excel"; workbook: Workbook; file: string };

export interface ImportOptions {
  root: string;
  source: ImportSource;
  /** --reeks: only this series. */
  series?: string;
  /** The day figures are fetched (`opgehaald`). */
  today: IsoDate;
}

export interface Incoming {
  month: Month;
  value: number;
  status?: CbsStatus;
}

export interface MonthChange {
  month: Month;
  before: Observation;
  after: Incoming;
}

export interface RegionOutcome {
  series: Series;
  file: string;
  region: { id: string; name: string };
  /** "CBS 82015NED, GM0114" or "Klanten!B". */
  from: string;
  added: Incoming[];
  changed: MonthChange[];
  /** Illustrative figures (`illustratief: true`) replaced by the real one. */
  replaced: MonthChange[];
  unchanged: number;
}

export interface Revision {
  letter: Letter;
  seriesId: string;
  regionName: string;
  month: Month;
  sent: number;
  now: Incoming;
}

export interface ImportReport {
  outcomes: RegionOutcome[];
  revisions: Revision[];
  edits: FileEdit[];
}

type Raw = Record<string, any>;
type Mapped = { region: string; mapping: CbsMapping } | { region: string; mapping: ExcelMapping };

function seriesFile(id: string): string {
  return `data/reeksen/${id}.yaml`;
}

/** The series to import, each with its regions' mappings of this source's kind. */
function selectSeries(project: Project, root: string, kind: ImportSource["kind"], only?: string): { series: Series; text: string; mapped: Mapped[] }[] {
  if (only !== undefined && !project.series.has(only)) {
    const guess = suggest(only, [...project.series.keys()]);
    throw new ImportError(`Reeks '${only}' bestaat niet in data/reeksen/.${guess ? ` Bedoelde u '${guess}'?` : ""}`);
  }
  const out = [];
  for (const series of [...project.series.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    if (only !== undefined && series.id !== only) continue;
    const text = readFileSync(path.join(root, seriesFile(series.id)), "utf8");
    const raw = parse(text) as Raw;
    const mapped: Mapped[] = [];
    for (const region of series.regions) {
      const resolved = kind === "cbs" ? cbsMappingOf(raw, region.id) : excelMappingOf(raw, region.id);
      if (resolved && "mapping" in resolved) mapped.push({ region: region.id, mapping: resolved.mapping } as Mapped);
    }
    if (mapped.length) out.push({ series, text, mapped });
  }
  if (out.length === 0) {
    const block = kind === "cbs" ? "`cbs: GM0114` (en bovenaan `cbs: { tabel: …, kolom: … }`)" : "`excel: B` (en bovenaan `excel: { blad: …, maanden: A }`)";
    throw new ImportError(`${only ? `Reeks '${only}' heeft` : "Geen reeks in data/reeksen/ heeft"} geen regio met ${block}; er is niets te importeren. Zie README, 'Cijfers importeren'.`);
  }
  return out;
}

/** What happens to one month: nothing, a new figure, a changed figure, or an illustrative one replaced. */
export function classify(before: Observation | undefined, after: Incoming): "new" | "changed" | "replaced" | "unchanged" {
  if (!before) return "new";
  if (before.illustrative) return "replaced";
  if (before.value !== after.value) return "changed";
  if (before.status === after.status) return "unchanged";
  // A figure typed by hand that CBS now calls final is the same figure.
  if (before.status === undefined && (after.status === undefined || after.status === "definitief")) return "unchanged";
  return "changed";
}

function planRegion(series: Series, file: string, regionId: string, from: string, incoming: Incoming[]): RegionOutcome {
  const region = series.regions.find((r) => r.id === regionId)!;
  const first = region.observations[0]?.month ?? "";
  const outcome: RegionOutcome = { series, file, region: { id: region.id, name: region.name }, from, added: [], changed: [], replaced: [], unchanged: 0 };
  for (const figure of incoming) {
    // A series starts where its file starts: earlier history is not added.
    if (figure.month < first) continue;
    const before = region.observations.find((o) => o.month === figure.month);
    const kind = classify(before, figure);
    if (kind === "new") outcome.added.push(figure);
    else if (kind === "unchanged") outcome.unchanged++;
    else (kind === "replaced" ? outcome.replaced : outcome.changed).push({ month: figure.month, before: before!, after: figure });
  }
  return outcome;
}

/** Months a published letter used whose figure this import changes. */
function revisionsOf(project: Project, outcomes: RegionOutcome[]): Revision[] {
  const out: Revision[] = [];
  for (const letter of project.letters) {
    const frozen = project.frozen.get(letter.inputPath);
    if (!frozen || !project.manifest.brieven[letter.inputPath]) continue;
    for (const o of outcomes) {
      const sent = frozen.data.series[o.series.id]?.regions.find((r) => r.id === o.region.id);
      if (!sent) continue;
      for (const change of [...o.changed, ...o.replaced]) {
        const obs = sent.observations.find((x) => x.month === change.month);
        if (obs && obs.value !== change.after.value) out.push({ letter, seriesId: o.series.id, regionName: o.region.name, month: change.month, sent: obs.value, now: change.after });
      }
    }
  }
  return out;
}

async function incomingFor(source: ImportSource, series: Series, m: Mapped, tables: Map<string, TableMeta>): Promise<{ from: string; figures: Incoming[] }> {
  const region = series.regions.find((r) => r.id === m.region)!;
  const label = `${region.name} (reeks ${series.id})`;
  if (source.kind === "cbs") {
    const mapping = m.mapping as CbsMapping;
    let meta = tables.get(mapping.table);
    if (!meta) {
      meta = await tableMeta(source.ctx, mapping.table);
      tables.set(mapping.table, meta);
    }
    const figures = await fetchRegion(source.ctx, meta, mapping, label, series.decimals);
    return { from: `CBS ${mapping.table}${mapping.region ? `, ${mapping.region}` : ""}`, figures };
  }
  const mapping = m.mapping as ExcelMapping;
  const figures = readRegionColumn(source.workbook, mapping, region.name, series.decimals);
  return { from: `${mapping.sheet}!${mapping.column}`, figures: figures.map((f) => ({ month: f.month, value: f.value })) };
}

/** Fetches, plans, checks and writes; nothing is written unless all of it succeeds. */
export async function runImport(opts: ImportOptions): Promise<ImportReport> {
  const project = readProject(opts.root);
  if (project.diagnostics.errors.length) throw new ProjectError(project.diagnostics);
  const selected = selectSeries(project, opts.root, opts.source.kind, opts.series);
  const tables = new Map<string, TableMeta>();
  const outcomes: RegionOutcome[] = [];
  const edits: FileEdit[] = [];
  for (const { series, text, mapped } of selected) {
    const updates: ValueUpdate[] = [];
    for (const m of mapped) {
      const { from, figures } = await incomingFor(opts.source, series, m, tables);
      const outcome = planRegion(series, seriesFile(series.id), m.region, from, figures);
      outcomes.push(outcome);
      for (const f of [...outcome.added, ...outcome.changed.map((c) => c.after), ...outcome.replaced.map((c) => c.after)]) {
        updates.push({ region: m.region, month: f.month, value: f.value, ...(f.status ? { status: f.status, retrieved: opts.today } : {}) });
      }
    }
    const after = editSeriesText(text, updates);
    if (after !== text) edits.push({ path: seriesFile(series.id), before: text, after });
  }
  if (edits.length) {
    checkEdits(opts.root, edits);
    writeAll(opts.root, edits);
  }
  return { outcomes, revisions: revisionsOf(project, outcomes), edits };
}
