// Which Chromium prints, without loading Puppeteer: the build's "nothing changed"
// check (pipeline/up-to-date.ts) and the PDF cache key need it, and the first
// must stay light.
import { accessSync, constants, statSync } from "node:fs";

/**
 * Debian's Chromium programs, in order of preference when PUPPETEER_EXECUTABLE_PATH is
 * not set. First the headless shell (package chromium-headless-shell, built from the
 * same source and version as chromium): it prints the same PDFs byte for byte
 * (tests/e2e/scale.test.ts compares it with chromium), starts sooner and uses ~25 %
 * less CPU a letter, as it has none of the browser's windows, profile services and
 * extensions (README, Performance). Its program itself, not /usr/bin's wrapper script:
 * that script does not exec, so Puppeteer would hold (and kill) the shell instead of
 * Chromium.
 */
export const LOCAL_EXECUTABLES = ["/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium"];

/** PUPPETEER_EXECUTABLE_PATH, else the first of LOCAL_EXECUTABLES installed (else the last: launching reports it missing). */
export function executablePath(): string {
  return process.env.PUPPETEER_EXECUTABLE_PATH || LOCAL_EXECUTABLES.find(isExecutableFile) || LOCAL_EXECUTABLES.at(-1)!;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The local executable's path, size and date: upgrading Chromium changes them, so
 * every PDF is printed again, without starting Chromium to ask its version.
 */
export function localBrowserIdentity(): string {
  const file = executablePath();
  try {
    const st = statSync(file);
    return `local ${file} ${st.size} ${st.mtimeMs}`;
  } catch {
    return `local ${file} ontbreekt`; // launching will report it
  }
}

/** Without connecting: a remote browser's address, or the local identity. */
export function browserSetting(): string {
  const endpoint = process.env.PUPPETEER_BROWSER_WS_ENDPOINT;
  return endpoint ? `remote ${endpoint}` : localBrowserIdentity();
}
