/**
 * Stores a round's checked list: each valid row becomes a submitted nomination exactly as a chat's
 * does (submitRun: the nomination, its dossier and code, the forward-dossier job, the audit entry),
 * from a draft row written here already submitted, channel "console", proposed by the round's
 * unit, so everything after (forwarding, the council, the round's papers) is the chat's path.
 * The drafts belong to the secretary's chat (their latest channel identity): the council's news of
 * each dossier, and a return for changes with its questions, reach them there as for a chat's.
 * All rows in one transaction: either the list is stored or nothing is.
 *
 * Idempotent: a row's draft id is derived from the round, the uploaded file's SHA-256 and the row
 * number, so the same file posted again (a second press, a resent request, the same file uploaded
 * once more) stores nothing twice; its rows are reported as already stored.
 */
import { createHash } from "node:crypto";
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import type { Tx } from "../db/open-database.ts";
import { submitRun, type SubmitRunInput } from "../dossiers/submit-run.ts";
import type { Flow } from "../flows/flow-definition.ts";
import type { RunAward } from "../flows/advance-run.ts";
import { RUN_STATE_VERSION, type Answers, type RunState } from "../flows/run-state.ts";

export interface ImportSubmission {
  flow: Flow;
  round: { id: string; unitId: string };
  rows: ReadonlyArray<{ rowNumber: number; answers: Answers }>;
  /** Hex SHA-256 of the uploaded file. */
  fileSha256: string;
  user: { id: string; fullName: string | null };
  now: Date;
  units: UnitDirectory;
  awards: readonly RunAward[];
  assess?: SubmitRunInput["assess"];
}

export interface ImportStored {
  stored: Array<{ rowNumber: number; code: string }>;
  /** Rows of this file stored by an earlier post. */
  already: number[];
}

/** A row that would not join the round (another open round of the unit took it): nothing is stored. */
export class RoundMismatchError extends Error {
  constructor(readonly rowNumber: number) {
    super(`row ${rowNumber} did not join the round it was imported into`);
  }
}

/** The person has no chat with the assistant to hear of the dossiers in: nothing is stored. */
export class NoChatError extends Error {
  constructor() {
    super("the importing person has no channel identity");
  }
}

/** The channel recorded on the dossiers of a list (their payload's `submittedBy`). */
export const IMPORT_CHANNEL = "console";

export async function submitImport(tx: Tx, input: ImportSubmission): Promise<ImportStored> {
  const result: ImportStored = { stored: [], already: [] };
  const chat = await tx.channelIdentity.findFirst({ where: { userId: input.user.id }, orderBy: { createdAt: "desc" }, select: { channel: true, externalId: true } });
  if (!chat) throw new NoChatError();
  for (const row of input.rows) {
    const draftId = importDraftId(input.round.id, input.fileSha256, row.rowNumber);
    if (await tx.draft.findUnique({ where: { id: draftId }, select: { id: true } })) {
      result.already.push(row.rowNumber);
      continue;
    }
    const state: RunState = { v: RUN_STATE_VERSION, flowId: input.flow.id, revision: input.flow.revision, lang: "vi", phase: "done", stepId: null, answers: row.answers, trail: [], editing: false };
    await tx.draft.create({
      data: {
        id: draftId,
        userId: input.user.id,
        chatKey: `${chat.channel}:${chat.externalId}`,
        flowId: input.flow.id,
        flowRevision: input.flow.revision,
        stateVersion: state.v,
        state: state as object,
        answers: row.answers as object,
        currentStepId: null,
        status: "SUBMITTED",
        lastActivityAt: input.now,
        submittedAt: input.now,
      },
    });
    const submitted = await submitRun(tx, {
      flow: input.flow,
      draftId,
      user: input.user,
      channel: IMPORT_CHANNEL,
      answers: row.answers,
      now: input.now,
      units: input.units,
      awards: input.awards,
      ...(input.assess ? { assess: input.assess } : {}),
      proposingUnitId: input.round.unitId,
    });
    const dossier = await tx.dossier.findUniqueOrThrow({ where: { id: submitted.dossierId }, select: { roundId: true } });
    if (dossier.roundId !== input.round.id) throw new RoundMismatchError(row.rowNumber);
    result.stored.push({ rowNumber: row.rowNumber, code: submitted.code });
  }
  if (result.stored.length) {
    await tx.auditLog.create({
      data: { at: input.now, actorId: input.user.id, action: "round.list_imported", entity: "ReviewRound", entityId: input.round.id, data: { flowId: input.flow.id, sha256: input.fileSha256, codes: result.stored.map((s) => s.code) } },
    });
  }
  return result;
}

/** The draft id of a list's row: the same file's same row in the same round is the same draft. */
export function importDraftId(roundId: string, fileSha256: string, rowNumber: number): string {
  return `import-${createHash("sha256").update(`${roundId}|${fileSha256}|${rowNumber}`).digest("hex").slice(0, 32)}`;
}
