// The one markdown-it instance of the build: Eleventy uses it for letters, and
// anything else that renders Markdown must import it from here.
import MarkdownIt from "markdown-it";

export const markdown = new MarkdownIt({
  html: true, // figures and tables come from shortcodes as HTML blocks
  linkify: false,
  typographer: true,
  // Dutch quotation marks: „dubbel” and ‚enkel’.
  quotes: "„”‚’",
});
