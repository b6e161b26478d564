/**
 * A round's whole list, checked: each row as the chat would check it (check-import-row.ts), and
 * the list against the round, so the same nominee is not sent twice for the same award: a row
 * naming one who already has a dossier in the round (a list fixed and uploaded again, or a chat
 * nomination) is reported with that dossier's code, as is a row repeating an earlier row.
 */
import type { Db, Tx } from "../db/open-database.ts";
import type { Answers } from "../flows/run-state.ts";
import { foldText } from "../text/fold-text.ts";
import { checkImportRow, type ImportRowInput, type ImportRowIssue } from "./check-import-row.ts";
import type { ImportRow } from "./read-import-workbook.ts";

export type CheckedRow = {
  rowNumber: number;
  /** The nominee's name as the row gives it (empty when missing). */
  nominee: string;
  warnings: string[];
} & (
  | { status: "ok"; answers: Answers }
  | { status: "invalid"; errors: ImportRowIssue[] }
  /** Already in the round (`code`), or repeating row `row` of the list. */
  | { status: "duplicate"; code: string | null; row: number | null }
);

/** The steps that name a nominee in the nomination flows. */
const NAME_STEPS = ["fullName", "collectiveName", "headName"] as const;

export function checkImportList(rows: readonly ImportRow[], inRound: ReadonlyMap<string, string>, row: Omit<ImportRowInput, "cells">): CheckedRow[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const nominee = NAME_STEPS.map((id) => r.cells[id]).find(Boolean) ?? "";
    const checked = checkImportRow({ ...row, cells: r.cells });
    if (!checked.ok) return { rowNumber: r.rowNumber, nominee, warnings: checked.warnings, status: "invalid", errors: checked.errors };
    const key = nomineeKey(checked.answers);
    const code = key ? inRound.get(key) : undefined;
    const earlier = key ? seen.get(key) : undefined;
    if (code || earlier) return { rowNumber: r.rowNumber, nominee, warnings: checked.warnings, status: "duplicate", code: code ?? null, row: earlier ?? null };
    if (key) seen.set(key, r.rowNumber);
    return { rowNumber: r.rowNumber, nominee, warnings: checked.warnings, status: "ok", answers: checked.answers };
  });
}

/** A nominee for an award: the name (folded), the birth date for a person, the award. */
export function nomineeKey(answers: Answers): string | null {
  const name = NAME_STEPS.map((id) => answers[id]).find((v): v is string => typeof v === "string" && v.length > 0);
  const award = answers.award;
  if (!name || typeof award !== "string") return null;
  const born = typeof answers.birthDate === "string" ? answers.birthDate : "";
  return `${foldText(name)}|${born}|${award}`;
}

/** The nominees the round already holds a dossier for (but those replaced by a correction), by key. */
export async function nomineesInRound(db: Db | Tx, roundId: string): Promise<Map<string, string>> {
  const dossiers = await db.dossier.findMany({
    where: { roundId, status: { not: "RESUBMITTED" }, nominationId: { not: null } },
    select: { code: true, nomination: { select: { nomineeName: true, birthDate: true, awardCode: true, nomineeKind: true } } },
  });
  const keys = new Map<string, string>();
  for (const d of dossiers) {
    const n = d.nomination;
    if (!n) continue;
    keys.set(nomineeKey({ fullName: n.nomineeName, birthDate: n.nomineeKind === "CA_NHAN" ? n.birthDate : null, award: n.awardCode })!, d.code);
  }
  return keys;
}
