/**
 * What the console's posting pages show: the objections to a posting or to a dossier. An anonymous objection is read without its sender: the name is never loaded.
 */
import type { Db } from "../db/open-database.ts";

export interface ObjectionRow {
  id: string;
  code: string;
  dossierCode: string;
  nominee: string | null;
  /** The sender's name; null when anonymous (or unknown). */
  sender: string | null;
  anonymous: boolean;
  channel: string;
  content: string;
  receivedAt: Date;
  answer: string | null;
  answeredAt: Date | null;
}

/** The objections matching `where` (a posting's, or a dossier's), oldest first. */
export async function loadObjections(db: Db, where: { postingId: string } | { dossierId: string }): Promise<ObjectionRow[]> {
  const rows = await db.objection.findMany({ where, orderBy: [{ receivedAt: "asc" }, { code: "asc" }] });
  const named = [...new Set(rows.filter((r) => !r.anonymous && r.reporterUserId).map((r) => r.reporterUserId!))];
  const users = new Map((await db.user.findMany({ where: { id: { in: named } }, select: { id: true, fullName: true } })).map((u) => [u.id, u.fullName]));
  const entries = await db.postingEntry.findMany({ where: { postingId: { in: [...new Set(rows.map((r) => r.postingId))] } } });
  const dossiers = new Map((await db.dossier.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.dossierId))] } }, select: { id: true, code: true } })).map((d) => [d.id, d.code]));
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    dossierCode: dossiers.get(r.dossierId) ?? "",
    nominee: entries.find((e) => e.postingId === r.postingId && e.dossierId === r.dossierId)?.nominee ?? null,
    sender: r.anonymous || !r.reporterUserId ? null : (users.get(r.reporterUserId) ?? null),
    anonymous: r.anonymous,
    channel: r.channel,
    content: r.content,
    receivedAt: r.receivedAt,
    answer: r.answer,
    answeredAt: r.answeredAt,
  }));
}

/** Reads an answer or a note typed in a form: spaces collapsed, null when empty or longer than `max`. */
export function readNote(raw: unknown, max: number): string | null {
  const text = typeof raw === "string" ? raw.replace(/\r\n?/g, "\n").replace(/[^\S\n]+/g, " ").trim() : "";
  return text && Array.from(text).length <= max ? text : null;
}
