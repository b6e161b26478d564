/**
 * The list's filters as they travel in the page's URL (a GET form, so a filtered list can be
 * bookmarked and paged): read leniently (an unknown status or kind is no filter), with dates as
 * the date input sends them (yyyy-mm-dd) or as people type them (05/03/2026).
 */
import { toIsoDate } from "../time/local-date.ts";
import { localDateInVietnam } from "../time/vietnam-time.ts";
import { readFormDate } from "./form-date.ts";
import type { ListFilters } from "./dossier-list.ts";

/** The statuses a dossier can have (Dossier.status), in the order of the process. */
export const DOSSIER_STATUSES = [
  "QUEUED", "FORWARDED", "RECEIVED", "IN_REVIEW", "RETURNED", "RESUBMITTED", "RECOMMENDED", "NOT_RECOMMENDED", "FORWARDED_UPWARD", "GRANTED", "REFUSED",
  "VERIFIED", "UNFOUNDED", "DUPLICATE", "PRAISED", "PROPOSED_FOR_AWARD", "FILED",
] as const;

/** A review round's code, as createRound makes them (DX-2026-001). */
export const ROUND_CODE = /^DX-\d{4}-\d{3,6}$/;

export const DOSSIER_KINDS = ["NOMINATION_INDIVIDUAL", "NOMINATION_COLLECTIVE", "NOMINATION_HOUSEHOLD", "GOOD_DEED_REPORT"] as const;

/** The filters of a query string; `badDate` when a date was given that is not one. */
export function readListFilters(query: Record<string, string>, now: Date): { filters: ListFilters; badDate: boolean } {
  const pick = <T extends string>(value: string | undefined, allowed: readonly T[]) => allowed.find((a) => a === value);
  const today = localDateInVietnam(now);
  const from = readFormDate(query.from, today);
  const to = readFormDate(query.to, today);
  const unit = query.unit?.trim();
  const round = query.round?.trim();
  const award = query.award?.trim();
  const status = pick(query.status, DOSSIER_STATUSES);
  const kind = pick(query.kind, DOSSIER_KINDS);
  const page = Number.parseInt(query.page ?? "1", 10);
  return {
    filters: {
      ...(round && ROUND_CODE.test(round) ? { round } : {}),
      ...(unit ? { unit } : {}),
      ...(award && /^[A-Z0-9_]{1,64}$/.test(award) ? { award } : {}),
      ...(status ? { status } : {}),
      ...(kind ? { kind } : {}),
      ...(from.date ? { from: from.date } : {}),
      ...(to.date ? { to: to.date } : {}),
      warnings: query.warnings === "1",
      page: Number.isFinite(page) && page > 0 ? page : 1,
    },
    badDate: from.bad || to.bad,
  };
}

/** The query string of `filters` (page 1 unless given), for links that keep them. */
export function listQuery(filters: ListFilters, page = 1): string {
  const params = new URLSearchParams();
  if (filters.round) params.set("round", filters.round);
  if (filters.unit) params.set("unit", filters.unit);
  if (filters.award) params.set("award", filters.award);
  if (filters.status) params.set("status", filters.status);
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.from) params.set("from", toIsoDate(filters.from));
  if (filters.to) params.set("to", toIsoDate(filters.to));
  if (filters.warnings) params.set("warnings", "1");
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "";
}
