// Eleventy configuration: directories and plugins only. The work happens in
// scripts/site (see README, "Hoe het werkt").
import path from "node:path";
import raadsbriefPlugin from "./scripts/site/plugin.ts";
import { projectRoot, templatesDir } from "./scripts/site/paths.ts";

export default function (eleventyConfig: any) {
  const root = projectRoot();
  const templates = templatesDir(root);
  const input = path.join(root, "content");
  eleventyConfig.addPlugin(raadsbriefPlugin, { root, templates });
  return {
    dir: {
      input: path.relative(process.cwd(), input) || ".",
      includes: path.relative(input, templates),
      layouts: path.relative(input, path.join(templates, "layouts")),
    },
    markdownTemplateEngine: "njk",
    htmlTemplateEngine: "njk",
    templateFormats: ["md", "njk"],
  };
}
