/**
 * What the council holds, read the way a client of its API reads it: every page of the dossier
 * list, as a count per dossier code (a code counted twice is a duplicate the council received).
 */

/** Pages through `GET /council/v1/dossiers` with `token`; a failed or endless listing is a violation. */
export async function councilCodeCounts(serverUrl: string, token: string, violations: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let cursor: string | null = null;
  let pages = 0;
  do {
    const u = new URL(`${serverUrl}/council/v1/dossiers`);
    u.searchParams.set("limit", "100");
    if (cursor) u.searchParams.set("cursor", cursor);
    const res = await fetch(u, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) {
      violations.push(`council list → HTTP ${res.status} ${await res.text()}`);
      break;
    }
    const page = (await res.json()) as { items: Array<{ code: string }>; nextCursor: string | null };
    for (const item of page.items) counts.set(item.code, (counts.get(item.code) ?? 0) + 1);
    cursor = page.nextCursor;
    if (++pages > 10_000) {
      violations.push("council list: paging does not end");
      break;
    }
  } while (cursor);
  return counts;
}
