// Chromium's tagged PDF of a page, printed as Chromium does it (no measuring pass, no
// finishing step): the raw input of the layout audit, for tests.
import type { Chromium } from "../scripts/pdf/browser.ts";

export async function printRaw(chromium: Chromium, html: string): Promise<Uint8Array> {
  const browser = await chromium.get();
  const tab = await browser.newPage();
  try {
    await tab.setContent(html, { waitUntil: "load" });
    return await tab.pdf({ printBackground: true, tagged: true, preferCSSPageSize: true });
  } finally {
    await tab.close();
  }
}
