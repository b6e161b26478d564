/**
 * The cursor of the dossier list (newest first): the last item's `receivedAt` and `id`, as opaque
 * base64url JSON. A cursor this API did not write decodes to null.
 */
import { z } from "zod";

export interface ListCursor {
  receivedAt: Date;
  id: string;
}

const listCursorSchema = z.object({ r: z.iso.datetime(), i: z.string().min(1).max(64) });

export function encodeListCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify({ r: cursor.receivedAt.toISOString(), i: cursor.id })).toString("base64url");
}

export function decodeListCursor(text: string): ListCursor | null {
  try {
    const parsed = listCursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? { receivedAt: new Date(parsed.data.r), id: parsed.data.i } : null;
  } catch {
    return null;
  }
}
