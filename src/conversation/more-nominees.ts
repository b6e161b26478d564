/**
 * "Thêm người nữa" (add another nominee): at a year-end round a commune nominates dozens of
 * people, and the first answers (kind of commendation, movement, award, year) are the same for
 * each. After a nomination is sent, its message offers the button; the command starts the same
 * flow again with the shared answers of the person's latest submission kept (the engine's
 * `startRunKeeping`), on any of their linked chats, for {@link MORE_NOMINEES_HOURS} hours. Later,
 * or for a submission whose flow keeps nothing, the flow starts from the beginning with a note.
 *
 * Only flows with shared steps take part (the three nominations): a citizen's good-deed report
 * is one person's account of one event, so it is never offered, and a citizen typing the words
 * is told there is nothing to continue.
 */
import { hasSharedSteps, type RunOutput } from "../flows/advance-run.ts";
import type { Flow } from "../flows/flow-definition.ts";
import { z } from "zod";
import { answerSchema, type Answers } from "../flows/run-state.ts";
import type { Person } from "./person.ts";
import type { TurnKit } from "./turn-kit.ts";

/** How long after a submission "thêm người nữa" keeps its shared answers. */
export const MORE_NOMINEES_HOURS = 24;

const storedAnswers = z.record(z.string(), answerSchema);

/** What the command asks of the turn: a flow to start (with the answers to keep), and what to say first. */
export interface MoreNominees {
  replies: RunOutput[];
  flow: Flow | null;
  keep: Answers | null;
}

/** The next nominee after the person's latest submitted nomination, or a note and the menu when there is none. */
export async function moreNominees(kit: TurnKit, person: Person, now: Date): Promise<MoreNominees> {
  const t = kit.textsFor(person);
  const flows = [...kit.deps.flows.current.values()].filter(hasSharedSteps);
  const latest = await kit.deps.db.draft.findFirst({
    where: { userId: person.id, status: "SUBMITTED", flowId: { in: flows.map((f) => f.id) }, submittedAt: { not: null } },
    orderBy: { submittedAt: "desc" },
    select: { flowId: true, answers: true, submittedAt: true },
  });
  // The current revision of its flow: the next nominee starts on it, taking what still fits.
  const flow = latest ? flows.find((f) => f.id === latest.flowId) : undefined;
  if (!latest || !flow) return { replies: [{ type: "say", text: t("bot.more.none") }], flow: null, keep: null };
  const fresh = now.getTime() - latest.submittedAt!.getTime() <= MORE_NOMINEES_HOURS * 3_600_000;
  if (!fresh) {
    return { replies: [{ type: "say", text: t("bot.more.expired", { hours: MORE_NOMINEES_HOURS, title: kit.title(flow, person.locale) }) }], flow, keep: null };
  }
  const answers = storedAnswers.safeParse(latest.answers);
  return { replies: [], flow, keep: answers.success ? answers.data : {} };
}
