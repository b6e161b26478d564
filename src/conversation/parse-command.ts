/**
 * Words that work at any time, in Vietnamese (with or without diacritics) and English, and the
 * slash commands of chat apps. Recognised only when the whole message is the command, so an
 * answer that merely contains "huỷ" is still an answer.
 */
import { foldText } from "../text/fold-text.ts";
import type { RunCommand } from "../flows/advance-run.ts";
import { compactCodeText } from "../admin/one-time-code.ts";

export type Command =
  | { name: RunCommand }
  | { name: "menu" }
  | { name: "status"; code?: string }
  /** `code` a dossier's reference code (TDKT-2026-000123), or what was typed after the words when it is not one. */
  | { name: "download"; code?: string }
  | { name: "language"; lang?: "vi" | "en" }
  | { name: "start-flow"; flowId: string }
  /** `code` as typed; the service reads it (see `normalizeOneTimeCode`) after the attempt limits. */
  | { name: "invite"; code: string }
  | { name: "link" }
  | { name: "link-redeem"; code: string }
  /** A one-time sign-in link to the secretaries' console (`đăng nhập web`, `/web`). */
  | { name: "console-link" }
  | { name: "digest-now" }
  | { name: "digest-subscribe"; cadence: "daily" | "weekly"; weekday?: number; time?: string }
  | { name: "digest-off" }
  | { name: "nominate-from-report"; code: string }
  /** "thêm người nữa": the next nominee, keeping the shared answers of the nomination just sent. */
  | { name: "more-nominees" }
  /**
   * An objection to a publicly posted nominee (`góp ý TDKT-2026-000123 <nội dung>`, `/gopy …`,
   * `góp ý ẩn danh TDKT-… …` for an anonymous one). `code` absent: the words alone, asking how.
   */
  | { name: "objection"; code?: string; content: string; anonymous: boolean }
  | { name: "erase-data" };

/**
 * An invitation (INV-7F3K-9QAB-X2MD-4) or identity link code (LK-…), as typed, pasted or sent by a
 * deep link (`/start inv_7F3K9QABX2MD4`), once separators are dropped: 13 symbols, one more or
 * less for a slip of the finger, or the 8 of the older, shorter codes. Such a message is an
 * attempt at a code (answered, and counted when wrong), never a form answer.
 */
const CODE_ATTEMPT = /^(INV|LK)(?:[0-9A-Z]{8}|[0-9A-Z]{12,14})$/;
const WEEKDAYS: Record<string, number> = { "thu hai": 1, "thu ba": 2, "thu tu": 3, "thu nam": 4, "thu sau": 5, "thu bay": 6, "chu nhat": 7, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7 };

/** Payloads of deep links (`t.me/<bot>?start=<payload>`) that open a flow directly. */
const DEEP_LINKS: Record<string, string> = {
  "good-deed": "good-deed-report",
  baotin: "good-deed-report",
  nominate: "nomination-individual",
  dexuat: "nomination-individual",
  "nominate-collective": "nomination-collective",
  dexuattapthe: "nomination-collective",
  "nominate-household": "nomination-household",
  dexuathogiadinh: "nomination-household",
};

const WORDS: ReadonlyArray<readonly [Command, readonly string[]]> = [
  [{ name: "back" }, ["quay lai", "back", "lui lai", "tro lai", "quaylai"]],
  [{ name: "skip" }, ["bo qua", "skip", "boqua"]],
  [{ name: "cancel" }, ["huy", "huy bo", "cancel", "stop"]],
  [{ name: "help" }, ["tro giup", "trogiup", "help", "huong dan", "huongdan", "giup"]],
  [{ name: "menu" }, ["start", "menu", "bat dau", "batdau", "xin chao", "chao"]],
  // Withdrawal of consent and erasure (Luật 91/2025/QH15): asks for a confirmation first.
  [{ name: "erase-data" }, ["xoa du lieu", "xoadulieu", "xoa du lieu cua toi", "rut lai dong y", "rut lai su dong y", "delete my data", "erase my data"]],
  [{ name: "more-nominees" }, ["them nguoi nua", "them mot nguoi nua", "them nguoi", "themnguoi", "them nguoi khac", "add another", "add another one", "add another nominee"]],
  [{ name: "start-flow", flowId: "good-deed-report" }, ["baotin"]],
  [{ name: "start-flow", flowId: "nomination-individual" }, ["dexuat", "dexuatcanhan"]],
  [{ name: "start-flow", flowId: "nomination-collective" }, ["dexuattapthe"]],
  [{ name: "start-flow", flowId: "nomination-household" }, ["dexuathogiadinh"]],
  [{ name: "start-flow", flowId: "council-review" }, ["hangcho"]],
  [{ name: "start-flow", flowId: "report-verification" }, ["xacminh"]],
];

/**
 * The dossier reference code a message ends with, written out in full: "TDKT-2026-000123",
 * "tdkt 2026 123", "TDKT2026000123" are all TDKT-2026-000123.
 */
export function dossierCodeAtEnd(text: string): string | null {
  const code = /TDKT[-\s]*(\d{4})[-\s]*(\d{1,6})\s*$/i.exec(text);
  return code ? `TDKT-${code[1]}-${code[2]!.padStart(6, "0")}` : null;
}

/**
 * "góp ý [ẩn danh] TDKT-2026-000123 <nội dung>" (with or without diacritics, "/gopy"): the code and
 * the content as typed. Only the words alone, or the words followed by a dossier code, are the
 * command, so a form's answer that begins with "góp ý" stays an answer.
 */
function parseObjection(text: string): Command | null {
  const head = /^\s*(?:\/gopy(?:@\w+)?\b|g\S{0,3}p\s*\S{1,3}(?=\s|$))\s*/iu.exec(text.normalize("NFC"));
  if (!head || !/^(?:gopy|gop y)$/.test(foldText(head[0]))) return null;
  const rest = text.normalize("NFC").slice(head[0].length);
  const code = /TDKT[-\s]*(\d{4})[-\s]*(\d{1,6})(?!\d)/i.exec(rest);
  const before = foldText(code ? rest.slice(0, code.index) : rest);
  const anonymous = /^(?:an danh|andanh|anonymous|anon)$/.test(before);
  if (!code) return !before || anonymous ? { name: "objection", content: "", anonymous } : null;
  if (before && !anonymous) return null;
  return { name: "objection", code: `TDKT-${code[1]}-${code[2]!.padStart(6, "0")}`, content: rest.slice(code.index + code[0].length).replace(/^[\s:,.–—-]+/u, "").trim(), anonymous };
}

/** The command a message is, or null when it is an ordinary answer. */
export function parseCommand(text: string): Command | null {
  const objection = parseObjection(text);
  if (objection) return objection;
  const slash = text.trim().startsWith("/");
  const typed = text.trim().replace(/^\/start(?:@\w+)?\s+/i, "");
  const attempt = CODE_ATTEMPT.exec(compactCodeText(typed));
  if (attempt) return { name: attempt[1] === "INV" ? "invite" : "link-redeem", code: typed };
  const deepLink = /^\/start(?:@\w+)?\s+(\S+)\s*$/.exec(text.trim());
  if (deepLink) {
    const payload = deepLink[1]!;
    const flowId = DEEP_LINKS[payload.toLowerCase()];
    return flowId ? { name: "start-flow", flowId } : { name: "menu" };
  }
  const folded = foldText(text.replace(/@\w+/, ""));
  if (!folded) return null;
  if (/^(?:lien ket|lienket|link)$/.test(folded)) return { name: "link" };
  // "web" alone is a slash command only: typed bare, it may be an answer.
  if (/^(?:dang nhap web|dangnhapweb|dang nhap trang web|web login|console login)$/.test(folded) || (slash && folded === "web")) return { name: "console-link" };
  if (/^(?:hang cho|queue)$/.test(folded)) return { name: "start-flow", flowId: "council-review" };
  if (/^(?:xac minh|xac minh tin bao|verify reports?)$/.test(folded)) return { name: "start-flow", flowId: "report-verification" };
  const fromReport = /^(?:de xuat tu|dexuattu|nominate from)\s+tdkt[-\s]*(\d{4})[-\s]*(\d{1,6})$/.exec(folded.replace(/tdkt(\d{4})(\d{6})/, "tdkt $1 $2"));
  if (fromReport) return { name: "nominate-from-report", code: `TDKT-${fromReport[1]}-${fromReport[2]!.padStart(6, "0")}` };
  if (/^(?:gui ban tin ngay|ban tin ngay|bantin|digest now|send digest)$/.test(folded)) return { name: "digest-now" };
  if (/^(?:tat ban tin|huy ban tin|digest off)$/.test(folded)) return { name: "digest-off" };
  const subscribe = /^(?:ban tin|digest) (hang ngay|daily|hang tuan|weekly)(?: ([a-z ]+?))?(?: (\d{1,2})[:h](\d{2}))?$/.exec(folded.replace(/(\d{1,2}) (\d{2})$/, "$1:$2"));
  if (subscribe) {
    const weekly = subscribe[1] === "hang tuan" || subscribe[1] === "weekly";
    const weekday = subscribe[2] ? WEEKDAYS[subscribe[2].trim()] : undefined;
    const time = subscribe[3] ? `${subscribe[3].padStart(2, "0")}:${subscribe[4]}` : undefined;
    if (!weekly || weekday !== undefined || !subscribe[2]) {
      return { name: "digest-subscribe", cadence: weekly ? "weekly" : "daily", ...(weekly ? { weekday: weekday ?? 1 } : {}), ...(time ? { time } : {}) };
    }
  }
  const status = /^(?:trang thai|trangthai|status|tra cuu|tracuu)(?:\s+(.+))?$/.exec(folded);
  if (status) {
    if (!status[1]) return { name: "status" };
    const code = dossierCodeAtEnd(text);
    if (code) return { name: "status", code };
  }
  // "tải hồ sơ TDKT-2026-000123", "tai ho so", "/taihoso TDKT-2026-123"; the button's label
  // "Tải hồ sơ (Word)" typed back on a channel without buttons is the command without a code.
  const download = /^(?:tai ho so|taihoso|tai hs|download)(?:\s*\(?word\)?)?(?:\s+(.+))?$/.exec(folded);
  if (download) {
    if (!download[1]) return { name: "download" };
    return { name: "download", code: dossierCodeAtEnd(text) ?? download[1].slice(0, 40) };
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
