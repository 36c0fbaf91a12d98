// Eleventy's configuration for running Eleventy by hand on the project in the working
// folder, e.g. to debug a site page's template:
//   npx tsx node_modules/@11ty/eleventy/cmd.cjs --config=.eleventy.ts --output=/tmp/site
// The site pages only (the letters' pages are added by the build), charts rendered in
// this thread without a cache. `npm run build` does not read this file: it configures
// Eleventy in code with its own context (pipeline/steps/pages.ts).
import { ChartRenderer } from "./scripts/charts/render.ts";
import { loadProject } from "./scripts/model/load.ts";
import { configureEleventy } from "./scripts/site/eleventy-config.ts";
import path from "node:path";
import { eleventyInputDir } from "./scripts/site/letter-pages.ts";
import { addSitePages } from "./scripts/site/plugin.ts";
import { templatesDir } from "./scripts/site/paths.ts";
import { siteProject } from "./scripts/site/concepts.ts";

export default function (eleventyConfig: any) {
  const root = process.cwd();
  const options = { root, templates: templatesDir(root), project: siteProject(loadProject(root), false), charts: new ChartRenderer({ cacheDir: null }) };
  // The build gives Eleventy its input folder itself; by hand, this config does.
  eleventyConfig.setInputDirectory(path.relative(process.cwd(), eleventyInputDir()) || ".");
  configureEleventy(eleventyConfig, options);
  addSitePages(eleventyConfig, options);
}
