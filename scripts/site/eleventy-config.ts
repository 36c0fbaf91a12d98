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
  // Relative to the input folder, as Eleventy wants them.
  eleventyConfig.setIncludesDirectory(path.relative(input, options.templates));
  eleventyConfig.setLayoutsDirectory(path.relative(input, path.join(options.templates, "layouts")));
  eleventyConfig.setTemplateFormats(["njk"]);
}
