// Time limits per build step (scripts/pipeline/time-limits.ts): from the environment,
// the Dutch message, and the race itself.
import { describe, expect, it } from "vitest";
import { DEFAULT_TIME_LIMITS, TimeLimitError, TimeLimitSettingError, timeLimitsFromEnv, withTimeLimit } from "../../scripts/pipeline/time-limits.ts";

describe("timeLimitsFromEnv", () => {
  it("has generous defaults: minutes for whole steps, 30 s per PDF", () => {
    expect(timeLimitsFromEnv({})).toEqual({ ms: { grafieken: 600_000, html: 900_000, pdf: 30_000, zoekindex: 600_000, bestanden: 300_000 } });
    expect(DEFAULT_TIME_LIMITS.ms.html).toBe(900_000);
  });
  it("reads seconds per step, a decimal comma too, and the test-only hang", () => {
    const limits = timeLimitsFromEnv({ RAADSBRIEF_SEARCH_TIMEOUT: "2", RAADSBRIEF_HTML_TIMEOUT: "1,5", RAADSBRIEF_TEST_HANG: "zoekindex" });
    expect(limits.ms.zoekindex).toBe(2000);
    expect(limits.ms.html).toBe(1500);
    expect(limits.hang).toBe("zoekindex");
    expect(timeLimitsFromEnv({ RAADSBRIEF_TEST_HANG: "niets" }).hang).toBeUndefined();
  });
  it("refuses what is not a positive number, in Dutch", () => {
    expect(() => timeLimitsFromEnv({ RAADSBRIEF_PDF_TIMEOUT: "lang" })).toThrow(
      new TimeLimitSettingError("RAADSBRIEF_PDF_TIMEOUT='lang' is geen geldig aantal seconden. Gebruik een positief getal, bijvoorbeeld RAADSBRIEF_PDF_TIMEOUT=30."),
    );
    expect(() => timeLimitsFromEnv({ RAADSBRIEF_CHARTS_TIMEOUT: "0" })).toThrow(TimeLimitSettingError);
  });
});

describe("withTimeLimit", () => {
  const limits = { ms: { ...DEFAULT_TIME_LIMITS.ms, zoekindex: 50 } };
  it("passes a result that comes in time", async () => {
    await expect(withTimeLimit(limits, "zoekindex", Promise.resolve(7))).resolves.toBe(7);
  });
  it("fails a step that does not finish, naming the step and the variable", async () => {
    const error = await withTimeLimit(limits, "zoekindex", new Promise(() => {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeLimitError);
    expect((error as Error).message).toBe(
      "De stap 'zoekindex maken (Pagefind)' was na 0,1 seconden nog niet klaar en is afgebroken. Is de site zo groot dat dat nodig is, zet dan RAADSBRIEF_SEARCH_TIMEOUT op meer seconden; anders loopt er iets vast (zie --debug).",
    );
  });
  it("names the letter where one applies, and minutes for long limits", () => {
    expect(new TimeLimitError("html", 900, "content/x.md").message).toBe(
      "De stap 'HTML-pagina's maken (Eleventy)' voor content/x.md was na 15 minuten nog niet klaar en is afgebroken. Is de site zo groot dat dat nodig is, zet dan RAADSBRIEF_HTML_TIMEOUT op meer seconden; anders loopt er iets vast (zie --debug).",
    );
  });
  it("hangs the step the test hook names", async () => {
    const error = await withTimeLimit({ ...limits, hang: "zoekindex" }, "zoekindex", Promise.resolve(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeLimitError);
  });
});
