// Links in a printed PDF: Chromium writes links to other pages of the site with the
// printer's fake origin (print.ts); finalizePdf points them at the public site instead.
// Its own module: the PDF finishing worker (finish-worker.ts) needs it without the printer.
import { PdfError } from "./errors.ts";

/** Fixed fake origin; ".localhost" never leaves the machine even if interception failed. */
export const SITE_ORIGIN = "http://raadsbrief.localhost";

/** Chromium writes site links with the fake origin; point them at the real site instead. */
export function siteLinkRewriter(siteUrl: string | undefined): (uri: string) => string {
  let base: URL | undefined;
  if (siteUrl !== undefined) {
    try {
      base = new URL(siteUrl);
    } catch (cause) {
      throw new PdfError(`Ongeldig siteadres '${siteUrl}': verwacht een volledige URL zoals https://raadsbrieven.emmen.nl/.`, {
        cause,
      });
    }
  }
  return (uri) => {
    if (!uri.startsWith(SITE_ORIGIN + "/")) return uri;
    const rest = uri.slice(SITE_ORIGIN.length);
    // "./" keeps a base path such as https://example.nl/raadsbrief/ intact.
    return base ? new URL("." + rest, base.href.endsWith("/") ? base : new URL(base.href + "/")).href : rest;
  };
}
