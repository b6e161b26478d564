/**
 * A simulated person of the crash test: the good-deed report they type over and over, what they
 * were told, and the driver that sends their messages to whichever server process is running.
 *
 * A message whose reply did not arrive (the process was killed under it) stays pending and is
 * re-sent with the same messageId, as the web page does; the server must then apply it once.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../../db/open-database.ts";
import { WebSessions } from "../../channels/web/web-sessions.ts";
import type { RunningServer } from "../../../test/support/spawn-app.ts";
import { WebChatClient } from "../../../test/support/web-chat-client.ts";

/** The good-deed-report script; index 0 starts the flow, the last one submits. */
export const SCRIPT = [
  "/baotin",
  "đồng ý",
  "mot nguoi",
  "Đặng Văn Hùng",
  "bỏ qua",
  "cuu nguoi",
  "Anh Hùng cứu hai em học sinh bị đuối nước trên sông Hoạt.",
  "20/11/2026",
  "tk2, ha trung",
  "xong",
  "có",
  "1",
  "gửi",
] as const;

/** The flow step each script answer (index ≥ 1, before "gửi") fills. */
export const STEP_OF: Record<number, string> = {
  1: "consent",
  2: "subjectKind",
  3: "subjectName",
  4: "subjectPhone",
  5: "category",
  6: "story",
  7: "occurredOn",
  8: "place",
  9: "photos",
  10: "reporterAnonymous",
  11: "subjectConsent",
};

const SUBMIT_INDEX = SCRIPT.length - 1;
const CODE_RE = /Mã (?:hồ sơ|tin báo): (TDKT-\d{4}-\d{6})/;

export interface Person {
  /** For messages: `crash_<i>`. */
  name: string;
  /** The person's browser: its session cookie, kept across restarts. */
  web: WebChatClient | null;
  /** Index in SCRIPT of the next answer. */
  pos: number;
  /** A message sent whose reply did not arrive: re-sent with the same id. */
  pending: { messageId: string; pos: number } | null;
  /** Number of reports whose "gửi" was applied. */
  submitted: number;
  codes: string[];
  /** Acknowledged answers of the open report: script index → text. */
  openAcked: number[];
  resent: number;
  /** Messages whose reply arrived. */
  acked: number;
}

/** The `i`-th person, before their first message. */
export function newPerson(i: number): Person {
  return { name: `crash_${i}`, web: null, pos: 0, pending: null, submitted: 0, codes: [], openAcked: [], resent: 0, acked: 0 };
}

/**
 * The chatKey of the person's web session, read through the session table as the server does
 * (the cookie's SHA-256); a person who never got an answer has none.
 */
export async function chatKeyOf(db: Db, p: Person): Promise<string> {
  const token = p.web?.sessionToken;
  if (token === undefined) return "web:(no session)";
  const session = await db.webSession.findUnique({ where: { tokenHash: WebSessions.hashToken(token) } });
  return `web:${session?.chatId ?? "(unknown session)"}`;
}

interface Reply {
  text?: string;
  choices?: Array<{ label: string }>;
}

function replyText(replies: Reply[]): string {
  return replies.map((r) => [r.text ?? "", ...(r.choices ?? []).map((c) => `[${c.label}]`)].join("\n")).join("\n---\n");
}

/** The server was killed under a message: not a violation, the message stays pending. */
class Dead extends Error {}

/**
 * Sends the person's next message (or re-sends the pending one) and records what the reply
 * proves; a reply that does not move the person on is a violation. Throws Dead when the server
 * is gone (`alive()` turned false).
 */
export async function sendNext(server: RunningServer, p: Person, alive: () => boolean, violations: string[]): Promise<void> {
  const resend = p.pending !== null;
  const msg = p.pending ?? { messageId: randomUUID(), pos: p.pos };
  p.pending = msg;
  const text = SCRIPT[msg.pos]!;
  let status: number;
  let body: { replies?: Reply[]; error?: string };
  try {
    // The same browser (cookie) talking to whichever process is running now.
    const web = p.web === null ? new WebChatClient(server.url) : p.web.at(server.url);
    p.web = web;
    ({ status, body } = await web.send({ text }, msg.messageId));
  } catch (err) {
    if (!alive()) throw new Dead();
    throw err;
  }
  if (status !== 200 || !Array.isArray(body.replies)) {
    if (!alive()) throw new Dead();
    violations.push(`${p.name}: "${text}" (message ${msg.messageId}) → HTTP ${status} ${JSON.stringify(body)}\nstderr:\n${server.stderr().slice(-2000)}`);
    await sleep(100);
    return; // keep it pending: re-sent with the same id
  }
  p.pending = null;
  p.acked++;
  const replies = body.replies;
  if (resend) p.resent++;
  const all = replyText(replies);
  if (replies.length > 0) {
    // The reply must move the person on; a re-ask means we lost track of where they are.
    const expectNumber = msg.pos + 1;
    if (msg.pos < SUBMIT_INDEX && msg.pos <= 8 && !all.includes(`Câu ${expectNumber}:`)) {
      violations.push(`${p.name}: "${text}" (script step ${msg.pos}) got an unexpected reply: ${all.slice(0, 400)}`);
    }
  }
  if (msg.pos === SUBMIT_INDEX) {
    const code = CODE_RE.exec(all)?.[1];
    if (replies.length > 0 && !code) violations.push(`${p.name}: "gửi" answered without a code: ${all.slice(0, 400)}`);
    if (code) p.codes.push(code);
    p.submitted++;
    p.openAcked = [];
    p.pos = 0;
  } else {
    p.openAcked.push(msg.pos);
    p.pos = msg.pos + 1;
  }
}

/** Sends the person's messages one after another until the server is killed (or a client error). */
export async function drivePerson(server: RunningServer, p: Person, alive: () => boolean, violations: string[]): Promise<void> {
  while (alive()) {
    try {
      await sendNext(server, p, alive, violations);
    } catch (err) {
      if (err instanceof Dead) return;
      violations.push(`${p.name}: unexpected client error ${String(err)}`);
      return;
    }
  }
}
