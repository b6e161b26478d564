/**
 * A round's Excel list sent in the chat by an officer or a secretary (the template the console
 * gives, `…/import/template.xlsx`), outside a form. The list goes to the open review round of the
 * person's unit (or the nearest unit above it) and is checked row by row as the console checks it
 * (src/round-import/): the reply says how many rows are valid and, for each other row, what to fix.
 * Nothing is stored then. The same file sent again with the words "nộp" (a caption on Zalo and
 * Telegram, or typed with the file on the web) submits the valid rows into the round, in the
 * sender's name, after the attestation the reply quoted: stateless, and a file sent twice stores
 * its rows once (submitImport keys each row by the file's hash).
 */
import { createHash } from "node:crypto";
import type { InboundMessage, OutgoingMessage } from "../channels/channel-port.ts";
import type { Flow } from "../flows/flow-definition.ts";
import { checkImportList, nomineesInRound, type CheckedRow } from "../round-import/check-import-list.ts";
import { columnLetter, importColumns, IMPORT_FLOWS, roundAnswers } from "../round-import/import-columns.ts";
import { MAX_IMPORT_FILE_BYTES, MAX_IMPORT_ROWS, readImportWorkbook, type ImportSheet } from "../round-import/read-import-workbook.ts";
import { NoChatError, RoundMismatchError, submitImport } from "../round-import/submit-import.ts";
import { openRoundsNearestFirst } from "../rounds/review-rounds.ts";
import { foldText } from "../text/fold-text.ts";
import type { Person } from "./person.ts";
import type { ServiceContext, TurnKit } from "./turn-kit.ts";

/** Rows with problems listed one by one in the reply; the rest are counted. */
const LISTED_PROBLEMS = 15;

/** Whether the message is one Excel workbook (by its bytes: an .xlsx is a zip), as a list is sent. */
export function isWorkbookUpload(msg: InboundMessage): boolean {
  const file = msg.files?.length === 1 ? msg.files[0]! : null;
  if (!file) return false;
  const zip = file.bytes[0] === 0x50 && file.bytes[1] === 0x4b && file.bytes[2] === 0x03 && file.bytes[3] === 0x04;
  return zip && /\.xlsx$/i.test(file.fileName ?? "");
}

/** The unit an officer or a secretary works for, or null (a citizen: the file is not a list). */
export function listSenderUnit(person: Person): string | null {
  if (person.roles.includes("officer") && person.units.officer) return person.units.officer;
  if (person.roles.includes("secretary") && person.units.secretary) return person.units.secretary;
  return null;
}

export async function listImportTurn(kit: TurnKit, msg: InboundMessage, person: Person, unitId: string, ctx: ServiceContext, now: Date): Promise<OutgoingMessage[]> {
  const { db, units, flows, log } = kit.deps;
  const t = kit.textsFor(person);
  const say = (text: string) => kit.reply(msg, now, [{ type: "say", text }, ...kit.menu(person)], "menu");
  const file = msg.files![0]!;
  if (file.bytes.byteLength > MAX_IMPORT_FILE_BYTES) return say(t("bot.list.too_large", { max: Math.round(MAX_IMPORT_FILE_BYTES / 1048576) }));

  // The nearest unit's round (a village's own round before its commune's), the newest of its rounds.
  const [round] = await openRoundsNearestFirst(db, units, unitId, "newest");
  if (!round) return say(t("bot.list.no_round"));

  const read = await readList(file.bytes, IMPORT_FLOWS.flatMap((id) => flows.current.get(id) ?? []));
  if (!read.sheet.ok) return say(t(`bot.list.${read.sheet.problem === "missing_columns" ? "not_template" : read.sheet.problem === "too_many_rows" ? "too_many_rows" : "unreadable"}`, { max: MAX_IMPORT_ROWS }));
  const { flow, sheet } = { flow: read.flow, sheet: read.sheet };
  const rows = checkImportList(sheet.rows, await nomineesInRound(db, round.id), { flow, fixed: roundAnswers(round), now, ctx, lang: person.locale });
  const valid = rows.flatMap((r) => (r.status === "ok" ? [{ rowNumber: r.rowNumber, answers: r.answers }] : []));
  const wantsSubmit = /^(?:nop|nop danh sach|gui|submit)$/.test(foldText(msg.text ?? ""));

  if (!wantsSubmit || !valid.length) {
    const statement = flow.steps.find((s) => s.kind === "consent");
    const lines = [
      t("bot.list.checked", { round: `${round.code} — ${round.title}`, rows: rows.length, valid: valid.length, other: rows.length - valid.length }),
      ...problemLines(rows, flow, t),
      valid.length ? t("bot.list.how_to_submit", { count: valid.length, statement: statement?.kind === "consent" ? statement.statement.vi : "" }) : t("bot.list.nothing_valid"),
    ];
    return kit.reply(msg, now, [{ type: "say", text: lines.join("\n") }], "menu");
  }

  const user = { id: person.id, fullName: person.fullName };
  const law = ctx.law;
  // Its own transaction, not the turns' shared commit: hundreds of rows must not hold other chats' turns.
  let result;
  try {
    result = await kit.deps.serializeWrites(() =>
      db.$transaction(
        (tx) =>
          submitImport(tx, {
            flow,
            round,
            rows: valid,
            fileSha256: createHash("sha256").update(file.bytes).digest("hex"),
            user,
            now,
            units,
            awards: ctx.awards,
            ...(law ? { assess: (f, a) => law.assess(f, a) } : {}),
          }),
        { timeout: 60_000, maxWait: 20_000 },
      ),
    );
  } catch (err) {
    if (err instanceof RoundMismatchError || err instanceof NoChatError) return say(t("bot.list.not_submitted"));
    throw err;
  }
  log.info({ round: round.code, flowId: flow.id, stored: result.stored.length, already: result.already.length, userId: person.id }, "chat: round list submitted");
  const codes = result.stored.map((s) => s.code).join(", ");
  // A message delivered again finds its rows stored: it is told so, and nothing is stored twice.
  return kit.reply(msg, now, [{ type: "say", text: result.stored.length ? t("bot.list.submitted", { count: result.stored.length, round: round.code, codes }) : t("bot.list.already", { round: round.code }) }], "menu");
}

/** The first flow whose template the workbook is (the ids row names its steps), or the first problem. */
async function readList(bytes: Uint8Array, candidates: readonly Flow[]): Promise<{ flow: Flow; sheet: ImportSheet }> {
  let first: { flow: Flow; sheet: ImportSheet } | null = null;
  for (const flow of candidates) {
    const sheet = await readImportWorkbook(bytes, flow, MAX_IMPORT_ROWS);
    if (sheet.ok || sheet.problem !== "missing_columns") return { flow, sheet };
    first ??= { flow, sheet };
  }
  if (!first) throw new Error("no flow of a round's list is served");
  return first;
}

/** One line per row to fix: what the console's report says, in a message. */
function problemLines(rows: readonly CheckedRow[], flow: Flow, t: (key: string, params?: Record<string, string | number>) => string): string[] {
  const columns = importColumns(flow);
  const where = (stepId: string | null) => {
    const at = stepId ? columns.findIndex((s) => s.id === stepId) : -1;
    return at >= 0 ? `${columns[at]!.label?.vi ?? columns[at]!.prompt.vi} (${t("bot.list.column", { letter: columnLetter(at) })})` : "";
  };
  const lines = rows.flatMap((r) => {
    if (r.status === "invalid") return [t("bot.list.row_invalid", { row: r.rowNumber, problems: r.errors.map((e) => [where(e.stepId), e.message].filter(Boolean).join(": ")).join("; ") })];
    if (r.status === "duplicate") return [t(r.code ? "bot.list.row_in_round" : "bot.list.row_repeated", { row: r.rowNumber, code: r.code ?? "", earlier: r.row ?? "" })];
    return [];
  });
  return lines.length > LISTED_PROBLEMS ? [...lines.slice(0, LISTED_PROBLEMS), t("bot.list.more", { count: lines.length - LISTED_PROBLEMS })] : lines;
}
