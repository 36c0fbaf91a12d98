// Eleventy's configuration, in code: the folders, the template format and the
// Raadsbrief plugin with the build's project and chart renderer (its options, not
// globals). The build calls this from Eleventy's `config` callback and reads no
// config file; `.eleventy.ts` calls it too, for running Eleventy by hand.
import path from "node:path";
import raadsbriefPlugin, { type SiteOptions } from "./plugin.ts";
import { eleventyInputDir } from "./letter-pages.ts";

export function configureEleventy(eleventyConfig: any, options: SiteOptions): void {
  // Not content/: letters reach Eleventy as rendered HTML (letter-pages.ts).
  const input = eleventyInputDir();
  eleventyConfig.addPlugin(raadsbriefPlugin, options);
  // Eleventy keeps compiled layouts in a module-level cache keyed by folder and name,
  // with the first instance's Nunjucks environment inside: a second build in the same
  // process would render with the first one's filters (and project). One build, one cache.
  // (Eleventy says as much in src/TemplateContent.js: "Better to move the cache to the Eleventy instance".)
  eleventyConfig.setUseTemplateCache(false);
  // Relative to the input folder, as Eleventy wants them.
  eleventyConfig.setIncludesDirectory(path.relative(input, options.templates));
  eleventyConfig.setLayoutsDirectory(path.relative(input, path.join(options.templates, "layouts")));
  eleventyConfig.setTemplateFormats(["njk"]);
}
