/**
 * Files sent with a message: decided before anything is written. Files the open form cannot take
 * now are not stored; the rest are checked (type, size, hourly allowance) and stored, and each
 * refusal is told once, politely, with the question asked again.
 */
import { acceptUploads, type UploadRefusal } from "../attachments/accept-uploads.ts";
import { UploadAllowance } from "../attachments/upload-allowance.ts";
import type { InboundMessage, OutgoingMessage } from "../channels/channel-port.ts";
import { repeatPrompt, type RunContext, type RunInput, type RunOutput } from "../flows/advance-run.ts";
import { fileRoom } from "../flows/file-room.ts";
import type { FileRef } from "../flows/run-state.ts";
import { timeInVietnam } from "../time/vietnam-time.ts";
import type { Person } from "./person.ts";
import type { OpenDraft, TurnKit } from "./turn-kit.ts";

/** A stored file, to be linked to the draft in the turn's transaction. */
export type StoredUpload = FileRef & { sha256: string; storageKey: string };

/** The turn ends here with these replies, or goes on with the refusals said, the stored files and the engine's input. */
export type UploadOutcome = { type: "answered"; replies: OutgoingMessage[] } | { type: "continue"; said: RunOutput[]; uploads: StoredUpload[]; input: RunInput | null };

export async function uploadTurn(kit: TurnKit, newId: () => string, msg: InboundMessage, person: Person, draft: OpenDraft | null, ctx: RunContext, now: Date): Promise<UploadOutcome> {
  const { deps } = kit;
  const t = kit.textsFor(person);
  const said: RunOutput[] = [];
  const scope = () => kit.offered(draft, person, ctx).scope;
  const room = draft ? fileRoom(draft.flow, draft.state) : 0;
  if (room === 0) {
    const tooLarge = msg.files!.some((f) => Math.max(f.declaredSize ?? 0, f.bytes.byteLength) > deps.maxUploadBytes);
    if (tooLarge) said.push({ type: "say", text: refusalText(kit, { reason: "too-large" }, draft, t) });
    if (!draft) said.push({ type: "say", text: t("bot.files.no_form") }, ...kit.menu(person));
    else said.push({ type: "say", text: refusalText(kit, { reason: "no-room" }, draft, t) }, ...repeatPrompt(draft.flow, draft.state, ctx));
    return { type: "answered", replies: await kit.reply(msg, now, said, scope()) };
  }
  const { accepted, refused } = await acceptUploads({
    files: msg.files!,
    room,
    maxBytes: deps.maxUploadBytes,
    allowedTypes: deps.allowedFileTypes,
    allowance: () => UploadAllowance.load(deps.db, person.id, now, deps.uploadLimits),
    store: deps.files,
    now,
  });
  const told = new Set<string>();
  for (const refusal of refused) {
    const text = refusalText(kit, refusal, draft, t);
    if (!told.has(text)) said.push({ type: "say", text });
    told.add(text);
  }
  const uploads: StoredUpload[] = accepted.map((a) => ({ ...a, id: newId() }));
  if (uploads.length) return { type: "continue", said, uploads, input: { type: "files", files: uploads.map(({ id, mime, size, fileName }) => ({ id, mime, size, ...(fileName ? { fileName } : {}) })) } };
  if (!msg.text || refused.some((r) => r.reason === "hourly-limit")) {
    if (draft) said.push(...repeatPrompt(draft.flow, draft.state, ctx));
    return { type: "answered", replies: await kit.reply(msg, now, said, scope()) };
  }
  return { type: "continue", said, uploads, input: null };
}

/** What a refused upload is told (the question is asked again after it). */
function refusalText(kit: TurnKit, refusal: UploadRefusal, draft: OpenDraft | null, t: (key: string, params?: Record<string, string | number>) => string): string {
  switch (refusal.reason) {
    case "too-large":
      return t("bot.files.too_large", { max: Math.round(kit.deps.maxUploadBytes / 1048576) });
    case "type":
      return t("bot.files.rejected_type");
    case "heic":
      return t("bot.files.heic");
    case "unreadable":
      return t("bot.files.unreadable");
    case "hourly-limit":
      return t("bot.files.hourly_limit", { time: timeInVietnam(refusal.retryAt) });
    case "no-room": {
      const step = draft?.state.phase === "asking" ? draft.flow.steps.find((s) => s.id === draft.state.stepId) : undefined;
      return step?.kind === "files" ? t("bot.files.too_many", { max: step.maxFiles }) : t("bot.files.not_expected");
    }
  }
}
