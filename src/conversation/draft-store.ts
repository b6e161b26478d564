/**
 * The conversation's draft rows: finding a person's open form, starting one, saving the engine's
 * new state after a turn, and giving the turn to a returned dossier that waited (PENDING_FIX)
 * while another form was open. The council's return path and the report-nomination path reopen
 * drafts of their own (src/council/apply-council-change.ts, nominate-from-report.ts).
 */
import { Prisma } from "../generated/sqlite/client.ts";
import type { DatabaseProvider } from "../db/apply-migrations.ts";
import type { Db, Tx } from "../db/open-database.ts";
import { jsonParam } from "../db/raw-sql.ts";
import type { Flow } from "../flows/flow-definition.ts";
import type { FlowRegistry } from "../flows/flow-registry.ts";
import { readRunState, type RunState } from "../flows/run-state.ts";
import type { Logger } from "../log.ts";
import type { DraftRow } from "./turn-snapshot.ts";
import type { OpenDraft } from "./turn-kit.ts";

export class DraftStore {
  constructor(private readonly deps: { db: Db; provider: DatabaseProvider; flows: FlowRegistry; log: Logger }) {}

  /**
   * The person's open draft, on whichever channel it was started (linked identities share it),
   * from its row (read with the turn's snapshot), pinned to its flow revision.
   */
  async open(row: DraftRow | null): Promise<OpenDraft | null> {
    if (!row) return null;
    const flow = await this.deps.flows.revision(row.flowId, row.flowRevision);
    if (!flow) {
      this.deps.log.error({ draftId: row.id, flowId: row.flowId, revision: row.flowRevision }, "draft's flow revision is missing");
      return null;
    }
    return { id: row.id, flow, state: readRunState(row.state), sourceDossierId: row.sourceDossierId };
  }

  /** A new open draft with the engine's first state, recorded in the audit log. */
  async start(tx: Tx, input: { id: string; userId: string; chatKey: string; flow: Flow; state: RunState; now: Date }): Promise<void> {
    const { flow, state, now } = input;
    await tx.draft.create({
      data: {
        id: input.id,
        userId: input.userId,
        chatKey: input.chatKey,
        flowId: flow.id,
        flowRevision: flow.revision,
        stateVersion: state.v,
        state: state as object,
        answers: state.answers as object,
        currentStepId: state.stepId,
        status: "ACTIVE",
        lastActivityAt: now,
      },
    });
    await tx.auditLog.create({ data: { at: now, actorId: input.userId, action: "draft.started", entity: "Draft", entityId: input.id, data: { flowId: flow.id, revision: flow.revision } } });
  }

  /**
   * The draft's state after a turn; a cancelled form is closed and recorded. One raw statement:
   * it runs on every message (see db/raw-sql.ts). `updatedAt` is set as Prisma's @updatedAt would.
   */
  async save(tx: Tx, input: { draftId: string; userId: string; state: RunState; now: Date }): Promise<void> {
    const { state, now } = input;
    const { provider } = this.deps;
    const cancelled = state.phase === "cancelled";
    await tx.$executeRaw`
      UPDATE "Draft" SET "state" = ${jsonParam(provider, state)}, "stateVersion" = ${state.v}, "answers" = ${jsonParam(provider, state.answers)},
        "currentStepId" = ${state.stepId}, "lastActivityAt" = ${now}, "remindedAt" = NULL, "updatedAt" = ${new Date()}
        ${cancelled ? Prisma.sql`, "status" = 'CANCELLED'` : Prisma.empty}
      WHERE "id" = ${input.draftId}`;
    if (cancelled) await tx.auditLog.create({ data: { at: now, actorId: input.userId, action: "draft.cancelled", entity: "Draft", entityId: input.draftId } });
  }

  async markSubmitted(tx: Tx, draftId: string, now: Date): Promise<void> {
    await tx.draft.update({ where: { id: draftId }, data: { status: "SUBMITTED", submittedAt: now } });
  }

  /** A returned dossier that waited while another form was open: its draft becomes the open one. */
  async takeWaitingFix(tx: Tx, userId: string, now: Date): Promise<{ id: string; flowId: string; flowRevision: number; state: unknown; sourceDossierId: string | null } | null> {
    const waiting = await tx.draft.findFirst({ where: { userId, status: "PENDING_FIX" }, orderBy: { createdAt: "asc" } });
    if (!waiting) return null;
    await tx.draft.update({ where: { id: waiting.id }, data: { status: "ACTIVE", lastActivityAt: now } });
    return waiting;
  }
}
