import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as vega from "vega";
import type { TopLevelSpec } from "vega-lite";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatCount, formatMonthLong, nlNumberLocale, nlTimeLocale } from "../../scripts/charts/locale.ts";
import {
  cacheKey,
  ChartError,
  ChartRenderer,
  hasChartMarkers,
  renderChartSvg,
  type ChartMeta,
} from "../../scripts/charts/render.ts";
import { indexAxis, LINE_DASHES, trendSpec, type TrendChartInput } from "../../scripts/charts/trend.ts";

const FONT = "'Source Sans 3', sans-serif";

const input: TrendChartInput = {
  id: "bijstand-trend",
  title: "Bijstand & werk in Emmen",
  description: "Het aantal uitkeringen in Emmen daalde van 3.600 naar 3.510 (index 97,5); de ambitie is 3.340 <eind 2015>.",
  baseMonth: "2015-01",
  lines: [
    {
      region: "nederland",
      name: "Nederland",
      points: [
        { month: "2015-01", value: 400000, index: 100, illustrative: false },
        { month: "2015-02", value: 406000, index: 101.5, illustrative: false },
        { month: "2015-03", value: 412000, index: 103, illustrative: false },
      ],
    },
    {
      region: "emmen",
      name: "Emmen",
      points: [
        { month: "2015-01", value: 3600, index: 100, illustrative: false },
        { month: "2015-02", value: 3564, index: 99, illustrative: false },
        { month: "2015-03", value: 3510, index: 97.5, illustrative: false },
      ],
    },
  ],
  target: { name: "Emmen", date: "2015-12-31", value: 3340, index: 92.8, label: "Ambitie eind 2015" },
  colours: ["#767676", "#00629b"],
};
const meta: ChartMeta = { id: input.id, title: input.title, description: input.description };

// Loose JSON view of a spec, for inspecting its parts.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const json = (spec: TopLevelSpec): Json => JSON.parse(JSON.stringify(spec));

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object") {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

const rootTag = (svg: string): string => /^<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
const ids = (svg: string): string[] => [...svg.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!);
const texts = (svg: string): string[] => [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

// A spec that makes Vega emit clip paths (ids numbered by a process-wide counter).
const clipSpec: TopLevelSpec = {
  width: 200,
  height: 100,
  data: { values: [{ x: 1, y: 5 }, { x: 2, y: 50 }, { x: 3, y: 8 }] },
  mark: { type: "line", clip: true },
  encoding: {
    x: { field: "x", type: "quantitative", scale: { domain: [1, 2.5] } },
    y: { field: "y", type: "quantitative", scale: { domain: [0, 20] } },
  },
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("nl-NL locale", () => {
  it("has Dutch month and day names without trailing dots", () => {
    expect(nlTimeLocale.shortMonths).toEqual(["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]);
    expect(nlTimeLocale.months).toEqual([
      "januari", "februari", "maart", "april", "mei", "juni",
      "juli", "augustus", "september", "oktober", "november", "december",
    ]);
    expect(nlTimeLocale.days).toEqual(["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"]);
    expect(nlTimeLocale.shortDays).toEqual(["zo", "ma", "di", "wo", "do", "vr", "za"]);
  });

  it("has Dutch number separators and euro prefix", () => {
    expect(nlNumberLocale).toEqual({ decimal: ",", thousands: ".", grouping: [3], currency: ["€ ", ""] });
  });

  it("works as a Vega locale", () => {
    // vega exports vega-format's locale() at runtime; its typings omit it.
    type Formatters = { format(spec: string): (n: number) => string; utcFormat(spec: string): (d: Date) => string };
    const loc = (vega as unknown as { locale(n: object, t: object): Formatters }).locale(nlNumberLocale, nlTimeLocale);
    expect(loc.format(",.1f")(1234567.25)).toBe("1.234.567,3");
    expect(loc.format("$,.2f")(1234.5)).toBe("€ 1.234,50");
    expect(loc.utcFormat("%b %Y")(new Date(Date.UTC(2015, 2, 1)))).toBe("mrt 2015");
    expect(loc.utcFormat("%A %e %B")(new Date(Date.UTC(2015, 9, 5)))).toBe("maandag  5 oktober");
  });

  it("formats counts and months for labels", () => {
    expect(formatCount(3340)).toBe("3.340");
    expect(formatCount(412000.4)).toBe("412.000");
    expect(formatMonthLong("2015-01")).toBe("januari 2015");
    expect(formatMonthLong("2016-12")).toBe("december 2016");
    expect(() => formatMonthLong("2015-13")).toThrow("Ongeldige maand '2015-13'");
  });
});

describe("trendSpec", () => {
  const spec = json(trendSpec(deepFreeze(structuredClone(input))));
  const layers: Json[] = spec.layer;
  const lineLayer = layers.find((l) => l.mark?.type === "line");
  const pointLayer = layers.find((l) => l.mark?.type === "point" && l.encoding?.shape);
  // A chart's own values are params (signals) and named datasets (vega-render.ts reuses the rest).
  const param = (s: Json, name: string): Json => s.params.find((p: Json) => p.name === name)?.value;
  const rows = (s: Json, layer: Json): Json => s.datasets[layer.data.name];

  it("encodes month on x and index on y with Dutch axes", () => {
    expect(lineLayer.encoding.x.field).toBe("date");
    expect(lineLayer.encoding.x.type).toBe("temporal");
    expect(lineLayer.encoding.x.scale.type).toBe("utc");
    expect(lineLayer.encoding.x.axis.title).toBe("Maand");
    expect(lineLayer.encoding.x.axis.format).toBe("%b %Y");
    expect(lineLayer.encoding.x.axis.tickCount).toEqual({ expr: "xTickCount" });
    expect(param(spec, "xTickCount")).toEqual({ interval: "month", step: 3 });
    expect(lineLayer.encoding.y.field).toBe("index");
    expect(lineLayer.encoding.y.type).toBe("quantitative");
    expect(lineLayer.encoding.y.axis.title).toEqual({ signal: "yTitle" });
    expect(param(spec, "yTitle")).toBe("Index (januari 2015 = 100)");
    expect(lineLayer.encoding.y.axis.format).toBe(",.1~f");
    expect(lineLayer.encoding.y.scale).toEqual({ zero: false, domain: { expr: "yDomain" }, nice: false });
    expect(param(spec, "yDomain")).toEqual([90, 104]);
    expect(lineLayer.encoding.y.axis.values).toEqual({ expr: "yTicks" });
    expect(param(spec, "yTicks")).toEqual([90, 92, 94, 96, 98, 100, 102, 104]);
  });

  it("extends the x domain past the target date", () => {
    expect(lineLayer.encoding.x.scale.domain).toEqual({ expr: "xDomain" });
    expect(param(spec, "xDomain")).toEqual([Date.UTC(2015, 0, 1), Date.UTC(2016, 0, 10)]);
    // Every layer that has x shares the same domain.
    for (const l of layers) if (l.encoding?.x) expect(l.encoding.x.scale.domain).toEqual(lineLayer.encoding.x.scale.domain);
  });

  it("inlines the data", () => {
    expect(rows(spec, lineLayer)).toEqual([
      { region: "nederland", name: "Nederland", month: "2015-01", date: "2015-01-01", value: 400000, index: 100, illustrative: false },
      { region: "nederland", name: "Nederland", month: "2015-02", date: "2015-02-01", value: 406000, index: 101.5, illustrative: false },
      { region: "nederland", name: "Nederland", month: "2015-03", date: "2015-03-01", value: 412000, index: 103, illustrative: false },
      { region: "emmen", name: "Emmen", month: "2015-01", date: "2015-01-01", value: 3600, index: 100, illustrative: false },
      { region: "emmen", name: "Emmen", month: "2015-02", date: "2015-02-01", value: 3564, index: 99, illustrative: false },
      { region: "emmen", name: "Emmen", month: "2015-03", date: "2015-03-01", value: 3510, index: 97.5, illustrative: false },
    ]);
    const walk = (o: Json): void => {
      if (o && typeof o === "object") {
        expect(o).not.toHaveProperty("url");
        Object.values(o).forEach(walk);
      }
    };
    walk(spec);
  });

  it("keeps lines apart without colour", () => {
    const dash = lineLayer.encoding.strokeDash;
    expect(dash.field).toBe("name");
    expect(dash.scale.domain).toEqual({ expr: "names" });
    expect(param(spec, "names")).toEqual(["Nederland", "Emmen"]);
    expect(dash.scale.range).toEqual([[], [6, 4]]);
    expect(new Set(dash.scale.range.map((d: number[]) => d.join(","))).size).toBe(2);
    expect(pointLayer.encoding.shape.scale.range).toEqual(["circle", "square"]);
    expect(lineLayer.encoding.color.scale).toEqual({ domain: { expr: "names" }, range: ["#767676", "#00629b"] });
    expect(lineLayer.encoding.color.legend).toBeNull();
    // All style ranges are distinct, and none uses the target's diamond.
    expect(new Set(LINE_DASHES.map((d) => d.join(","))).size).toBe(LINE_DASHES.length);
  });

  it("labels each line end directly and draws the target and the 100 rule", () => {
    const textLayers = layers.filter((l) => l.mark?.type === "text");
    expect(textLayers.map((l) => rows(spec, l)[0].name)).toEqual(["Nederland", "Emmen"]);
    expect(textLayers.map((l) => rows(spec, l)[0].date)).toEqual(["2015-03-01", "2015-03-01"]);
    const targetLayer = layers.find((l) => Array.isArray(l.layer));
    expect(rows(spec, targetLayer)).toEqual([
      { name: "Emmen", label: "Ambitie eind 2015: 3.340", date: "2015-12-31", index: 92.8, value: 3340 },
    ]);
    expect(targetLayer.layer[0].mark.shape).toBe("diamond");
    expect(targetLayer.layer[0].mark.color).toEqual({ expr: "targetColour" });
    expect(param(spec, "targetColour")).toBe("#00629b");
    expect(targetLayer.layer[1].encoding.text.field).toBe("label");
    const rule = layers.find((l) => l.mark?.type === "rule");
    expect(rule.data.values).toEqual([{ index: 100 }]);
    expect(rule.encoding.x).toBeUndefined();
  });

  it("uses one font, sizes of at least 11 px and no inner ARIA", () => {
    expect(spec.config.font).toBe(FONT);
    expect(spec.config.aria).toBe(false);
    expect(spec.width).toBe(470);
    expect(spec.height).toBe(240);
    const sizes: number[] = [];
    const walk = (o: Json): void => {
      if (o && typeof o === "object") {
        for (const [k, v] of Object.entries(o)) {
          if (/fontsize$/i.test(k)) sizes.push(v as number);
          if (/font$/i.test(k)) expect(v).toBe(FONT);
          walk(v);
        }
      }
    };
    walk(spec);
    expect(sizes.length).toBeGreaterThan(0);
    for (const s of sizes) expect(s).toBeGreaterThanOrEqual(11);
    const marks: Json[] = layers.flatMap((l) => (l.layer ? l.layer : [l])).map((l) => l.mark);
    for (const m of marks) expect(m.aria).toBe(false);
    expect(lineLayer.encoding.x.axis.aria).toBe(false);
    expect(lineLayer.encoding.y.axis.aria).toBe(false);
  });

  it("is a pure function of its input", () => {
    expect(JSON.stringify(trendSpec(input))).toBe(JSON.stringify(trendSpec(structuredClone(input))));
  });

  it("rejects unusable input with a Dutch ChartError", () => {
    expect(() => trendSpec({ ...input, colours: ["#000"] })).toThrow(ChartError);
    expect(() => trendSpec({ ...input, colours: ["#000"] })).toThrow("Grafiek 'bijstand-trend' kon niet worden gemaakt: 2 lijnen maar 1 kleuren");
    expect(() => trendSpec({ ...input, baseMonth: "jan 2015" })).toThrow("Ongeldige maand");
    expect(() => trendSpec({ ...input, lines: [] })).toThrow("er zijn geen lijnen");
  });

  it("moves a line label past the target diamond instead of far from its line", () => {
    const months = ["2015-01", "2015-04", "2015-07", "2015-10", "2015-12"];
    const line = (name: string, idx: number[]) => ({
      region: name.toLowerCase(),
      name,
      points: months.map((month, i) => ({ month, value: idx[i]! * 10, index: idx[i]! })),
    });
    const s = json(
      trendSpec({
        ...input,
        lines: [line("Nederland", [100, 99, 98, 97, 96]), line("Emmen", [100, 98, 96, 95, 94])],
        target: { name: "Emmen", date: "2015-12-31", value: 930, index: 93.9, label: "Ambitie eind 2015" },
      }),
    );
    const labels = s.layer.filter((l: Json) => l.mark?.type === "text");
    const nudge = (name: string): { dx: number; dy: number } => {
      const mark = labels.find((l: Json) => rows(s, l)[0].name === name).mark;
      return { dx: param(s, mark.dx.expr), dy: param(s, mark.dy.expr) };
    };
    const emmen = nudge("Emmen");
    const nederland = nudge("Nederland");
    expect(nederland.dx).toBe(8);
    expect(emmen.dx).toBeGreaterThan(30); // right of the diamond, not pushed up or down
    expect(Math.abs(emmen.dy)).toBeLessThanOrEqual(8);
  });

  it("marks only line ends when there are more than 24 months", () => {
    const points = Array.from({ length: 30 }, (_, i) => ({
      month: `${2013 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`,
      value: 100 + i,
      index: 100 + i,
    }));
    const s = json(trendSpec({ ...input, target: undefined, lines: [{ region: "a", name: "A", points }, { region: "b", name: "B", points }] }));
    const points2 = s.layer.find((l: Json) => l.mark?.type === "point");
    expect(rows(s, points2).map((r: Json) => `${r.name} ${r.month}`)).toEqual(["A 2015-06", "B 2015-06"]);
    expect(param(s, "xTickCount")).toEqual({ interval: "month", step: 6 });
  });

  it("draws the title only on request", () => {
    expect(spec.title).toBeUndefined();
    expect(json(trendSpec({ ...input, showTitle: true })).title.text).toBe("Bijstand & werk in Emmen");
  });

  it("puts the y ticks on a 1-2-5 step", () => {
    expect(indexAxis([100, 100.3, 100.6])).toEqual({
      domain: [99.8, 100.8],
      ticks: [99.8, 100, 100.2, 100.4, 100.6, 100.8],
    });
    expect(indexAxis([100, 160, 75]).ticks).toEqual([60, 80, 100, 120, 140, 160, 180]);
  });
});

describe("renderChartSvg", () => {
  it("renders an accessible, inline-friendly SVG", async () => {
    const warn = vi.spyOn(console, "warn");
    const svg = await renderChartSvg(trendSpec(input), meta);
    expect(warn).not.toHaveBeenCalled();
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.endsWith("</svg>")).toBe(true);
    expect(rootTag(svg)).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" ' +
        'width="569" height="298" viewBox="0 0 569 298" class="grafiek" role="img" ' +
        'aria-labelledby="bijstand-trend-titel bijstand-trend-beschrijving">',
    );
    expect(svg).toContain(
      '<title id="bijstand-trend-titel">Bijstand &amp; werk in Emmen</title>' +
        '<desc id="bijstand-trend-beschrijving">Het aantal uitkeringen in Emmen daalde van 3.600 naar 3.510 ' +
        "(index 97,5); de ambitie is 3.340 &lt;eind 2015&gt;.</desc>",
    );
    // Only the root carries ARIA.
    expect(svg.match(/\s(?:role|aria-[a-z]+)="/g)).toEqual([" role=\"", " aria-labelledby=\""]);
    expect(svg).not.toContain('class="marks"');
  });

  it("labels ticks and marks in Dutch", async () => {
    const svg = await renderChartSvg(trendSpec(input), meta);
    const t = texts(svg);
    expect(t.slice(0, 6)).toEqual(["jan 2015", "apr 2015", "jul 2015", "okt 2015", "jan 2016", "Maand"]);
    expect(t).toContain("Index (januari 2015 = 100)");
    expect(t).toContain("Nederland");
    expect(t).toContain("Emmen");
    expect(t).toContain("Ambitie eind 2015: 3.340");
    expect(svg).toContain(">jan 2015</text>");
    expect(svg).not.toMatch(/\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/);
    expect(svg).not.toMatch(/>(?:mar|may|oct)\b/i);
    expect(svg).toContain(`font-family="${FONT}"`);
  });

  it("formats numbers with a decimal comma", async () => {
    const small: TrendChartInput = {
      ...input,
      id: "klein",
      target: undefined,
      lines: [{ region: "x", name: "X", points: [
        { month: "2015-01", value: 1000, index: 100 },
        { month: "2015-02", value: 1003, index: 100.3 },
        { month: "2015-03", value: 1006, index: 100.6 },
      ] }],
      colours: ["#333333"],
    };
    const svg = await renderChartSvg(trendSpec(small), { id: "klein", title: "Klein", description: "Klein." });
    expect(texts(svg)).toEqual(expect.arrayContaining(["99,8", "100", "100,2", "100,8"]));
    expect(svg).not.toMatch(/>\d+\.\d<\/text>/);
  });

  it("prefixes every id and reference, so charts on one page never collide", async () => {
    const a = await renderChartSvg(trendSpec(input), meta);
    const b = await renderChartSvg(trendSpec({ ...input, id: "werk-trend" }), { ...meta, id: "werk-trend" });
    const c = await renderChartSvg(clipSpec, { id: "clip-een", title: "Een", description: "Een." });
    const d = await renderChartSvg(clipSpec, { id: "clip-twee", title: "Twee", description: "Twee." });
    expect(ids(c)).toEqual(["clip-een-titel", "clip-een-beschrijving", "clip-een-clip-1"]);
    expect(c).toContain('clip-path="url(#clip-een-clip-1)"');
    const page = a + b + c + d;
    const all = ids(page);
    expect(new Set(all).size).toBe(all.length);
    for (const svg of [a, b, c, d]) {
      const own = new Set(ids(svg));
      for (const m of svg.matchAll(/url\(#([^)]+)\)|href="#([^"]+)"/g)) expect(own.has((m[1] ?? m[2])!)).toBe(true);
    }
  });

  it("gives identical output for identical input, also after Vega's counters moved on", async () => {
    const first = await renderChartSvg(clipSpec, { id: "clip-een", title: "Een", description: "Een." });
    await renderChartSvg(clipSpec, { id: "ander", title: "Ander", description: "Ander." });
    const again = await renderChartSvg(clipSpec, { id: "clip-een", title: "Een", description: "Een." });
    expect(again).toBe(first);
    expect(await renderChartSvg(trendSpec(input), meta)).toBe(await renderChartSvg(trendSpec(structuredClone(input)), meta));
  });

  it("gives identical output in another process and time zone", async () => {
    const here = await renderChartSvg(trendSpec(input), meta);
    const script = `
      import { renderChartSvg } from "./scripts/charts/render.ts";
      import { trendSpec } from "./scripts/charts/trend.ts";
      const input = JSON.parse(process.env.CHART_INPUT);
      process.stdout.write(await renderChartSvg(trendSpec(input), { id: input.id, title: input.title, description: input.description }));
    `;
    const there = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, TZ: "Pacific/Kiritimati", CHART_INPUT: JSON.stringify(input) },
      encoding: "utf8",
    });
    expect(there).toBe(here);
  }, 30_000);

  it("reads and writes the on-disk cache atomically", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "raadsbrief-charts-"));
    try {
      const cacheDir = path.join(dir, "grafieken");
      const spec = trendSpec(input);
      const svg = await new ChartRenderer({ cacheDir }).render(spec, meta);
      const key = cacheKey(spec, meta);
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      expect(await readdir(cacheDir)).toEqual([`${key}.svg`]); // no temp files left behind
      expect(await readFile(path.join(cacheDir, `${key}.svg`), "utf8")).toBe(svg);

      // The next build (a renderer of its own) reads the file instead of rendering.
      await writeFile(path.join(cacheDir, `${key}.svg`), "<svg>uit de cache</svg>");
      const next = new ChartRenderer({ cacheDir });
      expect(await next.render(spec, meta)).toBe("<svg>uit de cache</svg>");
      expect(next.stats()).toMatchObject({ rendered: 0, fromDisk: 1 });

      // Any change in spec or meta is a different key.
      expect(cacheKey(spec, { ...meta, title: "Anders" })).not.toBe(key);
      expect(cacheKey(trendSpec({ ...input, colours: ["#000000", "#00629b"] }), meta)).not.toBe(key);

      // Without a cache folder: rendered, and the cache is not read.
      const uncached = new ChartRenderer({ cacheDir: null });
      expect(await uncached.render(spec, meta)).toBe(svg);
      expect(uncached.stats()).toMatchObject({ rendered: 1, fromDisk: 0 });
      expect(existsSync(path.join(cacheDir, `${key}.svg`))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("wraps Vega failures in a Dutch ChartError naming the chart", async () => {
    const bad = { data: { values: [{ a: 1 }] }, mark: "bogus", encoding: {} } as unknown as TopLevelSpec;
    const err = await renderChartSvg(bad, { id: "kapot", title: "Kapot", description: "Kapot." }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChartError);
    expect((err as ChartError).message).toMatch(/^Grafiek 'kapot' kon niet worden gemaakt: /);
    expect((err as ChartError).cause).toBeInstanceOf(Error);

    const badExpr = {
      data: { values: [{ a: 1 }] },
      transform: [{ calculate: "datum.a +* 2", as: "b" }],
      mark: "point",
      encoding: { x: { field: "b", type: "quantitative" } },
    } as unknown as TopLevelSpec;
    await expect(renderChartSvg(badExpr, { id: "kapot-2", title: "K", description: "K." })).rejects.toThrow(
      /^Grafiek 'kapot-2' kon niet worden gemaakt: /,
    );
    await expect(renderChartSvg(trendSpec(input), { ...meta, id: "Geen Id!" })).rejects.toThrow(
      "Grafiek 'Geen Id!' kon niet worden gemaakt: de id moet met een letter beginnen en mag alleen letters, cijfers, '-' en '_' bevatten",
    );
  });

  it("deferred: a marker at once, and the same SVG filled in afterwards", async () => {
    const immediate = await renderChartSvg(trendSpec(input), meta);
    const deferring = new ChartRenderer({ cacheDir: null, defer: true });
    const marker = await deferring.render(trendSpec(input), meta);
    expect(marker).toBe(`<!--raadsbrief-grafiek:${cacheKey(trendSpec(input), meta)}-->`);
    const page = `<figure>\n${marker}\n</figure><p>${marker}</p>`;
    expect(hasChartMarkers(page)).toBe(true);
    const filled = await deferring.fill(page);
    expect(filled).toBe(`<figure>\n${immediate}\n</figure><p>${immediate}</p>`);
    expect(hasChartMarkers(filled)).toBe(false);
    expect(immediate).not.toMatch(/\n\s*\n/); // markdown-it would end the HTML block there

    // A chart that fails is reported when its page is filled, naming the chart.
    const bad = { data: { values: [{ a: 1 }] }, mark: "bogus", encoding: {} } as unknown as TopLevelSpec;
    const badMarker = await deferring.render(bad, { id: "kapot-uitgesteld", title: "K", description: "K." });
    await expect(deferring.fill(`<p>${badMarker}</p>`)).rejects.toThrow(/^Grafiek 'kapot-uitgesteld' kon niet worden gemaakt: /);

    // Another build's renderer knows none of this build's charts: its markers are its own.
    await expect(new ChartRenderer({ cacheDir: null, defer: true }).fill(page)).rejects.toThrow(/gemaakt buiten deze build/);
    // Not deferring: the SVG itself.
    expect(await new ChartRenderer({ cacheDir: null }).render(trendSpec(input), meta)).toBe(immediate);
  });

  it("released once every page has its charts: the SVGs are let go, and a marker filled later is refused, not left in", async () => {
    const deferring = new ChartRenderer({ cacheDir: null, defer: true });
    const marker = await deferring.render(trendSpec(input), meta);
    await deferring.fill(marker);
    deferring.release();
    await expect(deferring.fill(`<p>${marker}</p>`)).rejects.toThrow(/gemaakt buiten deze build/);
    // A chart asked for afterwards is rendered again, the same.
    const again = await deferring.render(trendSpec(input), meta);
    expect(await deferring.fill(again)).toBe(await renderChartSvg(trendSpec(input), meta));
    deferring.close();
  });
});
