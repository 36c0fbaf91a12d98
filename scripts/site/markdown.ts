// The markdown-it of the narratives' renderer (site/narrative-html.ts): the
// narrative grammar of model/narrative.ts with HTML off. The check refuses HTML in
// a narrative; with `html: false` any that got past it would still be text.
import { narrativeMarkdown } from "../model/narrative.ts";
import { escapeHtml } from "./html.ts";

export const markdown = narrativeMarkdown(false);

// Stricter than markdown-it's default, which lets data:image/… through.
const BAD_SCHEME = /^\s*(javascript|vbscript|file|data):/i;
markdown.validateLink = (url: string) => !BAD_SCHEME.test(url);

// A shortcode's HTML (set by the renderer) is a block of its own, as markdown-it
// writes an HTML block: the markup, then a line break. One the check refused (so
// never rendered by a build) stays text.
markdown.renderer.rules.rb_shortcode = (tokens, idx) => {
  const meta = tokens[idx]!.meta as { html?: string; text?: string } | undefined;
  return meta?.html !== undefined ? `${meta.html}\n` : `<p>${escapeHtml(meta?.text ?? "")}</p>\n`;
};
