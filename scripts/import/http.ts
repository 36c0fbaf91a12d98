// A polite HTTP client for the importer: Node's fetch with a time limit per request,
// a User-Agent naming Raadsbrief and its version, and retries with back-off on 429
// (honouring Retry-After) and 5xx. Every failure becomes an ImportError with a Dutch
// message that says what to do; nothing here retries without end or waits forever.
import { ImportError } from "./errors.ts";

export interface HttpOptions {
  /** "Raadsbrief/0.1.0 (…)". */
  userAgent: string;
  /** Per request, in milliseconds. */
  timeoutMs: number;
  /** Attempts per request in all (3: the first and two retries). */
  attempts: number;
  /** First back-off in milliseconds; it doubles after each retry. */
  backoffMs: number;
  /** The longest Retry-After honoured, in milliseconds; a longer one gives up with a message. */
  maxRetryAfterMs: number;
  /** What the base address is called in messages: "--bron-url" gives the fix. */
  baseHint: string;
  /** Waits; tests and the CLI pass setTimeout's promise. */
  sleep: (ms: number) => Promise<void>;
  /** A line for the user (retries). */
  log: (line: string) => void;
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

const NO_CONNECTION = new Set(["ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_SOCKET"]);

/** The system error code somewhere in fetch's chain of causes ("ECONNREFUSED"). */
function networkCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 5 && e instanceof Error; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && NO_CONNECTION.has(code)) return code;
    e = e.cause;
  }
  return undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Retry-After in milliseconds: seconds, or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10}`.replace(".", ",");

/**
 * GET `url` as JSON. 404 and other 4xx come back as a status (the caller knows what
 * a 404 means for its request); 429 and 5xx are retried, then fail; no connection,
 * a time-out or a body that is not JSON fail at once (a time-out is retried).
 */
export async function getJson(url: string, opts: HttpOptions): Promise<JsonResponse> {
  let wait = opts.backoffMs;
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= opts.attempts;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { "User-Agent": opts.userAgent, Accept: "application/json" },
        signal: AbortSignal.timeout(opts.timeoutMs),
        redirect: "follow",
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      const code = networkCode(error);
      if (timedOut && !last) {
        opts.log(`Geen antwoord van ${hostOf(url)} binnen ${seconds(opts.timeoutMs)} s; nog een poging.`);
        await opts.sleep(wait);
        wait *= 2;
        continue;
      }
      if (timedOut || code) {
        throw new ImportError(
          `Geen verbinding met ${hostOf(url)} (${timedOut ? `geen antwoord binnen ${seconds(opts.timeoutMs)} s` : code}). Controleer de internetverbinding of ${opts.baseHint}.`,
          { cause: error },
        );
      }
      throw new ImportError(`Het ophalen van ${url} mislukte. Controleer de internetverbinding of ${opts.baseHint}.`, { cause: error });
    }
    if (response.status === 429 || response.status >= 500) {
      const after = response.status === 429 ? retryAfterMs(response.headers.get("retry-after")) : undefined;
      await response.body?.cancel();
      const what = response.status === 429 ? "vraagt ons te wachten (HTTP 429, te veel verzoeken)" : `gaf een serverfout (HTTP ${response.status})`;
      if (last) throw new ImportError(`${hostOf(url)} ${what}, ook na ${opts.attempts} pogingen. Probeer het later opnieuw.`);
      if (after !== undefined && after > opts.maxRetryAfterMs) {
        throw new ImportError(`${hostOf(url)} ${what} en vraagt ${seconds(after)} s te wachten; dat is langer dan Raadsbrief wacht. Probeer het later opnieuw.`);
      }
      const pause = after ?? wait;
      opts.log(`${hostOf(url)} ${what}; over ${seconds(pause)} s nog een poging (${attempt + 1} van ${opts.attempts}).`);
      await opts.sleep(pause);
      wait *= 2;
      continue;
    }
    if (response.status >= 400) {
      await response.body?.cancel();
      return { status: response.status, body: undefined };
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new ImportError(`Het antwoord van ${hostOf(url)} kwam niet (helemaal) binnen. Controleer de internetverbinding of ${opts.baseHint}.`, { cause: error });
    }
    try {
      return { status: response.status, body: JSON.parse(text) };
    } catch {
      throw new ImportError(`${hostOf(url)} gaf geen geldige JSON terug voor ${url}. Klopt ${opts.baseHint}?`);
    }
  }
}
