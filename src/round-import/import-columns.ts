/**
 * Which of a nomination flow's steps a round's Excel list carries, as columns: every step a person
 * types or picks an answer for, in the flow's order. Not columns: the answers the round itself
 * gives (the kind of commendation, the year, the movement), the files (sent with each dossier
 * later, in the chat), and the attestation, which the secretary gives once for the whole list.
 * Derived from the flow, so a new question is a new column without anyone editing a template.
 */
import type { Flow, Step } from "../flows/flow-definition.ts";
import type { Answers } from "../flows/run-state.ts";
import { achievementTypeOf, type RoundKind } from "../rounds/review-rounds.ts";

/** The flows a round's list may hold: one row per nominee. */
export const IMPORT_FLOWS = ["nomination-individual", "nomination-collective"] as const;
export type ImportFlowId = (typeof IMPORT_FLOWS)[number];

/** The steps whose answers come from the round, the same for every row. */
const ROUND_STEPS = { achievementType: "achievementType", year: "year", movement: "movement" } as const;

export interface ImportRound {
  kind: string;
  year: number;
  movement: string | null;
}

export function isImportFlow(id: string | undefined): id is ImportFlowId {
  return IMPORT_FLOWS.some((f) => f === id);
}

/** The steps that are columns, in the flow's order. */
export function importColumns(flow: Flow): Step[] {
  const fromRound: readonly string[] = Object.values(ROUND_STEPS);
  return flow.steps.filter((s) => !fromRound.includes(s.id) && s.kind !== "files" && s.kind !== "consent");
}

/** The answers the round gives every row: its kind of commendation, its year, its movement (if any). */
export function roundAnswers(round: ImportRound): Answers {
  return {
    [ROUND_STEPS.achievementType]: achievementTypeOf(round.kind as RoundKind),
    [ROUND_STEPS.year]: round.year,
    [ROUND_STEPS.movement]: round.movement,
  };
}

/** A, B, …, Z, AA, … for a 0-based column index, as Excel names columns (the reports say where to look). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
