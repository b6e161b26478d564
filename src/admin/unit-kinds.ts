/**
 * The kinds of administrative unit an administrator may name (CSV `kind` column, `units:add`), and
 * the levels of the unit tree they sit on: the kind is what is typed, the level and the display
 * word are derived from it, so the two can never disagree.
 */
import { villageWordOf } from "../catalogues/unit-name.ts";

/** The kinds a row may name, with the level of the tree each belongs to and its display word. */
export const UNIT_KINDS = {
  TINH: { level: "TINH", localTypeName: "Tỉnh" },
  /** The six centrally-run cities (thành phố trực thuộc trung ương): Hà Nội, Hải Phòng, Huế, Đà Nẵng, TP Hồ Chí Minh, Cần Thơ. */
  THANH_PHO_TW: { level: "TINH", localTypeName: "Thành phố" },
  XA: { level: "XA", localTypeName: "Xã" },
  PHUONG: { level: "XA", localTypeName: "Phường" },
  DAC_KHU: { level: "XA", localTypeName: "Đặc khu" },
  THI_TRAN: { level: "XA", localTypeName: "Thị trấn" },
  HUYEN: { level: "HUYEN", localTypeName: "Huyện" },
  THANH_PHO_THUOC_TINH: { level: "HUYEN", localTypeName: "Thành phố" },
  THON: { level: "THON", localTypeName: "Thôn" },
  TO_DAN_PHO: { level: "THON", localTypeName: "Tổ dân phố" },
} as const satisfies Record<string, { level: UnitLevel; localTypeName: string }>;

export type UnitKind = keyof typeof UNIT_KINDS;

/**
 * The display word stored with a unit of `kind` named `name`: a village keeps the word its name
 * is called by ("Bản Nà Lơi", "Ấp 3"), any other unit takes its kind's word.
 */
export function localTypeNameOf(kind: UnitKind, name: string): string {
  return (UNIT_KINDS[kind].level === "THON" ? villageWordOf(name) : null) ?? UNIT_KINDS[kind].localTypeName;
}

/**
 * Kinds the two-tier local government abolished on 01/7/2025 (NQ 202/2025/QH15 and the Nghị
 * quyết of each province): the district level (huyện, thành phố thuộc tỉnh) and the thị trấn. A
 * row of one of them must end by 30/06/2025.
 */
export const ABOLISHED_KINDS: ReadonlySet<UnitKind> = new Set(["HUYEN", "THANH_PHO_THUOC_TINH", "THI_TRAN"]);

/** The last day the abolished kinds were in force. */
export const LAST_DAY_BEFORE_REFORM = { year: 2025, month: 6, day: 30 } as const;
export type UnitLevel = "TINH" | "HUYEN" | "XA" | "THON";

/** Top of the tree first: a unit's parent must have a smaller rank. */
export const LEVEL_RANK: Record<UnitLevel, number> = { TINH: 0, HUYEN: 1, XA: 2, THON: 3 };
/** The level as a Vietnamese word, for the reasons a row is rejected. */
export const LEVEL_NAME: Record<UnitLevel, string> = { TINH: "tỉnh", HUYEN: "huyện", XA: "xã", THON: "thôn" };
