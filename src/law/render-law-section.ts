/**
 * The README's list of awards, rendered from the catalogue so the documentation cannot drift
 * from the data: `npm run law:readme` rewrites the block between the markers, and a test fails
 * when README.md and this rendering differ.
 */
import type { CriteriaRule } from "./criteria-rule.ts";
import type { Holder, LawAward, LawCatalogue } from "./award-catalogue.ts";
import { formatNumber } from "./evaluate-criteria.ts";

export const LAW_SECTION_START = "<!-- law:awards:start (generated from flows/catalogues by npm run law:readme; do not edit) -->";
export const LAW_SECTION_END = "<!-- law:awards:end -->";

const HOLDER_WORDS: Record<Holder, string> = {
  CA_NHAN: "cá nhân",
  CHIEN_SI: "cá nhân thuộc lực lượng vũ trang, dân quân tự vệ",
  HO_GIA_DINH: "hộ gia đình",
  THON: "thôn",
  TO_DAN_PHO: "tổ dân phố",
  CO_QUAN: "cơ quan, đơn vị",
  TRUONG_HOC: "trường học",
  HOP_TAC_XA: "hợp tác xã",
  DOANH_NGHIEP: "doanh nghiệp",
  DOAN_THE: "đoàn thể",
  DAN_QUAN: "đơn vị dân quân tự vệ",
  XA: "xã, phường, đặc khu",
  KHAC: "tập thể khác",
};
const TYPE_WORDS: Record<string, string> = { THUONG_XUYEN: "công trạng (tổng kết năm)", CHUYEN_DE: "chuyên đề", DOT_XUAT: "đột xuất" };
const SUBJECT_WORDS: Record<string, string> = { CA_NHAN: "cá nhân", TAP_THE: "tập thể", HO_GIA_DINH: "hộ gia đình" };

/** The block, markers included. */
export function renderLawSection(law: LawCatalogue): string {
  const lines = [LAW_SECTION_START, ""];
  lines.push("Every award also follows these rules:", "");
  for (const r of law.commonRules) lines.push(`- ${ruleLine(r)}`);
  lines.push(`- ${law.achievementTypeRule.text} (${law.achievementTypeRule.article}).`, "");
  for (const a of law.awards) lines.push(...awardLines(a, law), "");
  const provinces = Object.entries(law.overrides);
  if (provinces.length) {
    lines.push("Provincial thresholds (`flows/catalogues/criteria-overrides.yaml`):", "");
    for (const [id, o] of provinces) {
      for (const [code, rules] of Object.entries(o.awards)) {
        for (const [ruleId, t] of Object.entries(rules)) {
          const values = Object.entries(t).map(([k, v]) => `${k} ${String(v)}`).join(", ");
          lines.push(`- \`${id}\`: ${code}.${ruleId} → ${values} (${o.source}).`);
        }
      }
    }
    lines.push("");
  }
  lines.push(LAW_SECTION_END);
  return lines.join("\n");
}

function awardLines(a: LawAward, law: LawCatalogue): string[] {
  const kind = a.group === "DANH_HIEU_THI_DUA" ? "danh hiệu thi đua" : "hình thức khen thưởng";
  const out = [`**${a.name}** (\`${a.code}\`) — ${kind}${a.upward ? "; **trình cấp trên**" : ""}.`, ""];
  out.push(`- Đối tượng: ${a.holders.map((h) => HOLDER_WORDS[h]).join(", ")}.`);
  out.push(`- Loại hình: ${a.achievementTypes.map((t) => TYPE_WORDS[t] ?? t).join(", ")}.`);
  const grantors = a.grantors.map((g) => {
    const who = law.authorities[g.authority]?.generic ?? g.authority;
    const forWhom = g.holders ? ` (${g.holders.map((h) => HOLDER_WORDS[h]).join(", ")})` : "";
    const dates = g.validFrom && g.validTo ? ` từ ${vnDate(g.validFrom)} đến ${vnDate(g.validTo)}` : g.validFrom ? ` từ ${vnDate(g.validFrom)}` : g.validTo ? ` đến ${vnDate(g.validTo)}` : "";
    return `${who}${forWhom}${dates} — ${g.basis}`;
  });
  out.push(`- Quyết định: ${grantors.join("; ")}.`);
  const coefficients = Object.entries(a.coefficients).map(([k, v]) => `${SUBJECT_WORDS[k] ?? k} ${formatNumber(v)}`);
  if (coefficients.length) out.push(`- Hệ số tiền thưởng (NĐ 152/2025/NĐ-CP, Điều 50): ${coefficients.join(", ")} × mức lương cơ sở.`);
  for (const r of a.criteria) out.push(`- Tiêu chuẩn (kiểm tra): ${ruleLine(r)}`);
  for (const c of a.conditions) out.push(`- Tiêu chuẩn (Hội đồng xem xét): ${c.text} (${c.article}).`);
  return out;
}

function ruleLine(r: CriteriaRule): string {
  const text = r.text.replace(/\{(percent|value|years)\}/g, (w, k: string) => {
    const v = (r as Record<string, unknown>)[k];
    return typeof v === "number" ? formatNumber(v) : w;
  });
  return `${text} (${r.article}).`;
}

function vnDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

/** README text with the block replaced by `block`; throws when the markers are missing. */
export function replaceLawSection(readme: string, block: string): string {
  const start = readme.indexOf(LAW_SECTION_START);
  const end = readme.indexOf(LAW_SECTION_END);
  if (start < 0 || end < start) throw new Error("README.md has no law:awards markers");
  return readme.slice(0, start) + block + readme.slice(end + LAW_SECTION_END.length);
}
