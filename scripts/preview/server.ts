// The preview's HTTP server (node:http): serves the last good build of the site
// from its folder, a letter's PDF on request (pdf.ts), the reload script and its
// event stream (Server-Sent Events), and, for every page while the last build
// failed, the error page with the build's diagnostics. Whatever a request holds,
// it gets an answer (400 for an address that cannot be read) and the server runs on;
// nothing outside the site folder is served (site-files.ts).
import { readFile } from "node:fs/promises";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { CONTENT_TYPES } from "../pdf/print.ts";
import { errorPage, withReload } from "./error-page.ts";
import type { PreviewPdf } from "./pdf.ts";
import { isPageRequest, resolveSiteFile, urlSegments } from "./site-files.ts";

/** What the site shows now. */
export interface SiteState {
  /** The version of the last finished build (pages carry it; the reload script compares). */
  version: number;
  ok: boolean;
  /** The failed build's report. */
  report?: string;
}

export interface PreviewServerOptions {
  siteDir: string;
  /** Folder of the preview's own files (herladen.js, voorbeeld.css). */
  clientDir: string;
  /** Resolves when the first build has finished (pages wait for it). */
  firstBuild: Promise<void>;
  state: () => SiteState;
  pdf: PreviewPdf;
  debug: boolean;
}

/** The preview's own files, by the name they are served under (/__voorbeeld/<name>). */
const CLIENT_FILES: Record<string, string> = {
  "herladen.js": "text/javascript; charset=utf-8",
  "voorbeeld.css": "text/css; charset=utf-8",
};
const EVENTS = "/__voorbeeld/gebeurtenissen";
/** The preview's own pages allow nothing but their own origin's files. */
const OWN_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'";

export interface PreviewServer {
  server: http.Server;
  /** Tells every open page the version of the site (after a build): pages of another version reload. */
  notify(version: number): void;
  /** Ends the event streams (the server's close() waits for open connections). */
  endStreams(): void;
}

export function createPreviewServer(options: PreviewServerOptions): PreviewServer {
  const streams = new Set<ServerResponse>();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Never a crash, never a stack trace to the browser.
      console.error(`Voorbeeldserver: onverwachte fout bij ${req.url}: ${error instanceof Error ? error.message : String(error)}`);
      if (options.debug && error instanceof Error) console.error(error.stack);
      if (!res.headersSent) send(res, req, 500, "text/plain; charset=utf-8", "Onverwachte fout in het voorbeeld; zie de terminal.\n");
      else res.destroy();
    });
  });
  // A request the HTTP parser cannot read (a raw NUL byte, a broken request line): 400, and on.
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      return send(res, req, 405, "text/plain; charset=utf-8", "Het voorbeeld kent alleen GET en HEAD.\n");
    }
    const segments = urlSegments(url);
    if (!segments) return send(res, req, 400, "text/plain; charset=utf-8", "Dit adres kan niet worden gelezen.\n");
    const pathname = `/${segments.join("/")}`;
    if (pathname === EVENTS) return openStream(res);
    if (segments[0] === "__voorbeeld") return clientFile(req, res, segments.slice(1).join("/"));

    await options.firstBuild;
    const state = options.state();
    if (!state.ok && isPageRequest(url)) {
      res.setHeader("Content-Security-Policy", OWN_CSP);
      return send(res, req, 500, "text/html; charset=utf-8", errorPage(state.report ?? "", state.version));
    }
    const resolved = resolveSiteFile(options.siteDir, url);
    if (resolved.kind === "bad") return send(res, req, 400, "text/plain; charset=utf-8", "Dit adres kan niet worden gelezen.\n");
    if (resolved.kind === "redirect") {
      res.setHeader("Location", resolved.location);
      return send(res, req, 301, "text/plain; charset=utf-8", "");
    }
    if (resolved.kind === "file") return siteFile(req, res, resolved.file, state.version);
    if (pathname.endsWith(".pdf")) return pdf(req, res, pathname);
    return notFound(req, res, state.version);
  }

  async function siteFile(req: IncomingMessage, res: ServerResponse, file: string, version: number): Promise<void> {
    const ext = path.extname(file).toLowerCase();
    const type = CONTENT_TYPES[ext] ?? "application/octet-stream";
    const body = await readFile(file);
    if (ext === ".html" || ext === ".htm") return send(res, req, 200, type, withReload(body.toString("utf8"), version));
    send(res, req, 200, type, body);
  }

  async function notFound(req: IncomingMessage, res: ServerResponse, version: number): Promise<void> {
    const page = resolveSiteFile(options.siteDir, "/404.html");
    if (page.kind === "file") return send(res, req, 404, "text/html; charset=utf-8", withReload(await readFile(page.file, "utf8"), version));
    send(res, req, 404, "text/plain; charset=utf-8", "Niet gevonden.\n");
  }

  async function pdf(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const answer = await options.pdf.answer(pathname);
    if (answer.status === 404) return notFound(req, res, options.state().version);
    if (answer.status !== 200) return send(res, req, answer.status, "text/plain; charset=utf-8", `${answer.message}\n`);
    res.setHeader("Content-Disposition", `inline; filename="${answer.filename}"`);
    send(res, req, 200, "application/pdf", Buffer.from(answer.pdf));
  }

  async function clientFile(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    const type = CLIENT_FILES[name];
    if (!type) return send(res, req, 404, "text/plain; charset=utf-8", "Niet gevonden.\n");
    send(res, req, 200, type, await readFile(path.join(options.clientDir, name)));
  }

  function openStream(res: ServerResponse): void {
    res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", Connection: "keep-alive" });
    res.write(`retry: 1000\n\n${event(options.state().version)}`);
    streams.add(res);
    res.on("close", () => streams.delete(res));
  }

  return {
    server,
    notify(version) {
      for (const res of streams) res.write(event(version));
    },
    endStreams() {
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}

function event(version: number): string {
  return `event: versie\ndata: ${version}\n\n`;
}

/** Sends a whole answer: never cached (every build changes it), its type as stated. */
function send(res: ServerResponse, req: IncomingMessage, status: number, type: string, body: string | Buffer): void {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  res.statusCode = status;
  res.setHeader("Content-Type", type);
  res.setHeader("Content-Length", bytes.byteLength);
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.end(req.method === "HEAD" ? undefined : bytes);
}
