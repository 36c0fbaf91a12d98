// `npm start`: the live preview. Builds the site as `npm run build` does (without
// PDFs) into .cache/voorbeeld/, serves it on this computer only, builds again on
// every change to content/, data/ and templates/ and reloads the browser; while the
// last build failed, every page shows its diagnostics. A letter's PDF is printed on
// request. Options: --poort N (or PORT), --host ADRES (another interface), --debug.
// See scripts/preview/.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hasMarker } from "../pipeline/output.ts";
import { Chromium } from "../pdf/browser.ts";
import { PreviewPdf } from "../preview/pdf.ts";
import { Rebuilder, type BuildOutcome } from "../preview/rebuilder.ts";
import { createPreviewServer } from "../preview/server.ts";
import { projectRoot, templatesDir, TOOL_DIR } from "../site/paths.ts";
import { describeSystemError } from "../util/system-error.mjs";
import { reportUncaught } from "./report.ts";
import { onInterrupt } from "./signals.ts";

const args = process.argv.slice(2);
const debug = args.includes("--debug");
const root = projectRoot();
// Not _site/: the build swaps _site/ in whole, with every PDF, only when all went
// well. The preview builds without PDFs and prints them on request, so it gets its
// own folder (ignored by git) and never touches _site/.
const siteDir = path.join(root, ".cache", "voorbeeld");
const seconds = (s: number) => new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 }).format(s);

function usage(message: string): never {
  console.error(`Fout: ${message}`);
  process.exit(2);
}

function optionValue(name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) usage(`${name} heeft een waarde nodig, bijvoorbeeld ${name === "--poort" ? "--poort 8080" : "--host 192.168.1.10"}.`);
  return value;
}

function requestedPort(): number {
  const raw = optionValue("--poort") ?? process.env.PORT;
  if (raw === undefined || raw === "") return 8080;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    usage(`Ongeldige poort '${raw}': gebruik een geheel getal van 1 tot en met 65535, bijvoorbeeld --poort 8080.`);
  }
  return port;
}

const port = requestedPort();
/** This computer only, unless asked otherwise: the preview shows concept letters. */
const host = optionValue("--host") ?? "127.0.0.1";
const loopback = host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
if (optionValue("--host") !== undefined && host !== "localhost" && net.isIP(host) === 0) usage(`'${host}' is geen IP-adres. Gebruik bijvoorbeeld --host 0.0.0.0 (alle netwerken) of het adres van één netwerkkaart.`);

reportUncaught(debug);

// The preview's folder belongs to the preview: a folder of the old preview (no
// marker) goes, so the build may replace it.
mkdirSync(path.dirname(siteDir), { recursive: true });
if (existsSync(siteDir) && !hasMarker(siteDir)) rmSync(siteDir, { recursive: true, force: true });

let firstDone: () => void = () => {};
const firstBuild = new Promise<void>((resolve) => (firstDone = resolve));
const shown = (file: string) => {
  const rel = path.relative(root, file);
  return rel.startsWith("..") ? file : rel;
};

const rebuilder: Rebuilder = new Rebuilder({
  root,
  siteDir,
  launcher: path.join(TOOL_DIR, "scripts", "cli", "launch.mjs"),
  watched: [path.join(root, "content"), path.join(root, "data"), templatesDir(root)],
  debug,
  onStart: (changed) => {
    if (changed.length > 0) console.log(`Gewijzigd: ${changed.map(shown).join(", ")}`);
  },
  onDone: (outcome: BuildOutcome) => {
    const first = outcome.version === 1;
    if (outcome.ok) {
      if (outcome.warnings) console.log(outcome.warnings);
      console.log(`${first ? "Gebouwd" : "Bijgewerkt"} in ${seconds(outcome.seconds)} s.`);
    } else {
      console.error(outcome.report);
      console.error("Het voorbeeld wordt bijgewerkt zodra de fout is opgelost (opslaan is genoeg); de pagina's tonen de fout tot dan.");
    }
    preview.notify(outcome.version);
    firstDone();
  },
});

const pdf = new PreviewPdf({
  root,
  // The session's Chromium, like a build's (pipeline/context.ts); ended with this
  // process (its exit handlers kill Chromium and remove its profile).
  chromium: new Chromium(),
  siteDir,
  settled: async () => {
    await firstBuild;
    await rebuilder.idle();
    return { ok: rebuilder.last?.ok ?? false, version: rebuilder.version };
  },
});

const preview = createPreviewServer({
  siteDir,
  clientDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../preview"),
  firstBuild,
  state: () => ({ version: rebuilder.version, ok: rebuilder.last?.ok ?? false, ...(rebuilder.last?.report ? { report: rebuilder.last.report } : {}) }),
  pdf,
  debug,
});

/** Listens on the port, or the next free one of the ten after it. */
async function listen(server: Server): Promise<number> {
  for (let p = port; ; p++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(p, host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      return p;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE" && p < port + 10 && p < 65535) continue;
      if (code === "EADDRINUSE") usage(`Poort ${port} tot en met ${p} zijn bezet. Kies een andere met --poort.`);
      if (code === "EADDRNOTAVAIL") usage(`Het adres ${host} hoort niet bij deze computer. Kies met --host een adres van een eigen netwerkkaart.`);
      if (code === "EACCES") usage(`Poort ${p} vraagt beheerdersrechten. Kies een poort vanaf 1024, bijvoorbeeld --poort 8080.`);
      usage(`Het voorbeeld kan niet luisteren op ${host}:${p}: ${describeSystemError(error) ?? String(error)}`);
    }
  }
}

let stopping = false;
/** Ends within two seconds: the build, the server, Chromium (and with them their temp folders). */
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log("\nVoorbeeld wordt gestopt…");
  // Whatever hangs: the running build is killed and its temp folder removed, and
  // this process ends; its exit handlers kill Chromium and remove its profile.
  setTimeout(() => {
    const child = rebuilder.running;
    if (child?.pid) {
      child.kill("SIGKILL");
      rmSync(`${siteDir}.tmp-${child.pid}`, { recursive: true, force: true });
    }
    process.exit(0);
  }, 1000).unref();
  preview.endStreams();
  preview.server.close();
  preview.server.closeAllConnections();
  await rebuilder.stop();
  // No PDF waits for a closing browser: the exit handlers kill Chromium and remove its profile at once.
  process.exit(0);
}
onInterrupt(() => void stop());
// A build still running when this process ends otherwise (an uncaught error) ends too.
process.on("exit", () => rebuilder.running?.kill("SIGTERM"));

// One async function, not top-level await: the bundle is CommonJS (cli/bundle.mjs).
async function main(): Promise<void> {
  console.log("Voorbeeld wordt gebouwd…");
  const actual = await listen(preview.server);
  rebuilder.start();
  await firstBuild;
  if (actual !== port) console.log(`Poort ${port} is bezet; het voorbeeld gebruikt poort ${actual}.`);
  const shownHost = loopback ? "localhost" : host.includes(":") ? `[${host}]` : host;
  console.log(`Voorbeeld op http://${shownHost}:${actual}/ — wijzigingen in content/, data/ en templates/ worden direct getoond. Stop met Ctrl+C.`);
  if (!loopback) {
    console.warn(
      `Let op: het voorbeeld luistert op ${host}, dus ook andere computers in het netwerk kunnen het openen, conceptbrieven inbegrepen. ` +
        "Laat --host weg om het alleen op deze computer te tonen.",
    );
  }
}
void main();
