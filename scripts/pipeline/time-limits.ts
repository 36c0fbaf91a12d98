// Nothing hangs: every step of the build that waits for something (the chart
// renderer, Eleventy, Chromium, Pagefind, the file system) has a time limit, after
// which the build stops with a Dutch message naming the step (and the letter, for a
// PDF) and the variable that sets the limit. Defaults are generous: minutes for a
// whole step of a large site. Reading the input waits for nothing (only regular
// files are read, model/load.ts), so it has no timer.

export type Step = "grafieken" | "html" | "pdf" | "zoekindex" | "bestanden";

export interface StepInfo {
  /** Dutch name of the step, as the message shows it. */
  label: string;
  /** Environment variable with the limit in seconds. */
  env: string;
  /** Default limit in seconds. */
  seconds: number;
}

export const STEPS: Record<Step, StepInfo> = {
  grafieken: { label: "grafieken maken (Vega)", env: "RAADSBRIEF_CHARTS_TIMEOUT", seconds: 600 },
  html: { label: "HTML-pagina's maken (Eleventy)", env: "RAADSBRIEF_HTML_TIMEOUT", seconds: 900 },
  /** Per PDF (the tab counts as hung); each PDF gets one more attempt. */
  pdf: { label: "PDF maken (Chromium)", env: "RAADSBRIEF_PDF_TIMEOUT", seconds: 30 },
  zoekindex: { label: "zoekindex maken (Pagefind)", env: "RAADSBRIEF_SEARCH_TIMEOUT", seconds: 600 },
  /** Linking the previous build's unchanged files, and swapping the new site in. */
  bestanden: { label: "bestanden overzetten (uit de vorige build, of de nieuwe site op zijn plaats)", env: "RAADSBRIEF_FILES_TIMEOUT", seconds: 300 },
};

export interface TimeLimits {
  /** Milliseconds per step. */
  ms: Record<Step, number>;
  /** TEST ONLY: this step never finishes (RAADSBRIEF_TEST_HANG), to prove its limit works. */
  hang?: Step;
}

export const DEFAULT_TIME_LIMITS: TimeLimits = {
  ms: Object.fromEntries(Object.entries(STEPS).map(([k, s]) => [k, s.seconds * 1000])) as Record<Step, number>,
};

/** A setting that is not a positive number of seconds; the message is Dutch. */
export class TimeLimitSettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TimeLimitSettingError";
  }
}

/** The limits from the environment (seconds), defaults for what is not set. */
export function timeLimitsFromEnv(env: NodeJS.ProcessEnv): TimeLimits {
  const ms = { ...DEFAULT_TIME_LIMITS.ms };
  for (const [step, info] of Object.entries(STEPS) as [Step, StepInfo][]) {
    const raw = env[info.env];
    if (raw === undefined || raw === "") continue;
    const seconds = Number(raw.replace(",", "."));
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new TimeLimitSettingError(`${info.env}='${raw}' is geen geldig aantal seconden. Gebruik een positief getal, bijvoorbeeld ${info.env}=${info.seconds}.`);
    }
    ms[step] = seconds * 1000;
  }
  const hang = env.RAADSBRIEF_TEST_HANG;
  return hang && hang in STEPS ? { ms, hang: hang as Step } : { ms };
}

/** A step that took longer than its limit; the message is Dutch and names the step. */
export class TimeLimitError extends Error {
  constructor(
    readonly step: Step,
    seconds: number,
    what?: string,
  ) {
    const info = STEPS[step];
    super(
      `De stap '${info.label}'${what ? ` voor ${what}` : ""} was na ${duration(seconds)} nog niet klaar en is afgebroken. ` +
        `Is de site zo groot dat dat nodig is, zet dan ${info.env} op meer seconden; anders loopt er iets vast (zie --debug).`,
    );
    this.name = "TimeLimitError";
  }
}

export function duration(seconds: number): string {
  if (seconds >= 120 && seconds % 60 === 0) return `${seconds / 60} minuten`;
  return `${new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 }).format(seconds)} ${seconds === 1 ? "seconde" : "seconden"}`;
}

/**
 * `work`, or a TimeLimitError once the step's limit has passed. The work itself is
 * not stopped (it cannot be, from here): the caller fails the build, which removes
 * its temp folder and ends the process.
 */
export function withTimeLimit<T>(limits: TimeLimits, step: Step, work: Promise<T>, what?: string): Promise<T> {
  const ms = limits.ms[step];
  const running = limits.hang === step ? new Promise<T>(() => {}) : work;
  if (limits.hang === step) work.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeLimitError(step, ms / 1000, what)), ms);
  });
  return Promise.race([running, limit]).finally(() => clearTimeout(timer));
}
