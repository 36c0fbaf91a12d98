// Eleventy's configuration for running Eleventy by hand on the project in the working
// folder (under tsx; e.g. to debug a template). `npm run build` does not read this
// file: it configures Eleventy in code with its own context (pipeline/steps/pages.ts).
// Charts are rendered in this thread, without a cache.
import { ChartRenderer } from "./scripts/charts/render.ts";
import { loadProject } from "./scripts/model/load.ts";
import { configureEleventy } from "./scripts/site/eleventy-config.ts";
import { addSitePages } from "./scripts/site/plugin.ts";
import { templatesDir } from "./scripts/site/paths.ts";
import { siteProject } from "./scripts/site/concepts.ts";

export default function (eleventyConfig: any) {
  const root = process.cwd();
  const options = { root, templates: templatesDir(root), project: siteProject(loadProject(root), false), charts: new ChartRenderer({ cacheDir: null }) };
  configureEleventy(eleventyConfig, options);
  addSitePages(eleventyConfig, options);
}
