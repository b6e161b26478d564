/**
 * The crash test's check of open reports, on the last run before anyone moves on: every answer a
 * person was acknowledged for in the report they have open is in that report's draft.
 */
import type { Db } from "../../db/open-database.ts";
import { chatKeyOf, SCRIPT, STEP_OF, type Person } from "./simulated-person.ts";

/** Checks each person's open draft against their acknowledged answers; returns the answers lost. */
export async function checkOpenDrafts(db: Db, people: readonly Person[], violations: string[]): Promise<number> {
  let lostAnswers = 0;
  for (const p of people) {
    const chatKey = await chatKeyOf(db, p);
    const active = await db.draft.findMany({ where: { chatKey, status: "ACTIVE" } });
    if (p.pos === 0) {
      if (active.length > 0) violations.push(`${p.name}: no report open, but ${active.length} active draft(s)`);
    } else if (active.length !== 1) {
      lostAnswers += p.openAcked.length;
      violations.push(`${p.name}: a report open at script step ${p.pos}, but ${active.length} active drafts`);
    } else {
      const answers = (active[0]!.answers ?? {}) as Record<string, unknown>;
      for (const i of p.openAcked) {
        const stepId = STEP_OF[i];
        if (stepId && !(stepId in answers)) {
          lostAnswers++;
          violations.push(`${p.name}: acknowledged answer "${SCRIPT[i]}" (${stepId}) missing from draft ${active[0]!.id}: ${JSON.stringify(answers).slice(0, 300)}`);
        }
      }
    }
  }
  return lostAnswers;
}
