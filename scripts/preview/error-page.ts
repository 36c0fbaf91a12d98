// The page the preview shows for every page request while the last build failed:
// the build's Dutch diagnostics (file:line:column, code frame, what to do), as the
// terminal shows them. It reloads itself once a build succeeds again.

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** The reload script tag, with the version of the site the page belongs to. */
export function reloadTag(version: number): string {
  return `<script src="/__voorbeeld/herladen.js?versie=${version}" defer></script>`;
}

export function errorPage(diagnostics: string, version: number): string {
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>Fout in het voorbeeld</title>
<link rel="stylesheet" href="/__voorbeeld/voorbeeld.css">
${reloadTag(version)}
</head>
<body>
<main>
<h1>Het voorbeeld kon niet worden bijgewerkt</h1>
<p>De laatste wijziging bevat een fout. Los die op en sla het bestand op: deze pagina ververst dan vanzelf.</p>
<pre>${escapeHtml(diagnostics)}</pre>
</main>
</body>
</html>
`;
}

/** Puts the reload script into a built page: before </head>, else before </body>, else at the end. */
export function withReload(html: string, version: number): string {
  const tag = reloadTag(version);
  for (const close of ["</head>", "</body>"]) {
    const at = html.search(new RegExp(close, "i"));
    if (at >= 0) return `${html.slice(0, at)}${tag}\n${html.slice(at)}`;
  }
  return `${html}\n${tag}\n`;
}
