// Searching as a reader does: /zoeken/ of a served site in real Chromium, a query typed,
// the result links read back (used by search.test.ts and search-edit.test.ts).
import type { Page } from "puppeteer-core";

/** A result's link (one per letter). */
export const RESULT_LINK = "#zoekresultaten > li > h2 > a";

/** Types a query into the search page (with filters in its address) and returns the result links, in order. */
export async function searchPage(page: Page, origin: string, query: string, filters: Record<string, string> = {}): Promise<string[]> {
  await page.goto(`${origin}/zoeken/${Object.keys(filters).length ? `?${new URLSearchParams(filters)}` : ""}`, { waitUntil: "load" });
  const input = await page.waitForSelector("#zoekterm");
  await input!.type(query);
  // When the search is done the status line says "N resultaten voor <query>".
  const message = await page.waitForFunction(
    (q) => {
      const text = document.querySelector("#zoekstatus")?.textContent ?? "";
      return /^(Geen resultaten|\d+ resultaat|\d+ resultaten) voor /.test(text) && text.endsWith(q) ? text : false;
    },
    { timeout: 15_000 },
    query,
  );
  const count = Number(((await message.jsonValue()) as string).match(/^\d+/)?.[0] ?? 0);
  await page.waitForFunction(
    (selector, n) => document.querySelectorAll(selector).length === n,
    { timeout: 15_000 },
    RESULT_LINK,
    count,
  );
  return page.$$eval(RESULT_LINK, (links) => links.map((a) => a.getAttribute("href") ?? ""));
}
