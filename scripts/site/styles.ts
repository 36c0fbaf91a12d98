// The site's one stylesheet, built at build time from NL Design System parts:
// the Utrecht component CSS (EUPL-1.2) for the components we use, the open
// "voorbeeld" theme's design tokens (EUPL-1.2) pruned to the ones those
// components and our own CSS refer to, and our own CSS (templates/assets/css).
// The full component library and theme are ~600 kB; a page may weigh 200 kB.
import { readFileSync } from "node:fs";
import path from "node:path";
import postcss, { type AtRule, type Container, type Rule } from "postcss";
import { TOOL_DIR } from "./paths.ts";

/** Utrecht components used by the templates (class prefixes without "utrecht-"). */
export const COMPONENTS = [
  "alert",
  "article",
  "breadcrumb-nav",
  "data-list",
  "document",
  "figure",
  "heading-1",
  "heading-2",
  "heading-3",
  "link",
  "link-list",
  "nav-bar",
  "nav-list",
  "page-body",
  "page-content",
  "page-footer",
  "page-header",
  "page-layout",
  "paragraph",
  "separator",
  "skip-link",
  "table",
  "table-container",
  "unordered-list",
] as const;

const THEME_CLASS = "voorbeeld-theme";
const nodeModules = path.join(TOOL_DIR, "node_modules");
const UTRECHT_CSS = path.join(nodeModules, "@utrecht", "component-library-css", "dist", "index.css");
const THEME_CSS = path.join(nodeModules, "@nl-design-system-unstable", "voorbeeld-design-tokens", "dist", "theme.css");

const USED = new Set<string>(COMPONENTS);

/** True when every Utrecht class in the selector belongs to a component we use. */
function usesOnlyOurComponents(selector: string): boolean {
  const classes = [...selector.matchAll(/\.utrecht-([a-z0-9-]+?)(?=__|--|[^a-z0-9_-]|$)/g)].map((m) => m[1]!);
  return classes.every((c) => USED.has(c));
}

/** Keeps rules whose selectors are about the components we use; drops the rest. */
function keepComponents(root: Container): void {
  root.each((node) => {
    if (node.type === "rule") {
      const rule = node as Rule;
      const kept = rule.selectors.filter(usesOnlyOurComponents);
      if (kept.length === 0) rule.remove();
      else rule.selectors = kept;
    } else if (node.type === "atrule") {
      const at = node as AtRule;
      if (at.nodes) {
        keepComponents(at);
        if (at.nodes.length === 0) at.remove();
      }
    } else if (node.type === "comment") {
      // Keep licence headers only.
      if (!/@license|copyright/i.test(node.text)) node.remove();
    }
  });
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

let cached: { key: string; css: string } | undefined;

/** Builds the stylesheet; `ownCssFiles` are our own CSS, appended last so they win. */
export function buildStylesheet(ownCssFiles: string[]): string {
  const own = ownCssFiles.map((f) => readFileSync(f, "utf8")).join("\n");
  const key = own;
  if (cached?.key === key) return cached.css;
  const components = postcss.parse(readFileSync(UTRECHT_CSS, "utf8"));
  keepComponents(components);
  const componentCss = components.toString();
  const theme = prunedTheme(readFileSync(THEME_CSS, "utf8"), `${componentCss}\n${own}`);
  const css = [
    "/* Raadsbrief. NL Design System: @utrecht/component-library-css and",
    "   @nl-design-system-unstable/voorbeeld-design-tokens, both EUPL-1.2;",
    "   only the components and tokens used are included. */",
    theme,
    componentCss,
    own,
  ].join("\n");
  cached = { key, css };
  return css;
}
