// The site's addresses: where Raadsbrief puts a letter, a listing and an
// organisation's pages, and the addresses earlier versions published, which keep
// working (scripts/site/legacy.ts makes their redirect pages and file copies).
//
//   /<organisatie>/                                  the organisation's page
//   /<organisatie>/<jaar>/<maand>/<naam>/            a letter (and its PDF, files, downloads)
//   /brieven/  /brieven/<jaar>/  /soorten/<soort>/   archive, year, document type (all organisations)
//   /<organisatie>/<jaar>/ … /soorten/<soort>/       the same, filtered (selectionUrl)
//
// A letter's address holds its organisation, so two municipalities' letters of the
// same name and month never share one (RB-DUBBELE-URL is per organisation).

/** Site folders of the tool's own: no organisation may be named like one (RB-ORGANISATIE-NAAM). */
export const RESERVED_FOLDERS = ["assets", "brieven", "colofon", "pagefind", "reeksen", "sitemaps", "soorten", "toegankelijkheid", "zoeken"] as const;

/** An organisation's id: its file name in data/organisaties/, and the first folder of its addresses. */
export const ORGANISATION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** "2015-09-29" → ["2015", "09"]. */
function yearMonth(date: string): [string, string] {
  const [year = "", month = ""] = String(date).split("-");
  return [year, month];
}

/** A letter's page: /emmen/2015/09/2e-voortgangsrapportage-investeringsplan/. */
export function letterUrl(organisation: string, date: string, slug: string): string {
  const [year, month] = yearMonth(date);
  return `/${organisation}/${year}/${month}/${slug}/`;
}

/** An organisation's page. */
export function organisationUrl(organisation: string): string {
  return `/${organisation}/`;
}

/**
 * A listing of the letters, filtered by organisation, year and document type (each
 * optional). All three absent: the archive.
 */
export function selectionUrl(filter: { organisation?: string | undefined; year?: string | undefined; type?: string | undefined }): string {
  const { organisation, year, type } = filter;
  if (!organisation && !year && type) return `/soorten/${type}/`;
  const base = organisation ? organisationUrl(organisation) : "/brieven/";
  return `${base}${year ? `${year}/` : ""}${type ? `soorten/${type}/` : ""}`;
}

/**
 * The addresses of the first URL scheme (until the site served several
 * organisations): a letter at /brieven/<jaar>/<maand>/<naam>/ with its PDF and files
 * in that folder, and a listing per month at /brieven/<jaar>/<maand>/. Everything the
 * site serves today under /brieven/ and /soorten/ kept its address.
 */
export const LEGACY_SCHEME = {
  letter: (date: string, slug: string): string => {
    const [year, month] = yearMonth(date);
    return `/brieven/${year}/${month}/${slug}/`;
  },
  month: (year: string, month: string): string => `/brieven/${year}/${month}/`,
} as const;
