// Readable on a phone and on a desktop, measured in real Chromium at 375 and 1280 px:
// chart text never smaller than 11 CSS px (a chart keeps its drawn size and scrolls in
// its frame on a phone), and a table wider than its box scrolls inside the box with its
// first column and caption in view and a visible way to reach what is hidden.
// Each page is also screenshotted at both widths (written next to the built site, so a
// person can look at them; the test reads their size back).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Chromium } from "../../scripts/pdf/browser.ts";
import { ROOT, runCli } from "../helpers.ts";
import { serve } from "../static-server.ts";

const PAGES = [
  "/coevorden/2007/02/banen-en-bijstand-coevorden-2006/",
  "/emmen/2007/01/beleidsplan-werk-en-inkomen-2007-2010/",
  "/emmen/2015/09/2e-voortgangsrapportage-investeringsplan/",
  "/groningen/2018/04/jaarverslag-2017-werk-en-inkomen/",
  "/reeksen/bijstandsvolume/",
  "/coevorden/",
  "/brieven/2007/",
];
const WIDTHS = [375, 1280];
const MIN_CHART_TEXT = 11;

let dir: string;
let server: Server;
let origin: string;
let context: BrowserContext;
// This file's own Chromium (pdf/browser.ts: one per owner, no process-wide browser),
// drawing frames: pages on a screen (screenshots, waitForFunction).
const chromium = new Chromium({ screen: true });
let page: Page;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "raadsbrief-telefoon-"));
  const r = runCli("scripts/cli/build.ts", ["--zonder-pdf", "--met-concepten", "--uit", path.join(dir, "site")], ROOT);
  if (r.code !== 0) throw new Error(`build failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  server = await serve(path.join(dir, "site"));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  context = await (await chromium.get()).createBrowserContext();
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await chromium.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  rmSync(dir, { recursive: true, force: true });
});

interface Measured {
  /** Rendered size of every visible chart text, in CSS px (font size × the SVG's scale on screen). */
  chartText: number[];
  tables: { caption: string; overflow: number; captionInside: boolean; firstColumnStays: boolean; shadows: boolean }[];
  pageWidth: number;
}

async function measure(url: string, width: number): Promise<Measured> {
  await page.setViewport({ width, height: 900 });
  await page.goto(origin + url, { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const shot = path.join(dir, `${url.replace(/\W+/g, "_")}-${width}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  expect(readFileSync(shot).readUInt32BE(16), `screenshot ${shot} is ${width} px wide`).toBe(width);
  return page.evaluate(() => {
    const chartText = [...document.querySelectorAll<SVGTextElement>("svg.grafiek text")]
      .filter((t) => t.textContent!.trim() && t.getClientRects().length > 0)
      .map((t) => {
        const m = t.getScreenCTM()!;
        return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      });
    const tables = [...document.querySelectorAll<HTMLElement>(".tabel-scroll")]
      .filter((box) => box.getClientRects().length > 0 && !box.closest("details:not([open])"))
      .map((box) => {
        const caption = box.querySelector("caption")!;
        const b = box.getBoundingClientRect();
        const c = caption.getBoundingClientRect();
        const firstCell = box.querySelector<HTMLElement>("tbody tr > :first-child")!;
        // Scrolled to the far end, the row names are still at the box's left edge.
        box.scrollLeft = box.scrollWidth;
        const stays = Math.abs(firstCell.getBoundingClientRect().left - box.getBoundingClientRect().left) < 1.5;
        const captionStays = caption.getBoundingClientRect().left >= b.left - 1;
        box.scrollLeft = 0;
        return {
          caption: caption.textContent!.trim(),
          overflow: box.scrollWidth - box.clientWidth,
          captionInside: c.left >= b.left - 1 && c.right <= b.right + 1 && captionStays,
          firstColumnStays: stays,
          shadows: getComputedStyle(box).backgroundImage.includes("radial-gradient"),
        };
      });
    return { chartText, tables, pageWidth: document.documentElement.scrollWidth };
  });
}

describe.each(WIDTHS)("at %i px", (width) => {
  it.each(PAGES)("%s: chart text at least 11 px, wide tables scroll in their own box with row names and caption in view", async (url) => {
    const m = await measure(url, width);
    expect(m.pageWidth, "the page itself does not scroll sideways").toBeLessThanOrEqual(width);
    if (m.chartText.length) expect(Math.min(...m.chartText), `smallest chart text on ${url}`).toBeGreaterThanOrEqual(MIN_CHART_TEXT);
    for (const t of m.tables) {
      expect(t.captionInside, `caption of "${t.caption}" outside the part that scrolls`).toBe(true);
      if (t.overflow <= 0) continue;
      // More columns than fit: reachable, and seen to be so.
      expect(t.firstColumnStays, `"${t.caption}": the first column stays when scrolled`).toBe(true);
      expect(t.shadows, `"${t.caption}": a shadow shows there is more`).toBe(true);
      // (The scrollbar itself is not measured: this Chromium runs headless with overlay scrollbars.)
    }
  });
});

it("the sample has what these measurements are about: charts, and a table too wide for a phone and for the letter's column at 1280 px", async () => {
  const phone = await measure(PAGES[0]!, 375);
  const desktop = await measure(PAGES[0]!, 1280);
  expect(phone.chartText.length).toBeGreaterThan(10);
  expect(phone.tables.some((t) => t.overflow > 100)).toBe(true);
  expect(desktop.tables.some((t) => t.overflow > 0)).toBe(true);
});
