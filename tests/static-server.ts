// A minimal static server for a built site, on a free port of 127.0.0.1 only, so
// tests can load pages the way a browser does (Pagefind needs http, not file://).
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/atom+xml",
  ".pdf": "application/pdf",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
  ".csv": "text/csv; charset=utf-8",
};

/** The file a site path is served from (a folder → its index.html), or undefined. */
export function fileFor(dir: string, pathname: string): string | undefined {
  let file = path.join(dir, decodeURIComponent(pathname));
  if (file !== dir && !file.startsWith(dir + path.sep)) return undefined;
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

/** Serves dir; onRequest hears every path asked for (also by a page's workers, which a page's own events miss). */
export function serve(dir: string, onRequest: (pathname: string) => void = () => {}): Promise<Server> {
  const s = createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    onRequest(pathname);
    const file = fileFor(dir, pathname);
    if (!file) return void res.writeHead(404).end("niet gevonden");
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "content-length": statSync(file).size });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s)));
}
