// The site's navigation structure, derived from the project: the archive by year
// and month, listings by document type, and one page per series.
import type { Project } from "../model/load.ts";
import type { DocumentType, Letter, LetterSummary, Series } from "../model/types.ts";
import { formatMonthYear } from "../format/nl.ts";

const summaries = new WeakMap<Project, LetterSummary[]>();

/** Every letter as other pages may show it (no figures), in the project's order; one array per project. */
export function letterSummaries(project: Project): LetterSummary[] {
  let list = summaries.get(project);
  if (!list) {
    list = project.letters.map(({ figures: _figures, ...summary }) => Object.freeze(summary));
    summaries.set(project, list);
  }
  return list;
}

/** The summary of one of the project's letters. */
export function letterSummary(project: Project, letter: Letter): LetterSummary {
  return letterSummaries(project)[project.letters.indexOf(letter)]!;
}

export interface ArchiveMonth {
  year: string;
  month: string;
  label: string;
  url: string;
  letters: LetterSummary[];
}

export interface ArchiveYear {
  year: string;
  url: string;
  months: ArchiveMonth[];
  count: number;
}

const newestFirst = (a: LetterSummary, b: LetterSummary) => b.date.localeCompare(a.date) || a.inputPath.localeCompare(b.inputPath);

export function archive(project: Project): ArchiveYear[] {
  const years = new Map<string, Map<string, LetterSummary[]>>();
  for (const letter of letterSummaries(project)) {
    const [y, m] = letter.date.split("-") as [string, string];
    const months = years.get(y) ?? new Map<string, LetterSummary[]>();
    months.set(m, [...(months.get(m) ?? []), letter]);
    years.set(y, months);
  }
  return [...years.keys()]
    .sort()
    .reverse()
    .map((year) => {
      const months = [...years.get(year)!.entries()]
        .sort(([a], [b]) => b.localeCompare(a))
        .map(([month, letters]) => ({ year, month, label: formatMonthYear(`${year}-${month}`), url: `/brieven/${year}/${month}/`, letters: letters.sort(newestFirst) }));
      return { year, url: `/brieven/${year}/`, months, count: months.reduce((n, m) => n + m.letters.length, 0) };
    });
}

export function archiveMonths(project: Project): ArchiveMonth[] {
  return archive(project).flatMap((y) => y.months);
}

export interface TypeListing {
  type: DocumentType;
  url: string;
  letters: LetterSummary[];
}

export function typeListings(project: Project): TypeListing[] {
  return [...project.documentTypes.values()]
    .map((type) => ({ type, url: `/soorten/${type.id}/`, letters: letterSummaries(project).filter((l) => l.type === type.id).sort(newestFirst) }))
    .filter((t) => t.letters.length > 0);
}

export interface SeriesPage {
  series: Series;
  url: string;
  csvUrl: string;
  jsonUrl: string;
  /** All months with a value in any region, ascending. */
  months: string[];
  firstMonth: string;
  lastMonth: string;
  title: string;
}

export function seriesPages(project: Project): SeriesPage[] {
  return [...project.series.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((series) => {
      const months = [...new Set(series.regions.flatMap((r) => r.observations.map((o) => o.month)))].sort();
      const url = `/reeksen/${series.id}/`;
      return {
        series,
        url,
        csvUrl: `${url}${series.id}.csv`,
        jsonUrl: `${url}${series.id}.json`,
        months,
        firstMonth: months[0]!,
        lastMonth: months[months.length - 1]!,
        title: `${series.title} ${series.regions.map((r) => r.name).join(" en ")}`,
      };
    });
}

/** The latest letters, newest first. */
export function latestLetters(project: Project, n: number): LetterSummary[] {
  return [...letterSummaries(project)].sort(newestFirst).slice(0, n);
}
