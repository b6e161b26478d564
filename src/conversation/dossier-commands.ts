/**
 * The commands about dossiers already sent: "trạng thái" (the person's own, with their council
 * status) and "tải hồ sơ" (a nomination's papers as DOCX, also from the button that follows a
 * submission).
 */
import type { Choice, InboundMessage, OutgoingDocument, OutgoingMessage } from "../channels/channel-port.ts";
import { downloadScopeFor } from "../replies/button-scope.ts";
import { renderOutputs } from "../replies/render-outputs.ts";
import { DOCUMENT_KIND_NAMES, DOCX_MEDIA_TYPE, type DocumentKind } from "../documents/dossier-documents.ts";
import type { RunContext } from "../flows/advance-run.ts";
import { formatLocalDate } from "../time/local-date.ts";
import { localDateInVietnam } from "../time/vietnam-time.ts";
import { dossierStatusText } from "./dossier-status-text.ts";
import { maySeeDossier } from "./may-see-dossier.ts";
import type { Person } from "./person.ts";
import type { OpenDraft, TurnKit } from "./turn-kit.ts";

export class DossierCommands {
  constructor(private readonly kit: TurnKit) {}

  /** The person's latest dossiers (or the one with `code`) and where each stands. */
  async status(person: Person, code?: string): Promise<string> {
    const t = this.kit.textsFor(person);
    const dossiers = await this.kit.deps.db.dossier.findMany({
      where: { submittedById: person.id, ...(code ? { code } : {}) },
      orderBy: { submittedAt: "desc" },
      take: 5,
    });
    if (dossiers.length === 0) return code ? t("bot.status.not_found", { code }) : t("bot.status.none");
    const lines = dossiers.map((d) =>
      t("bot.status.line", { code: d.code, kind: t(`bot.dossier.kind.${d.kind}`), status: dossierStatusText(t, d), date: formatLocalDate(localDateInVietnam(d.submittedAt)) }),
    );
    return [t("bot.status.header"), ...lines].join("\n");
  }

  /**
   * "tải hồ sơ <mã>": the nomination's papers as DOCX (generated and stored as versions by
   * `documents.ensure`), with a line per document. Without a code, the person's only nomination
   * is meant; with several, they are asked for the code and shown their recent ones. A code that
   * does not exist, names a good-deed report (no papers) or a dossier the person may not see
   * (see maySeeDossier) gets the same answer. The download is recorded in the audit log.
   */
  async download(msg: InboundMessage, person: Person, typedCode: string | undefined, draft: OpenDraft | null, ctx: RunContext, now: Date): Promise<OutgoingMessage[]> {
    const { kit } = this;
    const { db, documents, log, units } = kit.deps;
    const t = kit.textsFor(person);
    const scope = kit.offered(draft, person, ctx).scope;
    const after = draft ? kit.promptOrMenu(draft, person, ctx) : [];
    let code = typedCode;
    if (!code) {
      const own = await db.dossier.findMany({ where: { submittedById: person.id, kind: { not: "GOOD_DEED_REPORT" } }, orderBy: { submittedAt: "desc" }, take: 5, select: { code: true } });
      if (own.length !== 1) {
        const lines = [t("bot.download.ask_code"), ...(own.length ? [t("bot.download.recent", { codes: own.map((d) => d.code).join(", ") })] : [])];
        return kit.reply(msg, now, [{ type: "say", text: lines.join("\n") }, ...after], scope);
      }
      code = own[0]!.code;
    }
    const dossier = /^TDKT-\d{4}-\d{6}$/.test(code) ? await db.dossier.findUnique({ where: { code } }) : null;
    if (!dossier || dossier.kind === "GOOD_DEED_REPORT" || !maySeeDossier(person, dossier, units)) {
      log.info({ userId: person.id, found: Boolean(dossier) }, "dossier download refused");
      return kit.reply(msg, now, [{ type: "say", text: t("bot.download.not_found", { code }) }, ...after], scope);
    }
    // Generated before the transaction that records the message: storing a version takes the writer lock.
    const stored = documents ? (await documents.ensure(dossier)).filter((d) => d.mediaType === DOCX_MEDIA_TYPE) : [];
    if (stored.length === 0) {
      log.error({ code: dossier.code }, "a nomination dossier has no documents to download");
      return kit.reply(msg, now, [{ type: "say", text: t("bot.download.empty", { code: dossier.code }) }, ...after], scope);
    }
    const files: OutgoingDocument[] = stored.map((d) => ({ id: d.id, fileName: d.fileName, mediaType: d.mediaType, size: d.size }));
    const names = stored.map((d) => `• ${DOCUMENT_KIND_NAMES[d.kind as DocumentKind]?.vi ?? d.kind}`);
    const reply: OutgoingMessage = { text: [t("bot.download.ready", { code: dossier.code, count: stored.length }), ...names].join("\n"), documents: files };
    log.info({ userId: person.id, code: dossier.code, documents: stored.length }, "dossier documents downloaded in the chat");
    return kit.finish(msg, now, [], async (tx) => {
      await tx.auditLog.create({ data: { at: now, actorId: person.id, action: "dossier.documents_downloaded", entity: "Dossier", entityId: dossier.id, data: { channel: msg.channel, documents: stored.map((d) => d.id) } } });
      return [reply, ...renderOutputs(after, scope)];
    }, scope);
  }

  /**
   * The choice of a pressed button of a submission's message (see downloadScopeFor), if the
   * message is one of the person's dossiers': "Tải hồ sơ (Word)" or "Thêm người nữa".
   */
  async downloadButton(person: Person, button: { scope: string; index: number }): Promise<Choice | undefined> {
    if (button.index !== 0 && button.index !== 1) return undefined;
    const own = await this.kit.deps.db.dossier.findMany({ where: { submittedById: person.id, kind: { not: "GOOD_DEED_REPORT" } }, orderBy: { submittedAt: "desc" }, take: 200, select: { code: true } });
    const code = own.find((d) => downloadScopeFor(d.code) === button.scope)?.code;
    return code ? submissionButtons(code, this.kit.textsFor(person), true)[button.index] : undefined;
  }
}

/**
 * The buttons of the message confirming a nomination: its papers, and the next nominee when its
 * flow keeps shared answers (see more-nominees.ts). Words to type on a channel without buttons.
 */
export function submissionButtons(code: string, t: (key: string) => string, more: boolean): Choice[] {
  const download = { value: `tải hồ sơ ${code}`, label: t("bot.download.button") };
  return more ? [download, { value: "thêm người nữa", label: t("bot.more.button") }] : [download];
}
