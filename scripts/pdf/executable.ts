// Which Chromium prints, without loading Puppeteer: the build's "nothing changed"
// check (pipeline/up-to-date.ts) and the PDF cache key need it, and the first
// must stay light.
import { statSync } from "node:fs";

export const DEFAULT_EXECUTABLE = "/usr/bin/chromium";

export function executablePath(): string {
  return process.env.PUPPETEER_EXECUTABLE_PATH || DEFAULT_EXECUTABLE;
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
