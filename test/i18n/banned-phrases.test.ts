/**
 * Wording a commune officer would notice at once (domain-review §7): phrases the bot no longer
 * says, checked over every user-facing text in locales/ and flows/. A phrase here failed before the
 * corrections; bring one back and this test names the file and the line.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? filesUnder(path, ext) : ext.test(name) ? [path] : [];
  });
}

/** Vietnamese texts only: locales/vi and the flows (whose English lines hold no Vietnamese tones). */
const TEXTS = [...filesUnder("locales/vi", /\.json$/), ...filesUnder("flows", /\.ya?ml$/)];

const BANNED: ReadonlyArray<readonly [RegExp, string]> = [
  // One orthography, as in the legal texts: tone on the main vowel of oa, oe, uy (hủy, hóa, xóa).
  [/(?<![qQ])[uU][ýỳỷỹỵ](?![A-Za-zÀ-ỹĐđ])|[oO][áàảãạéèẻẽẹ](?![A-Za-zÀ-ỹĐđ])/, "old tone placement (huỷ, hoá, xoá): write hủy, hóa, xóa"],
  // One quotation style: no «…», and no straight quotes inside a Vietnamese string (\" in JSON).
  [/[«»]|: ".*\\"/, "«…» or straight quotes: use “…”"],
  // Nothing to type into a shell is shown in the chat (admins run the CLI; secretaries never do).
  [/npm run admin -- invite --role officer/, "a shell command shown to a secretary"],
  // Videos are refused.
  [/ảnh, video hoặc giấy tờ/, "an invitation to send videos, which are refused"],
  // The card is "thẻ căn cước", the number "số định danh cá nhân" (Luật Căn cước 2023).
  [/căn cước công dân \(CCCD\)|Số CCCD/, "“căn cước công dân (CCCD)”: say số định danh cá nhân, in trên thẻ căn cước"],
  // The paper household register was abolished on 1/1/2023 (Luật Cư trú 2020).
  [/sổ hộ khẩu/, "“sổ hộ khẩu”, abolished: say thẻ căn cước"],
  // Kon Tum is no longer a province (1/7/2025).
  [/062 là Kon Tum\)/, "Kon Tum named as a current province"],
  // The digest's share is a reference, not a target.
  [/mục tiêu ≥/, "the direct-worker share shown as a target"],
  // One form of address per role (anh/chị for staff, bạn for citizens): no colloquial "ta", no "đ/c".
  [/Ta tiếp tục nhé|\bta sửa\b|(^|[\s:])đ\/c\s/, "colloquial “ta” or “đ/c”: say anh/chị (staff) or bạn (citizens)"],
  // Two delivery states that mean nothing to a secretary.
  [/Đã chuyển, chờ Hội đồng tiếp nhận/, "a delivery state shown to a secretary: say “Chờ tiếp nhận”"],
];

describe("wording the bot no longer uses", () => {
  it.each(BANNED.map(([re, why]) => [why, re] as const))("%s", (_why, re) => {
    const found: string[] = [];
    for (const file of TEXTS) {
      readFileSync(join(ROOT, file), "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (!line.trimStart().startsWith("#") && re.test(line)) found.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
        });
    }
    expect(found).toEqual([]);
  });

  it("gives a good-deed report a “Mã tin báo”, not a “Mã hồ sơ”", () => {
    const bot = JSON.parse(readFileSync(join(ROOT, "locales/vi/bot.json"), "utf8")) as Record<string, string>;
    expect(bot["submit.done_report"]).toContain("Mã tin báo: {code}");
    expect(bot["submit.done"]).toContain("Mã hồ sơ: {code}");
  });
});
