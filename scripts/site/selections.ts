// The archive by organisation, year and document type: a static page for every
// combination that has letters (scripts/model/urls.ts: selectionUrl), each with the
// filters as plain links to its neighbours, so filtering works without JavaScript.
// The page of an organisation (/<organisatie>/) sums up its letters, years, types
// and series.
import type { Project } from "../model/load.ts";
import type { DocumentType, Identity, LetterSummary, Organisation } from "../model/types.ts";
import { organisationIdentity } from "../model/site-identity.ts";
import { organisationUrl, selectionUrl } from "../model/urls.ts";
import { formatMonthYear } from "../format/nl.ts";
import { letterSummaries, seriesPages, type SeriesPage } from "./site-data.ts";

const newestFirst = (a: LetterSummary, b: LetterSummary) => b.date.localeCompare(a.date) || a.inputPath.localeCompare(b.inputPath);

export interface Filter {
  organisation?: string | undefined;
  year?: string | undefined;
  type?: string | undefined;
}

/** One choice in a filter: its label, the page it leads to, and whether it is the current one. */
export interface FilterOption {
  label: string;
  url: string;
  current: boolean;
  count: number;
}

export interface FilterGroup {
  label: string;
  options: FilterOption[];
}

export interface MonthGroup {
  /** "2015-09" */
  month: string;
  label: string;
  letters: LetterSummary[];
}

export interface Selection {
  filter: Filter;
  url: string;
  title: string;
  letters: LetterSummary[];
  /** The letters by month, newest first. */
  months: MonthGroup[];
  filters: FilterGroup[];
  /** The organisation whose identity the page wears (only when it shows one organisation). */
  identity?: Identity;
}

const matches = (l: LetterSummary, f: Filter) => (!f.organisation || l.organisation === f.organisation) && (!f.year || l.date.startsWith(`${f.year}-`)) && (!f.type || l.type === f.type);

function byMonth(letters: readonly LetterSummary[]): MonthGroup[] {
  const months = new Map<string, LetterSummary[]>();
  for (const l of [...letters].sort(newestFirst)) {
    const m = l.date.slice(0, 7);
    months.set(m, [...(months.get(m) ?? []), l]);
  }
  return [...months].map(([month, list]) => ({ month, label: formatMonthYear(month), letters: list }));
}

function title(project: Project, f: Filter): string {
  const type = f.type ? project.documentTypes.get(f.type)?.plural : undefined;
  const org = f.organisation ? project.organisations.get(f.organisation)?.name : undefined;
  // "Brieven 2015", "Memo's van Gemeente Coevorden", "Raadsbrieven van Gemeente Coevorden, 2007".
  const who = [type ?? "Brieven", org ? `van ${org}` : ""].filter(Boolean).join(" ");
  return f.year ? `${who}${org ? "," : ""} ${f.year}` : who;
}

/**
 * What the filters offer, worked out once for all pages: the organisations by name, the
 * years (newest first), the types, and how many letters each combination of choices has.
 * Counted once per letter for every combination it belongs to ("any" included), where
 * counting the letters again for each option of each page took ~0,4 s at 1,200 letters.
 */
interface FilterChoices {
  orgs: Organisation[];
  years: string[];
  types: DocumentType[];
  count(f: Filter): number;
}

const countKey = (f: Filter) => `${f.organisation || ""}\0${f.year || ""}\0${f.type || ""}`;

function filterChoices(project: Project, letters: readonly LetterSummary[]): FilterChoices {
  const counts = new Map<string, number>();
  for (const l of letters) {
    const year = l.date.slice(0, 4);
    for (const organisation of [undefined, l.organisation]) {
      for (const y of [undefined, year]) {
        for (const type of [undefined, l.type]) {
          const key = countKey({ organisation, year: y, type });
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
    }
  }
  return {
    orgs: [...project.organisations.values()].sort((a, b) => a.name.localeCompare(b.name, "nl")),
    years: [...new Set(letters.map((l) => l.date.slice(0, 4)))].sort().reverse(),
    types: [...project.documentTypes.values()],
    count: (f) => counts.get(countKey(f)) ?? 0,
  };
}

/** The filter groups of a page: each option keeps the other two choices. */
function filterGroups(choices: FilterChoices, f: Filter): FilterGroup[] {
  const option = (label: string, next: Filter, current: boolean): FilterOption => ({ label, url: selectionUrl(next), current, count: choices.count(next) });
  const keep = (group: FilterOption[]) => group.filter((o) => o.count > 0 || o.current);
  const { orgs, years, types } = choices;
  return [
    { label: "Organisatie", options: keep([option("Alle", { ...f, organisation: undefined }, !f.organisation), ...orgs.map((o) => option(o.shortName, { ...f, organisation: o.id }, f.organisation === o.id))]) },
    { label: "Jaar", options: keep([option("Alle", { ...f, year: undefined }, !f.year), ...years.map((y) => option(y, { ...f, year: y }, f.year === y))]) },
    { label: "Soort", options: keep([option("Alle", { ...f, type: undefined }, !f.type), ...types.map((t) => option(t.plural, { ...f, type: t.id }, f.type === t.id))]) },
  ];
}

const selectionCache = new WeakMap<Project, Selection[]>();

/**
 * Every combination of organisation, year and type with letters, except the two
 * with pages of their own: none (the archive, /brieven/) and an organisation alone
 * (its page, /<organisatie>/).
 */
export function selections(project: Project): Selection[] {
  const hit = selectionCache.get(project);
  if (hit) return hit;
  const letters = letterSummaries(project);
  const choices = filterChoices(project, letters);
  const seen = new Set<string>();
  const out: Selection[] = [];
  for (const l of letters) {
    const year = l.date.slice(0, 4);
    for (const organisation of [undefined, l.organisation]) {
      for (const y of [undefined, year]) {
        for (const type of [undefined, l.type]) {
          const filter: Filter = { organisation, year: y, type };
          if (!y && !type) continue;
          const url = selectionUrl(filter);
          if (seen.has(url)) continue;
          seen.add(url);
          const chosen = letters.filter((x) => matches(x, filter));
          const org = organisation ? project.organisations.get(organisation) : undefined;
          out.push({
            filter,
            url,
            title: title(project, filter),
            letters: chosen,
            months: byMonth(chosen),
            filters: filterGroups(choices, filter),
            ...(org ? { identity: organisationIdentity(org) } : {}),
          });
        }
      }
    }
  }
  out.sort((a, b) => a.url.localeCompare(b.url));
  selectionCache.set(project, out);
  return out;
}

/** The filters of the archive page itself (nothing chosen). */
export function archiveFilters(project: Project): FilterGroup[] {
  return filterGroups(filterChoices(project, letterSummaries(project)), {});
}

/** The archive's years, newest first, each with its page and count. */
export function archiveYears(project: Project): { year: string; url: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const l of letterSummaries(project)) counts.set(l.date.slice(0, 4), (counts.get(l.date.slice(0, 4)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => b.localeCompare(a)).map(([year, count]) => ({ year, url: selectionUrl({ year }), count }));
}

export interface OrganisationPage {
  organisation: Organisation;
  identity: Identity;
  url: string;
  latest: LetterSummary[];
  count: number;
  years: { year: string; url: string; count: number }[];
  types: { type: DocumentType; url: string; count: number }[];
  /** Series with a region of this organisation (the region's id is the organisation's). */
  series: SeriesPage[];
  filters: FilterGroup[];
}

/** One page per organisation, by name; also those without letters (yet). */
export function organisationPages(project: Project): OrganisationPage[] {
  const all = letterSummaries(project);
  const choices = filterChoices(project, all);
  return [...project.organisations.values()]
    .sort((a, b) => a.name.localeCompare(b.name, "nl"))
    .map((organisation) => {
      const own = all.filter((l) => l.organisation === organisation.id).sort(newestFirst);
      const years = [...new Set(own.map((l) => l.date.slice(0, 4)))].sort().reverse();
      return {
        organisation,
        identity: organisationIdentity(organisation),
        url: organisationUrl(organisation.id),
        latest: own.slice(0, 5),
        count: own.length,
        years: years.map((year) => ({ year, url: selectionUrl({ organisation: organisation.id, year }), count: own.filter((l) => l.date.startsWith(`${year}-`)).length })),
        types: [...project.documentTypes.values()]
          .map((type) => ({ type, url: selectionUrl({ organisation: organisation.id, type: type.id }), count: own.filter((l) => l.type === type.id).length }))
          .filter((t) => t.count > 0),
        series: seriesPages(project).filter((s) => s.series.regions.some((r) => r.id === organisation.id)),
        filters: filterGroups(choices, { organisation: organisation.id }),
      };
    });
}
