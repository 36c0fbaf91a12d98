// The Raadsbrief Eleventy plugin: wires the validated project, the YAML parser,
// filters and the site pages' shortcodes into Eleventy. Pages are added by the caller
// (pipeline/build.ts): the site pages with addSitePages, the letters, rendered by our
// own narrative renderer, with addLetterPages (letter-pages.ts).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYamlText } from "yaml";
import type { Charts } from "../charts/render.ts";
import type { Project } from "../model/load.ts";
import { organisationIdentity } from "../model/site-identity.ts";
import { seriesCsv, seriesJson } from "./downloads.ts";
import { latestLetters, letterSummaries, seriesPages, typeListings } from "./site-data.ts";
import { archiveFilters, archiveYears, organisationPages, selections } from "./selections.ts";
import { redirects } from "./legacy.ts";
import { SIGNING, wooIndexes, wooSitemaps } from "./woo.ts";
import { reeksgrafiekShortcode } from "./shortcodes/reeksgrafiek.ts";
import { filters } from "./filters.ts";
import { TOOL_DIR } from "./paths.ts";

export interface PluginOptions {
  root: string;
  templates: string;
}

/** What the plugin is given by the build (its context, pipeline/context.ts): no globals. */
export interface SiteOptions extends PluginOptions {
  /** The validated project, as the site shows it (site/concepts.ts). */
  project: Project;
  /** The build's chart renderer (series pages' charts). */
  charts: Charts;
}

function listPages(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...listPages(path.join(dir, e.name), `${prefix}${e.name}/`));
    else if (e.name.endsWith(".njk")) out.push(`${prefix}${e.name}`);
  }
  return out.sort();
}

export default function raadsbriefPlugin(eleventyConfig: any, options: SiteOptions): void {
  const getProject = (): Project => options.project;

  // Raadsbrief reports progress and errors itself, in Dutch; Eleventy stays quiet.
  eleventyConfig.setQuietMode(true);
  // Its "Configuration" benchmark group exists before quiet mode applies and would
  // still print timing warnings for our (chart-rendering) shortcode.
  eleventyConfig.benchmarks?.config?.setIsVerbose?.(false);

  // Front matter (of the site pages) is read by the same YAML 1.2 parser as data/ (no js-yaml Date surprises).
  eleventyConfig.setFrontMatterParsingOptions({ engines: { yaml: (s: string) => parseYamlText(s) } });

  // Cheap, and what a letter's page may use; the rest, costly for 1,200 letters, only for
  // the site pages (addSitePages). Pages see other letters as summaries only (no figures): see site-data.ts.
  eleventyConfig.addGlobalData("brieven", () => letterSummaries(getProject()));
  eleventyConfig.addGlobalData("site", () => getProject().site);
  eleventyConfig.addGlobalData("ondertekening", () => SIGNING);
  eleventyConfig.addGlobalData("soorten", () => typeListings(getProject()));
  const ownCss = path.join(options.templates, "styles");

  const siteFilters: Record<string, (...args: any[]) => unknown> = {
    ...filters,
    reeksCsv: (id: string) => seriesCsv(getProject().series.get(id)!),
    reeksJson: (id: string) => seriesJson(getProject().series.get(id)!, getProject().site.url),
    organisatie: (id: string) => getProject().organisations.get(id),
    /** An organisation's identity (logo, colours, name, contact) for the page around its letters. */
    identiteit: (id: string) => organisationIdentity(getProject().organisations.get(id)!),
    documentsoort: (id: string) => getProject().documentTypes.get(id),
  };
  for (const [name, fn] of Object.entries(siteFilters)) eleventyConfig.addFilter(name, fn);
  const shortcodes: Record<string, (...args: any[]) => unknown> = {
    // The stylesheet page only (templates/pages/stylesheet.njk): PostCSS and Lightning CSS
    // load when it is rendered, not for a build that keeps the site pages.
    stijlblad: async () => {
      const { buildStylesheet, markupFiles } = await import("./styles.ts");
      const project = getProject();
      const { primary, accent } = project.site.identity.colours;
      // An organisation's pages and letters: <html class="… org-<id>"> (templates/layouts/base.njk).
      const organisations = [...project.organisations.values()]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((o) => `html.org-${o.id} { --kleur-primair: ${o.colours.primary}; --kleur-accent: ${o.colours.accent}; }`);
      return buildStylesheet(
        readdirSync(ownCss).filter((f) => f.endsWith(".css")).sort().map((f) => path.join(ownCss, f)),
        markupFiles(options.templates),
        // The site's colours and each organisation's (checked as #RRGGBB, ids as
        // lower-case words: model/urls.ts); a letter's article has its own in its opmaak.css.
        [`:root { --kleur-primair: ${primary}; --kleur-accent: ${accent}; }`, ...organisations].join("\n"),
      );
    },
    reeksgrafiek: reeksgrafiekShortcode(getProject, options.charts),
  };
  for (const [name, fn] of Object.entries(shortcodes)) eleventyConfig.addShortcode(name, fn);

  // Eleventy's input folder holds no pages (letter-pages.ts); should anything appear
  // there, it is not read: the only pages are the virtual ones.
  eleventyConfig.ignores.add("**/*");
}

/**
 * Site pages (home, archive, listings, series, feed, search, stylesheet), their data and
 * the static files. A build that keeps the site pages (incremental.ts) adds none of this:
 * the selections' counts, the old addresses and the Woo indexes of 1,200 letters took
 * ~0,1–0,2 s of a one-letter rebuild for pages it does not write.
 */
export function addSitePages(eleventyConfig: any, options: SiteOptions): void {
  const getProject = (): Project => options.project;
  eleventyConfig.addGlobalData("organisaties", () => organisationPages(getProject()));
  eleventyConfig.addGlobalData("selecties", () => selections(getProject()));
  eleventyConfig.addGlobalData("archiefJaren", () => archiveYears(getProject()));
  eleventyConfig.addGlobalData("archiefFilters", () => archiveFilters(getProject()));
  eleventyConfig.addGlobalData("doorverwijzingen", () => redirects(getProject()));
  // Woo publication (robots.txt, sitemap indexes, DiWoo sitemaps): woo.ts.
  eleventyConfig.addGlobalData("wooIndexen", () => wooIndexes(getProject()));
  eleventyConfig.addGlobalData("wooSitemaps", () => wooSitemaps(getProject()));
  eleventyConfig.addGlobalData("reeksPaginas", () => seriesPages(getProject()));
  eleventyConfig.addGlobalData("nieuwste", () => latestLetters(getProject(), 10));
  // Site pages live with the templates, not among the letters.
  const pagesDir = path.join(options.templates, "pages");
  for (const page of listPages(pagesDir)) {
    eleventyConfig.addTemplate(`pages/${page}`, readFileSync(path.join(pagesDir, page), "utf8"), {});
  }
  // Static files with the templates (the search page's script), and organisations' logos
  // (data/logos/, named in data/organisaties/*.yaml and checked by model/input-rules.ts).
  for (const [from, to] of [[path.join(options.templates, "assets"), "assets"], [path.join(options.root, "data", "logos"), "assets/logos"]] as const) {
    if (existsSync(from)) eleventyConfig.addPassthroughCopy({ [from]: to });
  }
  const fonts = path.join(TOOL_DIR, "node_modules", "@fontsource", "source-sans-3", "files");
  for (const subset of ["latin", "latin-ext"]) {
    for (const weight of ["400-normal", "400-italic", "600-normal", "700-normal"]) {
      const file = `source-sans-3-${subset}-${weight}.woff2`;
      eleventyConfig.addPassthroughCopy({ [path.join(fonts, file)]: `assets/fonts/${file}` });
    }
  }
}
