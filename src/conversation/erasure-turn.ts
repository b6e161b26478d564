/**
 * "xoá dữ liệu" explains what will be erased and waits for "có"; the next message decides: "có"
 * erases (see erase-person.ts), anything else — a word, a file, a button — cancels politely and
 * asks the open form's question again.
 */
import type { InboundMessage, OutgoingMessage } from "../channels/channel-port.ts";
import { scopeFor } from "../replies/button-scope.ts";
import { renderOutputs } from "../replies/render-outputs.ts";
import type { RunContext, RunOutput } from "../flows/advance-run.ts";
import { erasePersonRows, removeUnusedFiles } from "../privacy/erase-person.ts";
import { PendingErasures } from "../privacy/pending-erasures.ts";
import { foldText } from "../text/fold-text.ts";
import { parseCommand } from "./parse-command.ts";
import type { Person } from "./person.ts";
import type { OpenDraft, TurnKit } from "./turn-kit.ts";

/** What confirms an erasure: "có", "co", "yes", "đồng ý", "xác nhận", "xoá". */
function isConfirmation(text: string): boolean {
  return ["co", "yes", "y", "dong y", "xac nhan", "xoa", "co xoa", "co, xoa"].includes(foldText(text).replace(/[.!]+$/, ""));
}

export class ErasureTurns {
  private readonly pending = new PendingErasures();

  constructor(private readonly kit: TurnKit) {}

  /** The turn's replies when the message is part of this exchange, else null. */
  async turn(msg: InboundMessage, person: Person, draft: OpenDraft | null, ctx: RunContext, now: Date): Promise<OutgoingMessage[] | null> {
    const { kit } = this;
    const t = kit.textsFor(person);
    const text = !msg.files?.length && !msg.button ? msg.text : undefined;
    if (this.pending.take(person.id, now)) {
      if (text !== undefined && isConfirmation(text)) {
        let files: Array<{ sha256: string; storageKey: string }> = [];
        const out = await kit.finish(msg, now, [], async (tx) => {
          const result = await erasePersonRows(tx, { userId: person.id, now, by: "self" });
          if (!result.ok) throw new Error(`erasing ${person.id}: ${result.reason}`);
          files = result.files;
          const kept = result.counts.dossiers ? t("bot.erase.kept", { count: result.counts.dossiers }) : "";
          return renderOutputs([{ type: "say", text: t("bot.erase.done", { kept }) }], scopeFor(null));
        }, scopeFor(null));
        await removeUnusedFiles(kit.deps.db, kit.deps.files, files).catch((err: unknown) => kit.deps.log.error({ err }, "erased files not removed; the retention sweep will"));
        kit.deps.log.info({ userId: person.id }, "personal data erased at the person's request");
        return out;
      }
      // The command again explains again; anything else cancels.
      if (text === undefined || parseCommand(text)?.name !== "erase-data") {
        const replies: RunOutput[] = [{ type: "say", text: t("bot.erase.cancelled") }, ...kit.promptOrMenu(draft, person, ctx)];
        return kit.reply(msg, now, replies, kit.offered(draft, person, ctx).scope);
      }
    } else if (text === undefined || parseCommand(text)?.name !== "erase-data") return null;
    this.pending.ask(person.id, now);
    const dossiers = await kit.deps.db.dossier.count({ where: { submittedById: person.id } });
    const form = draft ? t("bot.erase.open_form", { title: kit.title(draft.flow, person.locale) }) : "";
    return kit.reply(msg, now, [{ type: "say", text: t("bot.erase.explain", { form, dossiers }) }], kit.offered(draft, person, ctx).scope);
  }
}
