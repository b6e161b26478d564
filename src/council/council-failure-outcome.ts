/**
 * What a job does after the council answered a call with an error: 5xx, 429 and 408 are retried
 * (never earlier than Retry-After), any other 4xx is a dead letter — the council said no, and
 * asking again will not change its answer. The reason names the status and the council's problem
 * document, for the operator reading the dead letters.
 */
import type { JobOutcome } from "../outbox/outbox-runner.ts";

/** Seconds or an HTTP date, as Retry-After carries them; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** The outcome of a council call that did not succeed (`result` as openapi-fetch returns it). */
export function councilFailureOutcome(result: { error?: unknown; response: Response }, now: Date): JobOutcome {
  const status = result.response.status;
  const problem = result.error as { title?: string; detail?: string } | undefined;
  const reason = `HTTP ${status}: ${[problem?.title, problem?.detail].filter(Boolean).join(" — ") || result.response.statusText}`;
  if (status >= 500 || status === 429 || status === 408) {
    const after = retryAfterMs(result.response.headers.get("retry-after"), now);
    return { type: "retry", error: reason, httpStatus: status, ...(after !== undefined ? { retryAfterMs: after } : {}) };
  }
  return { type: "dead", error: reason, httpStatus: status };
}
