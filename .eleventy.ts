// Eleventy configuration: directories and plugins only. The work happens in
// scripts/site (see README, "Hoe het werkt").
import path from "node:path";
import raadsbriefPlugin from "./scripts/site/plugin.ts";
import { eleventyInputDir } from "./scripts/site/letter-pages.ts";
import { projectRoot, templatesDir } from "./scripts/site/paths.ts";

export default function (eleventyConfig: any) {
  const root = projectRoot();
  const templates = templatesDir(root);
  // Not content/: letters reach Eleventy as rendered HTML (scripts/site/letter-pages.ts).
  const input = eleventyInputDir();
  eleventyConfig.addPlugin(raadsbriefPlugin, { root, templates });
  return {
    dir: {
      input: path.relative(process.cwd(), input) || ".",
      includes: path.relative(input, templates),
      layouts: path.relative(input, path.join(templates, "layouts")),
    },
    htmlTemplateEngine: "njk",
    templateFormats: ["njk"],
  };
}
