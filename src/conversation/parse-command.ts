/**
 * Words that work at any time, in Vietnamese (with or without diacritics) and English, and the
 * slash commands of chat apps. Recognised only when the whole message is the command, so an
 * answer that merely contains "huỷ" is still an answer.
 */
import { foldText } from "../text/fold-text.ts";
import type { RunCommand } from "../flows/advance-run.ts";

export type Command =
  | { name: RunCommand }
  | { name: "menu" }
  | { name: "status"; code?: string }
  | { name: "language"; lang?: "vi" | "en" }
  | { name: "start-flow"; flowId: string }
  | { name: "invite"; code: string };

/** Payloads of deep links (`t.me/<bot>?start=<payload>`) that open a flow directly. */
const DEEP_LINKS: Record<string, string> = {
  "good-deed": "good-deed-report",
  baotin: "good-deed-report",
  nominate: "nomination-individual",
  dexuat: "nomination-individual",
  "nominate-collective": "nomination-collective",
  dexuattapthe: "nomination-collective",
};

const WORDS: ReadonlyArray<readonly [Command, readonly string[]]> = [
  [{ name: "back" }, ["quay lai", "back", "lui lai", "tro lai", "quaylai"]],
  [{ name: "skip" }, ["bo qua", "skip", "boqua"]],
  [{ name: "cancel" }, ["huy", "huy bo", "cancel", "stop"]],
  [{ name: "help" }, ["tro giup", "trogiup", "help", "huong dan", "huongdan", "giup"]],
  [{ name: "menu" }, ["start", "menu", "bat dau", "batdau", "xin chao", "chao"]],
  [{ name: "start-flow", flowId: "good-deed-report" }, ["baotin"]],
  [{ name: "start-flow", flowId: "nomination-individual" }, ["dexuat", "dexuatcanhan"]],
  [{ name: "start-flow", flowId: "nomination-collective" }, ["dexuattapthe"]],
];

/** The command a message is, or null when it is an ordinary answer. */
export function parseCommand(text: string): Command | null {
  const slash = text.trim().startsWith("/");
  const deepLink = /^\/start(?:@\w+)?\s+(\S+)\s*$/.exec(text.trim());
  if (deepLink) {
    const payload = deepLink[1]!;
    const invite = /^inv[_-]([A-Za-z0-9_-]{4,40})$/.exec(payload);
    if (invite) return { name: "invite", code: invite[1]! };
    const flowId = DEEP_LINKS[payload.toLowerCase()];
    return flowId ? { name: "start-flow", flowId } : { name: "menu" };
  }
  const folded = foldText(text.replace(/@\w+/, ""));
  if (!folded) return null;
  const status = /^(?:trang thai|trangthai|status|tra cuu|tracuu)(?:\s+(.+))?$/.exec(folded);
  if (status) {
    if (!status[1]) return { name: "status" };
    const code = /TDKT[-\s]*(\d{4})[-\s]*(\d{1,6})\s*$/i.exec(text);
    if (code) return { name: "status", code: `TDKT-${code[1]}-${code[2]!.padStart(6, "0")}` };
  }
  const language = /^(?:ngon ngu|ngonngu|language|lang)(?:\s+(vi|en|tieng viet|english|tieng anh))?$/.exec(folded);
  // "làng" (village) folds to "lang": the bare word is an answer, only "/lang" is the command.
  if (language && (slash || !/^lang(\s|$)/.test(folded))) {
    const arg = language[1];
    if (!arg) return { name: "language" };
    return { name: "language", lang: arg === "vi" || arg === "tieng viet" ? "vi" : "en" };
  }
  for (const [command, words] of WORDS) {
    if (words.includes(folded)) {
      // Flow shortcuts are slash commands only, so a typed answer "dexuat" is not taken for one.
      if (command.name === "start-flow" && !slash) continue;
      return command;
    }
  }
  return null;
}
