import { describe, expect, it } from "vitest";
import { buildDigest } from "../../src/digests/build-digest.ts";
import { directWorkerShare } from "../../src/digests/direct-worker-share.ts";
import type { DigestItem } from "../../src/digests/digest-item.ts";
import { DEFAULT_SHARE_REFERENCE, type DigestInput, type DigestPosting } from "../../src/digests/digest-input.ts";
import { splitDigest } from "../../src/digests/split-digest.ts";
import { HolidayCalendar, loadHolidays } from "../../src/digests/working-days.ts";
import { LANGS, loadI18n, type I18n } from "../../src/i18n/i18n.ts";
import { localDateFromIso } from "../../src/time/local-date.ts";

const i18n = loadI18n();
const calendar = await loadHolidays();

/** An instant given in Vietnam time. */
const vn = (local: string) => new Date(`${local}:00+07:00`);

type Defaulted = "isNew" | "subjectCategory" | "attachments" | "clockStartedAt" | "dueWorkingDays";
type Seed = Omit<DigestItem, Defaulted> & Partial<Pick<DigestItem, Defaulted>>;
/** By default the council received the dossier the day it was sent, with a 10-working-day limit. */
const item = (seed: Seed): DigestItem => ({ isNew: false, subjectCategory: null, attachments: 0, clockStartedAt: seed.submittedAt, dueWorkingDays: 10, ...seed });

/**
 * Xã Hà Trung (Thanh Hóa), digest of Wednesday 11/03/2026 at 07:30. Working days counted by hand
 * (Tết break Mon 16/02 – Fri 20/02/2026; limit 10 working days after the day of submission):
 * - 000101, Thu 12/02: due Thu 05/03 (see working-days.test.ts) → Fri 06, Mon 09, Tue 10, Wed 11:
 *   4 working days overdue.
 * - 000104, Mon 23/02: 24, 25, 26, 27/02, 02, 03, 04, 05, 06, 09/03 → due Mon 09/03 → 2 overdue.
 * - 000107, Wed 25/02: 26, 27/02, 02 … 06/03, 09, 10, 11/03 → due today.
 * - 000109, Fri 27/02: 02 … 06/03, 09 … 13/03 → due Fri 13/03 → 2 working days left.
 * - 000110, Mon 02/03: due Mon 16/03 → 3 left: not urgent.
 * - 000098 is returned to its submitter (the council's clock stops) but still the longest waiting:
 *   after Thu 05/02: Fri 06 (1), 09–13/02 (6), Tết, 23–27/02 (11), 02–06/03 (16), 09–11/03 (19).
 * Direct-worker share among individual nominations, 000095 (replaced by 000110) left out:
 * direct 000090 (a civil servant without a managerial post), 000101, 000110, 000112, 000113 = 5;
 * leaders 000091, 000098, 000107 = 3 → 5/8; women 000090, 000107, 000112 → 3/8.
 */
const items: DigestItem[] = [
  item({ code: "TDKT-2026-000090", kind: "NOMINATION_INDIVIDUAL", gender: "NU", status: "GRANTED", submittedAt: vn("2026-01-20T10:00"), unitName: "UBND xã Hà Trung", title: "Vũ Thị Mai — Lao động tiên tiến", subjectCategory: "CONG_CHUC_VIEN_CHUC", attachments: 2 }),
  item({ code: "TDKT-2026-000091", kind: "NOMINATION_INDIVIDUAL", gender: "NAM", status: "NOT_RECOMMENDED", submittedAt: vn("2026-01-22T14:30"), unitName: "UBND xã Hà Trung", title: "Bùi Đức Thắng — Chiến sĩ thi đua cơ sở", subjectCategory: "LANH_DAO_QUAN_LY", attachments: 1 }),
  item({ code: "TDKT-2026-000095", kind: "NOMINATION_INDIVIDUAL", gender: "NAM", status: "RESUBMITTED", submittedAt: vn("2026-01-28T08:40"), unitName: "Tiểu khu 2", title: "Phạm Văn Toàn — Lao động tiên tiến", subjectCategory: "NGUOI_LAO_DONG_TRUC_TIEP", attachments: 1 }),
  item({ code: "TDKT-2026-000098", kind: "NOMINATION_INDIVIDUAL", gender: "NAM", status: "RETURNED", submittedAt: vn("2026-02-05T16:05"), unitName: "UBND xã Hà Trung", title: "Trịnh Văn Nam — Chiến sĩ thi đua cơ sở", subjectCategory: "LANH_DAO_QUAN_LY", attachments: 1 }),
  item({ code: "TDKT-2026-000101", kind: "NOMINATION_INDIVIDUAL", gender: "NAM", status: "IN_REVIEW", submittedAt: vn("2026-02-12T09:15"), unitName: "Tiểu khu 2", title: "Nguyễn Văn Hùng — Lao động tiên tiến", subjectCategory: "CONG_NHAN", attachments: 2 }),
  item({ code: "TDKT-2026-000104", kind: "NOMINATION_COLLECTIVE", status: "RECEIVED", submittedAt: vn("2026-02-23T10:20"), unitName: "Thôn Tân Lập", title: "Chi hội Phụ nữ thôn Tân Lập — Giấy khen của Chủ tịch UBND xã", attachments: 3 }),
  item({ code: "TDKT-2026-000107", kind: "NOMINATION_INDIVIDUAL", gender: "NU", status: "IN_REVIEW", submittedAt: vn("2026-02-25T15:00"), unitName: "Trường Tiểu học Hà Trung", title: "Lê Thị Thu Hà — Chiến sĩ thi đua cơ sở", subjectCategory: "LANH_DAO_QUAN_LY", attachments: 4 }),
  item({ code: "TDKT-2026-000109", kind: "GOOD_DEED_REPORT", status: "FORWARDED", submittedAt: vn("2026-02-27T19:45"), unitName: "Tiểu khu 3", title: "Cứu người đuối nước — sông Hoạt, Tiểu khu 3", attachments: 2 }),
  item({ code: "TDKT-2026-000110", kind: "NOMINATION_INDIVIDUAL", gender: "NAM", status: "IN_REVIEW", submittedAt: vn("2026-03-02T08:05"), unitName: "Tiểu khu 2", title: "Phạm Văn Toàn — Lao động tiên tiến", subjectCategory: "NGUOI_LAO_DONG_TRUC_TIEP", attachments: 2 }),
  item({ code: "TDKT-2026-000112", kind: "NOMINATION_INDIVIDUAL", gender: "NU", status: "QUEUED", submittedAt: vn("2026-03-09T18:20"), unitName: "Thôn Tân Lập", title: "Đỗ Thị Lan — Lao động tiên tiến", subjectCategory: "NONG_DAN", isNew: true, attachments: 1 }),
  item({ code: "TDKT-2026-000113", kind: "NOMINATION_INDIVIDUAL", gender: "NAM", status: "FORWARDED", submittedAt: vn("2026-03-10T09:30"), unitName: "Ban Chỉ huy Quân sự xã", title: "Hoàng Văn Đức — Lao động tiên tiến", subjectCategory: "CHIEN_SI", isNew: true }),
  item({ code: "TDKT-2026-000114", kind: "NOMINATION_COLLECTIVE", status: "QUEUED", submittedAt: vn("2026-03-10T14:10"), unitName: "Tiểu khu 2", title: "Ban công tác Mặt trận tiểu khu 2 — Giấy khen của Chủ tịch UBND xã", isNew: true, attachments: 3 }),
  // 06:30 in Vietnam is still 09/03 in UTC: the digest must print 10/03.
  item({ code: "TDKT-2026-000115", kind: "GOOD_DEED_REPORT", status: "QUEUED", submittedAt: vn("2026-03-10T06:30"), unitName: "Tiểu khu 1", title: "Nhặt được của rơi trả lại người đánh mất — chợ Hà Trung", isNew: true, attachments: 1 }),
];

const input = (over: Partial<DigestInput> = {}): DigestInput => ({
  councilName: "Hội đồng TĐKT Xã Hà Trung",
  secretaryName: "Nguyễn Thị Hằng",
  period: { label: "tuần 11/2026" },
  now: vn("2026-03-11T07:30"),
  today: localDateFromIso("2026-03-11"),
  calendar,
  cutoffs: [],
  warnWithinWorkingDays: 2,
  items,
  shareReference: DEFAULT_SHARE_REFERENCE,
  ...over,
});

const cutoff = (date: string) => ({ name: "Hồ sơ đề nghị khen thưởng tổng kết năm", date: localDateFromIso(date), showFromDays: 30 });

/** Individual nominations with the given subject categories, for the share tests. */
const individuals = (counts: Record<string, number>): DigestItem[] =>
  Object.entries(counts).flatMap(([category, n]) =>
    Array.from({ length: n }, (_, i) =>
      item({ code: `TDKT-2026-${String(i).padStart(6, "0")}`, kind: "NOMINATION_INDIVIDUAL", status: "GRANTED", submittedAt: vn("2026-01-05T08:00"), unitName: "Tiểu khu 2", title: "Người được đề nghị — Lao động tiên tiến", subjectCategory: category }),
    ),
  );

/** A review round's list posted until 16/03/2026. */
function posting(over: Partial<DigestPosting> = {}): DigestPosting {
  return { roundCode: "DX-2026-001", roundTitle: "Bình xét thi đua năm 2026", endsOn: localDateFromIso("2026-03-16"), comments: 0, unanswered: 0, ...over };
}

describe("buildDigest", () => {
  const text = buildDigest(input(), i18n, "vi");

  it("renders the seeded week as the golden text", async () => {
    await expect(text).toMatchFileSnapshot("./__golden__/digest-vi.txt");
  });

  it("puts the sections in the order of domain.md §9.4", () => {
    const headings = ["📋 BẢN TIN TUẦN 11/2026 — HỘI ĐỒNG TĐKT XÃ HÀ TRUNG", "⚠️ CẦN XỬ LÝ NGAY (4)", "📥 MỚI (4)", "⏳ ĐANG CHỜ (10)", "🌟 TIN BÁO NGƯỜI TỐT, VIỆC TỐT", "📊 ĐỀ NGHỊ KHEN CÁ NHÂN THEO ĐỐI TƯỢNG", "⌛ CHỜ LÂU NHẤT", "Lệnh: hàng chờ, gửi bản tin ngay, trạng thái <mã>"];
    const blocks = text.split("\n\n").map((block) => block.split("\n")[0]);
    expect(blocks).toEqual(headings);
  });

  it("lists the dossier sent before Tết as overdue by the working days after the break", () => {
    expect(text).toContain("• TDKT-2026-000101 — quá hạn 4 ngày làm việc (hạn 05/03/2026) — Cá nhân: Nguyễn Văn Hùng — Lao động tiên tiến (Tiểu khu 2)");
    expect(text).toContain("• TDKT-2026-000104 — quá hạn 2 ngày làm việc (hạn 09/03/2026)");
    expect(text).toContain("• TDKT-2026-000107 — đến hạn hôm nay (11/03/2026)");
    expect(text).toContain("• TDKT-2026-000109 — còn 2 ngày làm việc (hạn 13/03/2026)");
    expect(text).not.toMatch(/TDKT-2026-000110 — (quá hạn|còn)/);
    expect(text).not.toMatch(/TDKT-2026-000098 — (quá hạn|còn)/); // returned: the clock is stopped
    expect(text).toContain("Quá hạn: 2 | Sắp đến hạn: 2");
  });

  it("shows the longest-waiting dossier with its age in working days", () => {
    expect(text).toContain("⌛ CHỜ LÂU NHẤT\n• TDKT-2026-000098 — 19 ngày làm việc (gửi 05/02/2026, Đã trả lại, chờ bổ sung)");
  });

  it("lists a new household nomination under its own kind, with the head's name", () => {
    const household = item({ code: "TDKT-2026-000116", kind: "NOMINATION_HOUSEHOLD", status: "QUEUED", submittedAt: vn("2026-03-10T16:00"), unitName: "Thôn Tân Lập", title: "Nguyễn Văn Tư — Gia đình văn hóa", isNew: true });
    const vi = buildDigest(input({ items: [...items, household] }), i18n, "vi");
    expect(vi).toContain("Đề nghị khen hộ gia đình (1):\n• TDKT-2026-000116 — Thôn Tân Lập: Nguyễn Văn Tư — Gia đình văn hóa");
    expect(buildDigest(input({ items: [household] }), i18n, "en")).toContain("Household nominations (1):");
  });

  it("counts new items by kind, waiting items by status and good-deed reports", () => {
    expect(text).toContain("Đề nghị khen cá nhân (2):\n• TDKT-2026-000112 — Thôn Tân Lập: Đỗ Thị Lan — Lao động tiên tiến — gửi 09/03/2026, 1 tệp đính kèm");
    expect(text).toContain("• TDKT-2026-000113 — Ban Chỉ huy Quân sự xã: Hoàng Văn Đức — Lao động tiên tiến — gửi 10/03/2026, không có tệp đính kèm");
    expect(text).toContain("Tin báo người tốt, việc tốt (1):\n• TDKT-2026-000115 — Tiểu khu 1: Nhặt được của rơi trả lại người đánh mất — chợ Hà Trung — gửi 10/03/2026");
    expect(text).toContain("• Chờ tiếp nhận: 5\n• Hội đồng đã tiếp nhận: 1\n• Đang xem xét: 3\n• Đã trả lại, chờ bổ sung: 1");
    expect(text).toContain("🌟 TIN BÁO NGƯỜI TỐT, VIỆC TỐT\n• Mới: 1 | Đang chờ xử lý: 2");
  });

  it("shows the direct-worker share as a reference, not a target, with the gender split", () => {
    expect(text).toContain("• Người trực tiếp lao động, học tập, công tác: 5/8 (62%) — tham khảo: Kon Tum 2021 đạt 58%");
    expect(text).toContain("• Lãnh đạo, quản lý: 3/8 (37%)");
    expect(text).toContain("• Nữ: 3/8 (37%)");
    expect(text).not.toMatch(/mục tiêu|✘|✔/);
  });

  it("counts civil servants without a post and students as direct, entrepreneurs apart, the retired as others", () => {
    // Kon Tum 2021 (001:L421, L424): 288 + 528 direct (non-managerial civil servants included) of 1.398.
    const konTum = buildDigest(input({ items: individuals({ NONG_DAN: 288, CONG_CHUC_VIEN_CHUC: 528, LANH_DAO_QUAN_LY: 582 }) }), i18n, "vi");
    expect(konTum).toContain("• Người trực tiếp lao động, học tập, công tác: 816/1.398 (58%)");
    const mixed = buildDigest(input({ items: individuals({ HOC_SINH_SINH_VIEN: 2, NGUOI_CAO_TUOI_HUU_TRI: 1, KHAC: 1, DOANH_NHAN: 3, LANH_DAO_QUAN_LY: 1 }) }), i18n, "vi");
    expect(mixed).toContain("• Người trực tiếp lao động, học tập, công tác: 2/5 (40%)");
    expect(mixed).toContain("• Đối tượng khác hoặc chưa phân loại: 2/5");
    expect(mixed).toContain("• Doanh nhân (tính riêng): 3");
    expect(mixed).toContain("• Nữ: 0/8 (0%)");
    // 57,9% is never rounded up to the reference's 58%.
    const justBelow = buildDigest(input({ items: individuals({ CHIEN_SI: 579, LANH_DAO_QUAN_LY: 421 }) }), i18n, "vi");
    expect(justBelow).toContain("579/1.000 (57%)");
  });

  it("prints the configured reference, or none", () => {
    const bacNinh = buildDigest(input({ shareReference: { label: "Bắc Ninh 2025", percent: 65 } }), i18n, "vi");
    expect(bacNinh).toContain("— tham khảo: Bắc Ninh 2025 đạt 65%");
    const none = buildDigest(input({ shareReference: null }), i18n, "vi");
    expect(none).toContain("• Người trực tiếp lao động, học tập, công tác: 5/8 (62%)\n");
    expect(none).not.toContain("tham khảo");
  });

  it("prints nothing that looks like a phone number or a CCCD", () => {
    const digitsOnly = text.replace(/[ .]/g, "");
    expect(digitsOnly).not.toMatch(/\d{9,}/);
    const leaky = buildDigest(
      input({ items: [item({ code: "TDKT-2026-000120", kind: "GOOD_DEED_REPORT", status: "QUEUED", submittedAt: vn("2026-03-10T08:00"), unitName: "Tiểu khu 2", title: "Giúp người bị nạn, gọi 0912 345 678 hoặc +84912345678, CCCD 038123456789", isNew: true })] }),
      i18n,
      "vi",
    );
    expect(leaky).toContain("Giúp người bị nạn, gọi [đã ẩn] hoặc [đã ẩn], CCCD [đã ẩn]");
    expect(leaky.replace(/[ .]/g, "")).not.toMatch(/\d{9,}/);
  });

  it("renders in English with the same facts", () => {
    const en = buildDigest(input(), i18n, "en");
    expect(en).toContain("📋 DIGEST TUẦN 11/2026 — HỘI ĐỒNG TĐKT XÃ HÀ TRUNG");
    expect(en).toContain("⚠️ ACT NOW (4)");
    expect(en).toContain("• TDKT-2026-000101 — overdue by 4 working days (due 05/03/2026) — Individual: Nguyễn Văn Hùng — Lao động tiên tiến (Tiểu khu 2)");
    expect(en).toContain("• TDKT-2026-000109 — 2 working days left (due 13/03/2026)");
    expect(en).toContain("• People who work, study or serve directly: 5/8 (62%) — for reference: Kon Tum 2021 reached 58%");
    expect(en).toContain("• TDKT-2026-000113 — Ban Chỉ huy Quân sự xã: Hoàng Văn Đức — Lao động tiên tiến — sent 10/03/2026, no attachments");
    expect(en).not.toMatch(/CẦN XỬ LÝ|ĐANG CHỜ|ngày làm việc/);
    expect(en.split("\n\n")).toHaveLength(text.split("\n\n").length);
    const big = buildDigest(input({ items: individuals({ NGUOI_LAO_DONG_TRUC_TIEP: 816, LANH_DAO_QUAN_LY: 582 }) }), i18n, "en");
    expect(big).toContain("• People who work, study or serve directly: 816/1,398 (58%)");
  });

  it("keeps only the header and the footer when there is nothing to report", () => {
    const empty = buildDigest(input({ items: [], secretaryName: null }), i18n, "vi");
    expect(empty).toBe(
      [
        "📋 BẢN TIN TUẦN 11/2026 — HỘI ĐỒNG TĐKT XÃ HÀ TRUNG\nKính gửi: anh/chị Thư ký Hội đồng\nCập nhật lúc 07:30 ngày 11/03/2026\nĐang chờ: 0 | Mới: 0 | Quá hạn: 0 | Sắp đến hạn: 0",
        "Lệnh: hàng chờ, gửi bản tin ngay, trạng thái <mã>",
      ].join("\n\n"),
    );
  });

  it("on a Saturday, calls a dossier due the day before due, not overdue by 0 days", () => {
    // 000109 is due Fri 13/03/2026; on Sat 14/03 no working day has passed since.
    const saturday = buildDigest(input({ today: localDateFromIso("2026-03-14"), now: vn("2026-03-14T07:30") }), i18n, "vi");
    expect(saturday).toContain("• TDKT-2026-000109 — đã hết hạn ngày 13/03/2026");
    expect(saturday).not.toContain("quá hạn 0");
  });

  const many = Array.from({ length: 20 }, (_, n) =>
    item({ code: `TDKT-2026-0002${String(n).padStart(2, "0")}`, kind: "NOMINATION_INDIVIDUAL", status: "RECEIVED", submittedAt: vn("2026-03-10T08:00"), unitName: "Thôn Tân Lập", title: `Nguyễn Văn ${n}`, isNew: true, attachments: 1 }),
  );

  it("says the holiday calendar is missing a year instead of counting its Tết as working days", () => {
    // The calendar knows 2026 only; on Mon 28/12/2026 a dossier sent on Fri 18/12 is due in 2027.
    const short = new HolidayCalendar([{ date: "2026-01-01", name: "Tết Dương lịch" }], { through: 2026 });
    const late = item({ code: "TDKT-2026-000950", kind: "NOMINATION_INDIVIDUAL", status: "IN_REVIEW", submittedAt: vn("2026-12-18T09:00"), unitName: "Thôn Tân Lập", title: "Lê Văn Bình — Lao động tiên tiến" });
    const text = buildDigest(input({ calendar: short, now: vn("2026-12-28T07:30"), today: localDateFromIso("2026-12-28"), items: [late] }), i18n, "vi");
    expect(text).toContain("Chưa có lịch nghỉ lễ, Tết năm 2027");
    expect(text).not.toContain("CẦN XỬ LÝ NGAY");
    expect(text).toContain("TDKT-2026-000950");
    // With the year known, the same dossier is simply counted.
    const full = buildDigest(input({ now: vn("2026-12-28T07:30"), today: localDateFromIso("2026-12-28"), items: [late] }), i18n, "vi");
    expect(full).not.toContain("Chưa có lịch nghỉ lễ");
  });

  it("warns when a due date is counted across days off that are not announced yet", () => {
    // Received Mon 01/02/2027 with 10 working days: 02–04/02, then the assumed Tết break (Fri 05/02,
    // Mon 08 – Thu 11/02), then 12, 15 … 19, 22/02 → due Mon 22/02/2027, 2 working days left on Thu 18/02.
    const acrossTet = item({ code: "TDKT-2027-000001", kind: "NOMINATION_INDIVIDUAL", status: "IN_REVIEW", submittedAt: vn("2027-02-01T09:00"), unitName: "Tiểu khu 2", title: "Lê Văn Bình — Lao động tiên tiến" });
    const text = buildDigest(input({ items: [acrossTet], now: vn("2027-02-18T07:30"), today: localDateFromIso("2027-02-18") }), i18n, "vi");
    expect(text).toContain("hạn 22/02/2027");
    expect(text).toContain("⚠️ Hạn xử lý được tính qua ngày nghỉ chưa có thông báo chính thức: 05/02/2027 (Tết Nguyên đán (cuối năm Bính Ngọ — dự kiến)); 08/02/2027");
    // With the break announced (no tentative days), the same digest has no warning.
    const announced = new HolidayCalendar(["2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"].map((date) => ({ date, name: "Tết Nguyên đán" })));
    expect(buildDigest(input({ calendar: announced, items: [acrossTet], now: vn("2027-02-18T07:30"), today: localDateFromIso("2027-02-18") }), i18n, "vi")).not.toContain("chưa có thông báo chính thức");
    // Once, however many dates cross them; a digest with nothing due across them says nothing.
    expect(text.split("chưa có thông báo chính thức")).toHaveLength(2);
    expect(buildDigest(input(), i18n, "vi")).not.toContain("chưa có thông báo chính thức");
  });

  it("starts the clock when the council received the complete dossier, with each procedure's limit", () => {
    // Sent Thu 12/02/2026 but received only Mon 23/02 (after Tết), with 20 working days: due Mon 23/03.
    const late = item({ code: "TDKT-2026-000301", kind: "NOMINATION_INDIVIDUAL", status: "RECEIVED", submittedAt: vn("2026-02-12T09:00"), clockStartedAt: vn("2026-02-23T08:00"), dueWorkingDays: 20, unitName: "Tiểu khu 2", title: "Lê Văn Bình — Chiến sĩ thi đua cơ sở" });
    const notReceived = item({ code: "TDKT-2026-000302", kind: "NOMINATION_INDIVIDUAL", status: "QUEUED", submittedAt: vn("2026-01-05T09:00"), clockStartedAt: null, unitName: "Tiểu khu 2", title: "Mai Văn Cường — Lao động tiên tiến" });
    const text = buildDigest(input({ items: [late, notReceived], today: localDateFromIso("2026-03-19") }), i18n, "vi");
    expect(text).toContain("• TDKT-2026-000301 — còn 2 ngày làm việc (hạn 23/03/2026)");
    expect(text).not.toMatch(/TDKT-2026-000302 — (quá hạn|còn|đến hạn)/);
  });

  it("shows the province's cut-off dates that are coming, in working days", () => {
    const text = buildDigest(input({ cutoffs: [cutoff("2026-03-20"), cutoff("2026-05-29"), cutoff("2026-03-01")] }), i18n, "vi");
    // Wed 11/03 → Fri 20/03: 12, 13, 16, 17, 18, 19, 20 = 7 working days; 29/05 is beyond 30 days; 01/03 is past.
    expect(text).toContain("📅 Hồ sơ đề nghị khen thưởng tổng kết năm: hạn cuối 20/03/2026, còn 7 ngày làm việc.");
    expect(text).not.toContain("29/05/2026");
    expect(text).not.toContain("01/03/2026.");
    expect(buildDigest(input({ cutoffs: [cutoff("2026-03-11")] }), i18n, "vi")).toContain("hôm nay (11/03/2026) là hạn cuối");
  });

  it("lists at most 15 items in a section and counts the rest", () => {
    const text = buildDigest(input({ items: many }), i18n, "vi");
    expect(text).toContain("TDKT-2026-000214");
    expect(text).not.toContain("TDKT-2026-000215");
    expect(text).toContain("… và 5 hồ sơ khác");
  });

  it("after the council: a recommended or verified dossier still waits (clock running), one forwarded upward waits without the commune's clock, decided ones are done", () => {
    const after = [
      item({ code: "TDKT-2026-000130", kind: "NOMINATION_INDIVIDUAL", gender: "NU", status: "RECOMMENDED", submittedAt: vn("2026-02-12T09:00"), unitName: "Tiểu khu 2", title: "Mai Thị Hoa — Lao động tiên tiến", subjectCategory: "NONG_DAN", attachments: 1 }),
      item({ code: "TDKT-2026-000131", kind: "NOMINATION_INDIVIDUAL", gender: "NAM", status: "FORWARDED_UPWARD", submittedAt: vn("2026-02-12T09:00"), unitName: "Tiểu khu 2", title: "Lò Văn Sơn — Bằng khen của Chủ tịch UBND tỉnh", subjectCategory: "NONG_DAN", attachments: 1 }),
      item({ code: "TDKT-2026-000132", kind: "GOOD_DEED_REPORT", status: "VERIFIED", submittedAt: vn("2026-02-12T09:00"), unitName: "Tiểu khu 2", title: "Cứu người — sông Hoạt", attachments: 0 }),
      item({ code: "TDKT-2026-000133", kind: "NOMINATION_INDIVIDUAL", gender: "NAM", status: "REFUSED", submittedAt: vn("2026-02-12T09:00"), unitName: "Tiểu khu 2", title: "Hà Văn Tú — Lao động tiên tiến", subjectCategory: "NONG_DAN", attachments: 1 }),
    ];
    const out = buildDigest(input({ items: after }), i18n, "vi");
    expect(out).toContain("• Tin báo đã xác minh, chờ xử lý: 1\n• Đã thống nhất đề nghị, chờ quyết định: 1\n• Đã trình cấp trên, chờ quyết định: 1");
    expect(out).toMatch(/TDKT-2026-000130 — quá hạn/);
    expect(out).toMatch(/TDKT-2026-000132 — quá hạn/);
    expect(out).not.toMatch(/TDKT-2026-000131 — (quá hạn|còn)/);
    expect(out).not.toContain("TDKT-2026-000133");
  });

  it("lists the lists posted publicly with their comments still to answer, and prints nothing of them when none is posted", () => {
    const text = buildDigest(input({ postings: [posting({ comments: 2, unanswered: 1 }), posting({ roundCode: "DX-2026-002", roundTitle: "Phong trào Toàn dân đoàn kết", comments: 0, unanswered: 0 })] }), i18n, "vi");
    expect(text).toContain("📢 ĐANG CÔNG KHAI DANH SÁCH (2)\n• DX-2026-001 Bình xét thi đua năm 2026: công khai đến hết 16/03/2026; 2 góp ý, 1 chưa trả lời\n• DX-2026-002 Phong trào Toàn dân đoàn kết: công khai đến hết 16/03/2026; 0 góp ý, đã trả lời hết");
    expect(buildDigest(input(), i18n, "vi")).not.toContain("CÔNG KHAI");
  });

  it("asks only for strings that exist in every language", () => {
    const asked = new Set<string>();
    const recording: I18n = {
      t: (lang, key, params) => {
        asked.add(key);
        return i18n.t(lang, key, params);
      },
      keys: (lang) => i18n.keys(lang),
    };
    const leaky = item({ code: "TDKT-2026-000120", kind: "GOOD_DEED_REPORT", status: "QUEUED", submittedAt: vn("2026-03-10T08:00"), unitName: "Tiểu khu 2", title: "0912 345 678", isNew: true, attachments: 0 });
    for (const lang of LANGS) {
      buildDigest(input(), recording, lang);
      buildDigest(input({ items: [item({ code: "TDKT-2026-000116", kind: "NOMINATION_HOUSEHOLD", status: "IN_REVIEW", submittedAt: vn("2026-03-02T16:00"), unitName: "Thôn Tân Lập", title: "Nguyễn Văn Tư — Gia đình văn hóa", isNew: true })] }), recording, lang);
      buildDigest(input({ items: [...items, leaky], today: localDateFromIso("2026-03-14"), secretaryName: null }), recording, lang);
      buildDigest(input({ items: individuals({ CONG_NHAN: 1 }) }), recording, lang);
      buildDigest(input({ today: localDateFromIso("2026-03-12") }), recording, lang); // 1 day overdue / left
      buildDigest(input({ items: [leaky] }), recording, lang); // waiting for 1 working day
      buildDigest(input({ items: ["RECOMMENDED", "FORWARDED_UPWARD", "VERIFIED"].map((status, i) => ({ ...leaky, code: `TDKT-2026-00014${i}`, status })) }), recording, lang); // after the council
      buildDigest(input({ items: many }), recording, lang); // long lists are cut
      buildDigest(input({ calendar: new HolidayCalendar([], { through: 2025 }) }), recording, lang); // year not in the calendar
      buildDigest(input({ shareReference: null, items: individuals({ KHAC: 1, DOANH_NHAN: 1 }) }), recording, lang); // no reference; others; apart
      buildDigest(input({ cutoffs: [cutoff("2026-03-11"), cutoff("2026-03-12"), cutoff("2026-03-20")] }), recording, lang); // cut-offs today, in 1 and in 7 working days
      buildDigest(input({ calendar: new HolidayCalendar([], { through: 2025 }), cutoffs: [cutoff("2026-03-20")] }), recording, lang); // cut-off not countable
      buildDigest(input({ now: vn("2027-01-20T07:30"), today: localDateFromIso("2027-01-20"), cutoffs: [cutoff("2027-02-12")] }), recording, lang); // counted across the assumed Tết 2027
      buildDigest(input({ postings: [posting({ comments: 2, unanswered: 1 }), posting({ roundCode: "DX-2026-002", comments: 1, unanswered: 0 })] }), recording, lang); // lists posted publicly
    }
    expect(asked.size).toBeGreaterThan(40);
    for (const lang of LANGS) {
      const keys = new Set(i18n.keys(lang));
      expect([...asked].filter((k) => !keys.has(k)), lang).toEqual([]);
    }
    const unused = i18n.keys("vi").filter((k) => k.startsWith("digest.") && !asked.has(k));
    expect(unused).toEqual([]);
  });
});

describe("directWorkerShare", () => {
  it("counts direct workers and leaders among individual nominations, once per person", () => {
    expect(directWorkerShare(items)).toEqual({ direct: 5, leaders: 3, total: 8, apart: 0, women: 3, percent: 62.5 });
    expect(directWorkerShare(individuals({ NGUOI_LAO_DONG_TRUC_TIEP: 816, LANH_DAO_QUAN_LY: 582 })).percent).toBeCloseTo(58.37, 2);
    expect(directWorkerShare([])).toEqual({ direct: 0, leaders: 0, total: 0, apart: 0, women: 0, percent: null });
    expect(DEFAULT_SHARE_REFERENCE).toEqual({ label: "Kon Tum 2021", percent: 58 });
  });
});

describe("splitDigest", () => {
  const many = Array.from({ length: 60 }, (_, i) =>
    item({ code: `TDKT-2026-${String(200 + i).padStart(6, "0")}`, kind: i % 3 === 0 ? "NOMINATION_COLLECTIVE" : "NOMINATION_INDIVIDUAL", status: "QUEUED", submittedAt: vn(`2026-03-${String(1 + (i % 10)).padStart(2, "0")}T08:00`), unitName: i % 2 ? "Tiểu khu 2" : "Thôn Tân Lập", title: "Trần Văn Bình — Lao động tiên tiến", subjectCategory: "NONG_DAN", isNew: true, attachments: 1 }),
  );
  const long = buildDigest(input({ items: [...items, ...many] }), i18n, "vi");

  it("keeps every line, in order, with each part within the limit", () => {
    expect(long.length).toBeGreaterThan(3_500);
    const longestLine = Math.max(...long.split("\n").map((l) => l.length));
    for (const max of [3_500, 500, longestLine]) {
      const parts = splitDigest(long, max);
      expect(parts.length).toBeGreaterThan(1);
      for (const part of parts) expect(part.length).toBeLessThanOrEqual(max);
      const lines = (s: string) => s.split("\n").filter((l) => l !== "");
      expect(parts.flatMap(lines)).toEqual(lines(long));
    }
  });

  it("cuts at section boundaries first", () => {
    const parts = splitDigest(text(), 3_500);
    expect(parts).toEqual([text()]);
    const sections = text().split("\n\n");
    const cut = splitDigest(text(), Math.max(...sections.map((s) => s.length)));
    for (const part of cut) for (const section of part.split("\n\n")) expect(sections).toContain(section);
  });

  it("cuts a line longer than the limit at a space, never inside an emoji", () => {
    const line = "🌟 ".repeat(40).trim();
    const parts = splitDigest(line, 7);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(7);
    expect(parts.join(" ")).toBe(line);
    const noSpaces = "🌟".repeat(10);
    const hard = splitDigest(noSpaces, 5);
    expect(hard.join("")).toBe(noSpaces);
    for (const part of hard) expect(part).not.toMatch(/[\ud800-\udbff]$|^[\udc00-\udfff]/);
  });

  function text() {
    return buildDigest(input(), i18n, "vi");
  }
});
