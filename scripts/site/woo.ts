// Woo publication: what the Woo-index (KOOP) harvests from a site. robots.txt names one
// sitemap index per information category of the Wet open overheid
// (/sitemapindex-diwoo-infocat006.xml, numbered as in model/woo-categories.ts); each
// index lists sitemaps (/sitemaps/diwoo-infocat006-1.xml), and each sitemap entry is a
// published letter's PDF with its `lastmod` and a DiWoo 0.9.8 `diwoo:Document`: title,
// publisher (the organisation as its TOOI identifier), creation date, information
// category and the signing as its document action. Structure from the DiWoo metadata
// standard's "handleiding sitemapindex en sitemaps" and its XSD (tests/fixtures/diwoo/,
// origin noted there). Only published letters: a concept or an unpublished letter is
// not a Woo publication. The templates are templates/pages/woo/*.njk.
import type { Project } from "../model/load.ts";
import { wooCategory, type WooCategory } from "../model/woo-categories.ts";
import { letterTimestamp } from "../format/timestamp.ts";

/** The sitemaps protocol's limit of entries per sitemap. */
const PER_SITEMAP = 50_000;

/** TOOI's concept for "ondertekening" (waardelijst ccw_plooi_documenthandelingen, version 2). */
export const SIGNING = { uri: "https://identifier.overheid.nl/tooi/def/thes/kern/c_e1ec050e", label: "ondertekening" } as const;

export interface WooEntry {
  /** The PDF, as a site path. */
  pdfUrl: string;
  title: string;
  /** When it was published (its lastmod: a published PDF never changes). */
  published: string;
  created: string;
  /** The signing, RFC 3339 (noon in Amsterdam, as in the feed and the PDFs). */
  signedAt: string;
  publisher: { name: string; uri: string };
}

export interface WooSitemap {
  url: string;
  entries: WooEntry[];
  lastmod: string;
}

export interface WooIndex {
  category: WooCategory;
  url: string;
  sitemaps: WooSitemap[];
}

/** A municipality as TOOI identifies it: https://identifier.overheid.nl/tooi/id/gemeente/gm0114. */
export function tooiMunicipality(code: string): string {
  return `https://identifier.overheid.nl/tooi/id/gemeente/${code.toLowerCase()}`;
}

/** One index per category that has published letters, in category order; entries newest first. */
export function wooIndexes(project: Project): WooIndex[] {
  const byCategory = new Map<string, WooEntry[]>();
  for (const letter of project.letters) {
    const archived = project.manifest.brieven[letter.inputPath];
    if (!archived || letter.status !== "verzonden") continue;
    const org = project.organisations.get(letter.organisation)!;
    const key = project.documentTypes.get(letter.type)!.wooCategory;
    const entry: WooEntry = {
      pdfUrl: letter.pdfUrl,
      title: letter.title,
      published: archived.gepubliceerd,
      created: letter.date,
      signedAt: letterTimestamp(letter.date),
      publisher: { name: org.name, uri: tooiMunicipality(org.municipalityCode) },
    };
    byCategory.set(key, [...(byCategory.get(key) ?? []), entry]);
  }
  return [...byCategory]
    .map(([key, entries]) => ({ category: wooCategory(key), entries: entries.sort((a, b) => b.published.localeCompare(a.published) || a.pdfUrl.localeCompare(b.pdfUrl)) }))
    .sort((a, b) => a.category.number.localeCompare(b.category.number))
    .map(({ category, entries }) => {
      const sitemaps: WooSitemap[] = [];
      for (let i = 0; i < entries.length; i += PER_SITEMAP) {
        const part = entries.slice(i, i + PER_SITEMAP);
        sitemaps.push({ url: `/sitemaps/diwoo-infocat${category.number}-${sitemaps.length + 1}.xml`, entries: part, lastmod: part.map((e) => e.published).sort().at(-1)! });
      }
      return { category, url: `/sitemapindex-diwoo-infocat${category.number}.xml`, sitemaps };
    });
}

/** Every sitemap, for the template that writes them. */
export function wooSitemaps(project: Project): (WooSitemap & { category: WooCategory })[] {
  return wooIndexes(project).flatMap((index) => index.sitemaps.map((s) => ({ ...s, category: index.category })));
}
