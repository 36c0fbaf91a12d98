// Which file of the built site a request asks for, if any: the preview server
// serves nothing outside the site folder, whatever the URL says (encoded slashes,
// "..", NUL bytes, malformed escapes) and wherever a symbolic link in the site
// points: every file is judged by its real path, inside the site's real path.
import { realpathSync, statSync } from "node:fs";
import path from "node:path";
import { isInside } from "../pipeline/output.ts";

export type Resolved =
  /** The URL cannot be read (malformed escape, NUL byte, not a path). */
  | { kind: "bad" }
  /** Nothing there, or nothing we may serve. */
  | { kind: "missing" }
  | { kind: "redirect"; location: string }
  | { kind: "file"; file: string };

/** The URL's path as decoded segments; undefined when it is malformed or tries to leave its folder. */
export function urlSegments(rawUrl: string): string[] | undefined {
  if (!rawUrl.startsWith("/")) return undefined;
  const pathname = rawUrl.split(/[?#]/, 1)[0]!;
  const segments: string[] = [];
  // Each segment on its own: an encoded slash ("..%2f..%2f") stays inside its segment and is refused there.
  for (const raw of pathname.split("/").slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment.includes("\0") || segment.includes("/") || segment.includes("\\")) return undefined;
    if (segment === "." || segment === "..") return undefined;
    segments.push(segment);
  }
  return segments;
}

/** The real path of `file` if it lies inside the real site folder; undefined otherwise (or when missing). */
function realInside(siteReal: string, file: string): string | undefined {
  try {
    const real = realpathSync(file);
    return real === siteReal || isInside(siteReal, real) ? real : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves a request URL (path and query, as in the request line) against the built site. */
export function resolveSiteFile(siteDir: string, rawUrl: string): Resolved {
  const segments = urlSegments(rawUrl);
  if (!segments) return { kind: "bad" };
  let siteReal: string;
  try {
    siteReal = realpathSync(siteDir);
  } catch {
    return { kind: "missing" };
  }
  const target = realInside(siteReal, path.join(siteReal, ...segments));
  if (!target) return { kind: "missing" };
  const st = statSync(target);
  if (st.isDirectory()) {
    const pathname = rawUrl.split(/[?#]/, 1)[0]!;
    // Made from the segments, never from the raw URL: "//host" would send the browser elsewhere.
    if (!pathname.endsWith("/")) return { kind: "redirect", location: `/${segments.filter(Boolean).map(encodeURIComponent).join("/")}/` };
    const index = realInside(siteReal, path.join(target, "index.html"));
    return index && statSync(index).isFile() ? { kind: "file", file: index } : { kind: "missing" };
  }
  return st.isFile() ? { kind: "file", file: target } : { kind: "missing" };
}

/** Whether a request is for a page (not a stylesheet, image, font, PDF, …): those get the error page while the build is broken. */
export function isPageRequest(rawUrl: string): boolean {
  const pathname = rawUrl.split(/[?#]/, 1)[0]!;
  const last = pathname.slice(pathname.lastIndexOf("/") + 1);
  return last === "" || !last.includes(".") || /\.html?$/i.test(last);
}
