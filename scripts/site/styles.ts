// The site's one stylesheet, built at build time from NL Design System parts:
// the Utrecht component CSS (EUPL-1.2) pruned to the rules for the classes our
// markup uses, the open "voorbeeld" theme's design tokens (EUPL-1.2) pruned to
// the ones those rules and our own CSS refer to, and our own CSS (templates/styles).
// The full component library and theme are ~600 kB; a page may weigh 200 kB.
import { readFileSync } from "node:fs";
import path from "node:path";
import { transform } from "lightningcss";
import postcss, { type AtRule, type Container, type Rule } from "postcss";
import { filesUnder } from "../util/files.ts";
import { TOOL_DIR } from "./paths.ts";

const THEME_CLASS = "voorbeeld-theme";
const nodeModules = path.join(TOOL_DIR, "node_modules");
const UTRECHT_CSS = path.join(nodeModules, "@utrecht", "component-library-css", "dist", "index.css");
const THEME_CSS = path.join(nodeModules, "@nl-design-system-unstable", "voorbeeld-design-tokens", "dist", "theme.css");

const CLASS_RE = /utrecht-[a-z0-9_-]+/g;

/**
 * Every Utrecht class named in the markup: the templates and the code that writes
 * HTML (figures). Class names are always written out in full, never assembled.
 */
function usedClasses(markupFiles: string[]): Set<string> {
  return new Set(markupFiles.flatMap((f) => readFileSync(f, "utf8").match(CLASS_RE) ?? []));
}

/** True when the selector can match our markup: every Utrecht class it requires is used. */
function matchesOurMarkup(selector: string, used: Set<string>): boolean {
  // A class inside :not() is not required for a match.
  const required = selector.replace(/:not\([^()]*\)/g, "").match(CLASS_RE) ?? [];
  return required.every((c) => used.has(c));
}

/** Keeps the rules that can match our markup; drops the rest. */
function keepUsed(root: Container, used: Set<string>): void {
  root.each((node) => {
    if (node.type === "rule") {
      const rule = node as Rule;
      const kept = rule.selectors.filter((s) => matchesOurMarkup(s, used));
      if (kept.length === 0) rule.remove();
      else rule.selectors = kept;
    } else if (node.type === "atrule") {
      const at = node as AtRule;
      if (at.nodes) {
        keepUsed(at, used);
        if (at.nodes.length === 0) at.remove();
      }
    } else if (node.type === "comment") {
      node.remove(); // licence headers are gathered into ours (licenceLines)
    }
  });
}

/** The distinct copyright lines of the licence headers in `css`. */
function licenceLines(css: Container): string[] {
  const lines = new Set<string>();
  css.walkComments((c) => {
    if (/@license/i.test(c.text)) for (const l of c.text.split("\n")) if (/copyright/i.test(l)) lines.add(l.replace(/^[\s*]+/, "").trim());
  });
  return [...lines];
}

const VAR_REF = /var\(\s*(--[\w-]+)/g;

function referencedVars(css: string): Set<string> {
  return new Set([...css.matchAll(VAR_REF)].map((m) => m[1]!));
}

/** The theme's custom properties needed (transitively) by `css`, as one rule. */
function prunedTheme(themeCss: string, css: string): string {
  const tokens = new Map<string, string>();
  postcss.parse(themeCss).walkDecls((d) => {
    if (d.prop.startsWith("--")) tokens.set(d.prop, d.value);
  });
  const needed = new Set<string>();
  const queue = [...referencedVars(css)];
  while (queue.length) {
    const name = queue.pop()!;
    if (needed.has(name) || !tokens.has(name)) continue;
    needed.add(name);
    queue.push(...referencedVars(tokens.get(name)!));
  }
  const lines = [...needed].sort().map((n) => `  ${n}: ${tokens.get(n)};`);
  return `.${THEME_CLASS} {\n${lines.join("\n")}\n}\n`;
}

// Module-level: the last stylesheet by a hash of everything it is made from (a cache
// keyed by content: another build with other input gets its own).
let cached: { key: string; css: string } | undefined;

/** Where the markup is written: the templates in use (with their scripts) and the tool's HTML-writing code. */
export function markupFiles(templatesDir: string): string[] {
  return [...filesUnder(templatesDir, ".njk"), ...filesUnder(templatesDir, ".js"), ...filesUnder(path.join(TOOL_DIR, "scripts", "site"), ".ts")];
}

/**
 * Builds the stylesheet; `ownCssFiles` are our own CSS, appended last so they win,
 * then `extraCss` (the site's colours);
 * `markup` the files whose Utrecht classes decide which component rules are kept.
 */
export function buildStylesheet(ownCssFiles: string[], markup: string[], extraCss = ""): string {
  const own = `${ownCssFiles.map((f) => readFileSync(f, "utf8")).join("\n")}\n${extraCss}`;
  const used = usedClasses(markup);
  const key = `${own}\n${[...used].sort().join(" ")}`;
  if (cached?.key === key) return cached.css;
  const components = postcss.parse(readFileSync(UTRECHT_CSS, "utf8"));
  const copyright = licenceLines(components);
  keepUsed(components, used);
  const componentCss = components.toString();
  const theme = prunedTheme(readFileSync(THEME_CSS, "utf8"), `${componentCss}\n${own}`);
  const source = [
    "/*! Raadsbrief. NL Design System: @utrecht/component-library-css and",
    "   @nl-design-system-unstable/voorbeeld-design-tokens, both EUPL-1.2;",
    "   only the rules and tokens this site uses are included.",
    ...copyright.map((l) => `   ${l}`),
    "*/",
    theme,
    componentCss,
    own,
  ].join("\n");
  // Minified: every page, the search page with Pagefind's script included, must stay under 200 kB.
  // The one "/*!" comment (licences) is kept; an invalid rule is dropped, as a browser would.
  const css = transform({ filename: "raadsbrief.css", code: Buffer.from(source), minify: true, errorRecovery: true }).code.toString();
  cached = { key, css };
  return css;
}
