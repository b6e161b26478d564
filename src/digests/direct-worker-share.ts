/**
 * The direct-worker share of a digest: among individual nominations, how many are of people who
 * work directly, how many of leaders, and how many of women; from items or from a database's counts.
 */
import type { DigestItem } from "./digest-item.ts";

/**
 * People who work, study, fight or serve directly (người trực tiếp lao động, học tập, chiến đấu,
 * công tác), as the statistics form (Biểu 0603.N/BNV-TĐKT) and the seed's 58% count them
 * (001:L421, 001:L424): civil servants and public employees without a managerial post included.
 */
export const DIRECT_WORKER_CATEGORIES: readonly string[] = [
  "NGUOI_LAO_DONG_TRUC_TIEP",
  "NONG_DAN",
  "CONG_NHAN",
  "CHIEN_SI",
  "CONG_CHUC_VIEN_CHUC",
  "HOC_SINH_SINH_VIEN",
];
export const LEADER_CATEGORY = "LANH_DAO_QUAN_LY";
/** Counted apart, as the statistics form does: entrepreneurs are neither leaders of the state nor direct workers. */
export const COUNTED_APART_CATEGORIES: readonly string[] = ["DOANH_NHAN"];

export interface DirectWorkerShare {
  direct: number;
  leaders: number;
  /** Individuals in the share: direct workers, leaders and the rest (retired, other, unclassified). */
  total: number;
  /** Entrepreneurs, outside `total`. */
  apart: number;
  /** Women among all individual nominations (`total` + `apart`), for the gender split (NĐ 152/2025 Điều 4.6). */
  women: number;
  /** direct / total × 100, unrounded; null when `total` is 0. */
  percent: number | null;
}

/**
 * Among individual nominations (a resubmitted one is counted once, through its resubmission):
 * how many are of people who work directly, how many of leaders and managers, out of all of
 * them except entrepreneurs, who are counted apart; and how many are women.
 */
export function directWorkerShare(items: readonly DigestItem[]): DirectWorkerShare {
  return directWorkerShareOf(
    items
      .filter((item) => item.kind === "NOMINATION_INDIVIDUAL" && item.status !== "RESUBMITTED")
      .map((item) => ({ subjectCategory: item.subjectCategory, gender: item.gender ?? null, count: 1 })),
  );
}

/** Individual nominations (resubmitted ones left out) counted by subject category and gender. */
export interface ShareGroup {
  subjectCategory: string | null;
  gender: string | null;
  count: number;
}

/** The same share from counts, as a database's GROUP BY gives them. */
export function directWorkerShareOf(groups: readonly ShareGroup[]): DirectWorkerShare {
  let direct = 0;
  let leaders = 0;
  let total = 0;
  let apart = 0;
  let women = 0;
  for (const { subjectCategory, gender, count } of groups) {
    if (gender === "NU") women += count;
    if (subjectCategory !== null && COUNTED_APART_CATEGORIES.includes(subjectCategory)) {
      apart += count;
      continue;
    }
    total += count;
    if (subjectCategory !== null && DIRECT_WORKER_CATEGORIES.includes(subjectCategory)) direct += count;
    else if (subjectCategory === LEADER_CATEGORY) leaders += count;
  }
  return { direct, leaders, total, apart, women, percent: total === 0 ? null : (direct * 100) / total };
}
