// Escaping for markup built in TypeScript (figures, tables, stylesheets).
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text or an attribute value in HTML (also SVG and XML): & < > " ' as entities. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * A CSS string literal's content, e.g. in @page `content: "…"`: quotes, backslash,
 * line breaks and control characters, and < > & as hex escapes ("\3C "), so the
 * text can never end the string, the rule, or a <style> element it might sit in.
 */
export function escapeCssString(value: string): string {
  return value.replace(/[\\"'<>&\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\${c.codePointAt(0)!.toString(16).toUpperCase()} `);
}
