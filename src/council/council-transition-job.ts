/**
 * The `council-transition` job: sends a secretary's entry (taken in the chat) to the council with
 * the bot's staff client: a transition, or a decision (POST /v1/dossiers/{id}/decisions). A
 * refused request (409: the dossier was decided meanwhile, 400, 403) is a dead letter with the
 * council's reason; 5xx, 429 and network errors are retried.
 */
import type { JobHandler } from "../outbox/outbox-runner.ts";
import { COUNCIL_TRANSITION_JOB, jobHandler } from "../outbox/jobs.ts";
import type { TransitionTarget } from "./council-api-schemas.ts";
import type { CouncilApiClient } from "./council-client.ts";
import { retryAfterMs } from "./forward-dossier-job.ts";

/** Jobs queued before contract 2.0 name the old statuses: the council's advice is what they meant. */
const LEGACY: Record<string, TransitionTarget> = { approved: "recommended", rejected: "not_recommended" };

export function councilTransitionJob(staff: CouncilApiClient): JobHandler {
  return jobHandler(COUNCIL_TRANSITION_JOB, async (p) => {
    let result;
    try {
      if (p.decision) {
        result = await staff.POST("/v1/dossiers/{id}/decisions", {
          params: { path: { id: p.councilDossierId } },
          body: { ...p.decision, ...(p.reason ? { reason: p.reason } : {}) },
        });
      } else {
        const to = LEGACY[p.to ?? ""] ?? (p.to as TransitionTarget);
        result = await staff.POST("/v1/dossiers/{id}/transitions", {
          params: { path: { id: p.councilDossierId } },
          body: { to, ...(p.reason ? { reason: p.reason } : {}), ...(p.fields.length ? { fields: p.fields } : {}) },
        });
      }
    } catch (err) {
      return { type: "retry", error: `council not reachable: ${(err as Error)?.message ?? String(err)}` };
    }
    const status = result.response.status;
    if (result.data) return { type: "done", httpStatus: status };
    const problem = result.error as { title?: string; detail?: string } | undefined;
    const reason = `HTTP ${status}: ${[problem?.title, problem?.detail].filter(Boolean).join(" — ")}`;
    if (status >= 500 || status === 429 || status === 408) {
      const after = retryAfterMs(result.response.headers.get("retry-after"), new Date());
      return { type: "retry", error: reason, httpStatus: status, ...(after !== undefined ? { retryAfterMs: after } : {}) };
    }
    return { type: "dead", error: reason, httpStatus: status };
  });
}
