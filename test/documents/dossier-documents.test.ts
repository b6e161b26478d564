/**
 * The dossier's papers, generated from real conversations: an officer of xã Hà Trung nominates a
 * village head (recommended by the council and decided by the chair), a pupil who saved two
 * children (đột xuất), a cultural-movement volunteer (chuyên đề), a school and a household. Each
 * DOCX is opened and read back (word/document.xml) and compared with a golden text per template.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvite } from "../../src/admin/invites.ts";
import { DOCX_MEDIA_TYPE, type GeneratedDocument } from "../../src/documents/dossier-documents.ts";
import { createRound } from "../../src/rounds/review-rounds.ts";
import { councilHarness, type Actor } from "../support/council-harness.ts";
import { docxText } from "../support/docx-text.ts";
import { nominationOfHoa, sayAll } from "../support/officer-scripts.ts";

let h: Awaited<ReturnType<typeof councilHarness>>;
const byCode = new Map<string, GeneratedDocument[]>();

const HOA = nominationOfHoa();
const KHOI = ["/dexuat", "dot xuat", "hoc sinh", "giay khen", "2026", "Phạm Minh Khôi", "nam", "12/05/2014", "bỏ qua", "Học sinh lớp 6, Trường THCS Hà Trung", "tk2 ha trung",
  "Chiều 20/11/2026, em Khôi đã nhảy xuống sông Hoạt cứu hai em nhỏ bị đuối nước, đưa các em lên bờ an toàn.", "khong", "bỏ qua", "bỏ qua", "đồng ý", "gửi"];
const LAN = ["/dexuat", "chuyen de", "Toàn dân đoàn kết xây dựng đời sống văn hóa", "nong dan", "giay khen", "2026", "Lê Thị Lan", "nu", "20/10/1970", "bỏ qua", "Chi hội trưởng Chi hội Phụ nữ thôn Tân Lập", "thon tan lap, ha trung",
  "Vận động 60 hội viên tham gia câu lạc bộ dân ca, tổ chức 12 buổi sinh hoạt văn nghệ, duy trì tủ sách của thôn.", "khong", "bỏ qua", "bỏ qua", "đồng ý", "gửi"];
const SCHOOL = ["/dexuattapthe", "Trường THCS Hà Trung", "truong hoc", "ha trung", "binh xet cuoi nam", "bỏ qua", "tap the lao dong tien tien", "2026", "50", "32", "0", "Nguyễn Văn Bình", "khong", "bỏ qua",
  "Năm học 2025–2026 nhà trường có 100% học sinh lên lớp, 12 học sinh giỏi cấp tỉnh, không có cán bộ bị kỷ luật.", "xong", "co", "gửi"];
const HOUSEHOLD = ["/dexuathogiadinh", "Nguyễn Văn Tư", "tan lap, ha trung", "cong trang", "bỏ qua", "gia dinh van hoa", "2026", "5",
  "Cả gia đình chấp hành tốt pháp luật, 2 cháu học sinh giỏi, tích cực tham gia vệ sinh thôn xóm.", "khong", "2025: Gia đình văn hóa", "bỏ qua", "co", "gửi"];

function doc(code: string, kind: string): GeneratedDocument {
  const found = byCode.get(code)?.find((d) => d.kind === kind);
  if (!found) throw new Error(`${code} has no ${kind}`);
  return found;
}

beforeAll(async () => {
  h = await councilHarness();
  const officer = h.actor("Cán bộ xã", "can-bo-1");
  await officer.say((await createInvite(h.assistant.db, { role: "officer", unitId: "thanh-hoa/ha-trung", now: h.assistant.clock.now() })).code);
  const secretary = h.actor("Thư ký Hội đồng", "thu-ky-1");
  await secretary.say((await createInvite(h.assistant.db, { role: "secretary", unitId: "thanh-hoa/ha-trung", now: h.assistant.clock.now() })).code);
  for (const script of [HOA, KHOI, LAN, SCHOOL, HOUSEHOLD]) {
    const last = await sayAll(officer, script);
    expect(last).toContain("TDKT-2026-");
  }
  await h.settle();
  await sayAll(secretary, ["hàng chờ", "TDKT-2026-000001", "xem xet", "gửi"]);
  await h.settle();
  await sayAll(secretary, ["hàng chờ", "TDKT-2026-000001", "thong nhat de nghi", "gửi"]);
  await h.settle();
  h.assistant.clock.advance(2 * 86_400_000);
  await sayAll(secretary, ["hàng chờ", "TDKT-2026-000001", "quyet dinh", "125/QĐ-UBND", "27/11/2026", "Chủ tịch UBND xã Lê Văn Bình", "khen thuong", "gửi"]);
  await h.settle();
  // Hoa again, after her award was decided: her báo cáo lists it.
  expect(await sayAll(officer, HOA)).toContain("TDKT-2026-000006");
  await h.settle();
  for (const dossier of await h.assistant.db.dossier.findMany({ orderBy: { code: "asc" } })) {
    byCode.set(dossier.code, await h.assistant.documents.generate(dossier));
  }
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe("the documents of a dossier", () => {
  it("makes a báo cáo, a tờ trình and a biên bản for each nomination, and the draft quyết định once the council recommended", () => {
    expect([...byCode.keys()]).toEqual(["TDKT-2026-000001", "TDKT-2026-000002", "TDKT-2026-000003", "TDKT-2026-000004", "TDKT-2026-000005", "TDKT-2026-000006"]);
    expect(byCode.get("TDKT-2026-000001")!.map((d) => d.fileName)).toEqual([
      "TDKT-2026-000001-bao-cao-thanh-tich.docx",
      "TDKT-2026-000001-to-trinh.docx",
      "TDKT-2026-000001-bien-ban-hop-hoi-dong.docx",
      "TDKT-2026-000001-du-thao-quyet-dinh.docx",
    ]);
    expect(byCode.get("TDKT-2026-000002")!.map((d) => d.kind)).toEqual(["BAO_CAO_THANH_TICH", "TO_TRINH", "BIEN_BAN"]);
    expect([...byCode.values()].flat().every((d) => d.mediaType === DOCX_MEDIA_TYPE)).toBe(true);
    expect(byCode.get("TDKT-2026-000002")!.map((d) => d.template)[0]).toBe("bao-cao-thanh-tich-dot-xuat.docx");
    expect(byCode.get("TDKT-2026-000003")!.map((d) => d.template)[0]).toBe("bao-cao-thanh-tich-chuyen-de.docx");
    expect(byCode.get("TDKT-2026-000004")!.map((d) => d.template)[0]).toBe("bao-cao-thanh-tich-tap-the.docx");
    expect(byCode.get("TDKT-2026-000005")!.map((d) => d.template)[0]).toBe("bao-cao-thanh-tich-ho-gia-dinh.docx");
  });

  it("the báo cáo thành tích names the nominee, the award, the year, the answers the criteria used and the attestation", () => {
    const text = docxText(doc("TDKT-2026-000001", "BAO_CAO_THANH_TICH").bytes);
    expect(text).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc");
    expect(text).toContain("Hà Trung, ngày 25 tháng 11 năm 2026");
    expect(text).toContain("ĐỀ NGHỊ TẶNG DANH HIỆU “LAO ĐỘNG TIÊN TIẾN”\nNĂM 2026");
    expect(text).toContain("- Họ và tên: Nguyễn Thị Hoa. Giới tính: Nữ.");
    expect(text).toContain("- Ngày, tháng, năm sinh: 05/03/1985.");
    expect(text).toContain("- Nơi cư trú, nơi công tác: Thôn Tân Lập, Xã Hà Trung.");
    expect(text).toContain("- Mức độ hoàn thành nhiệm vụ: Hoàn thành tốt nhiệm vụ");
    expect(text).toContain("Năm 2026 vận động 45 hộ hiến đất làm đường");
    expect(text).toContain("Quê quán: ……………."); // not asked in the chat: a blank to fill by hand
    expect(text).toContain("Năm | Hình thức khen thưởng | Số, ngày quyết định | Cơ quan ban hành");
    expect(text).toContain("NGƯỜI BÁO CÁO THÀNH TÍCH / (Ký, ghi rõ họ và tên) / Nguyễn Thị Hoa");
  });

  it("the award history fills the table of awards already received, with the decision's number, date and signer", () => {
    const text = docxText(doc("TDKT-2026-000006", "BAO_CAO_THANH_TICH").bytes);
    expect(text).toContain("2026 | Lao động tiên tiến | 125/QĐ-UBND ngày 27/11/2026 | Chủ tịch UBND xã Lê Văn Bình");
    expect(text).not.toContain("Chưa có hình thức khen thưởng nào");
    // The dossier that led to the award does not list the award itself.
    expect(docxText(doc("TDKT-2026-000001", "BAO_CAO_THANH_TICH").bytes)).toContain("Chưa có hình thức khen thưởng nào được ghi nhận");
  });

  it("the tờ trình is addressed to the grantor, counts the nominees in words and lists them in its danh sách", () => {
    const text = docxText(doc("TDKT-2026-000001", "TO_TRINH").bytes);
    expect(text).toContain("UBND XÃ HÀ TRUNG / HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG / ——— / Số: /TTr-HĐTĐKT | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc / ——————— / Hà Trung, ngày 25 tháng 11 năm 2026");
    expect(text).toContain("Kính gửi: Chủ tịch Ủy ban nhân dân xã Hà Trung.");
    expect(text).toContain("Căn cứ Nghị định số 129/2025/NĐ-CP ngày 11 tháng 6 năm 2025");
    expect(text).toContain("cho 01 (một) cá nhân, gồm:");
    expect(text).toContain("- Lao động tiên tiến: 01 (một) cá nhân;");
    expect(text).toContain("1 | Nguyễn Thị Hoa | Trưởng thôn Tân Lập, Thôn Tân Lập, Xã Hà Trung | Lao động tiên tiến |");
  });

  it("the draft quyết định carries the recorded decision's number, date and signer, and the reward from NĐ 152/2025", () => {
    const text = docxText(doc("TDKT-2026-000001", "DU_THAO_QUYET_DINH").bytes);
    expect(text).toContain("Số: 125/QĐ-UBND");
    expect(text).toContain("Hà Trung, ngày 27 tháng 11 năm 2026");
    expect(text).toContain("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÀ TRUNG");
    expect(text).toContain("Điều 1. Tặng danh hiệu “Lao động tiên tiến” cho 01 (một) cá nhân có tên trong danh sách kèm theo, đã có thành tích xuất sắc trong phong trào thi đua năm 2026.");
    expect(text).toContain("được thưởng 0,3 lần mức lương cơ sở");
    expect(text).toContain("(Kèm theo Quyết định số 125/QĐ-UBND ngày 27/11/2026 của Chủ tịch UBND xã Hà Trung)");
    expect(text).toContain("Chủ tịch UBND xã Lê Văn Bình");
  });

  it("the đột xuất, chuyên đề, collective and household reports use their own templates", () => {
    const pupil = docxText(doc("TDKT-2026-000002", "BAO_CAO_THANH_TICH").bytes);
    expect(pupil).toContain("BÁO CÁO TÓM TẮT THÀNH TÍCH ĐỘT XUẤT\nĐỀ NGHỊ TẶNG GIẤY KHEN CỦA CHỦ TỊCH UBND XÃ HÀ TRUNG");
    expect(pupil).toContain("- Họ và tên: Phạm Minh Khôi.");
    const volunteer = docxText(doc("TDKT-2026-000003", "BAO_CAO_THANH_TICH").bytes);
    expect(volunteer).toContain("TRONG PHONG TRÀO THI ĐUA “Toàn dân đoàn kết xây dựng đời sống văn hóa”");
    const school = docxText(doc("TDKT-2026-000004", "BAO_CAO_THANH_TICH").bytes);
    expect(school).toContain("Tên tập thể đề nghị: Trường THCS Hà Trung");
    expect(school).toContain("2. Tổng số thành viên: 50 (năm mươi); số Lao động tiên tiến: 32 (ba mươi hai), đạt 64%.");
    const household = docxText(doc("TDKT-2026-000005", "BAO_CAO_THANH_TICH").bytes);
    expect(household).toContain("- Họ và tên chủ hộ: Nguyễn Văn Tư.");
    expect(household).toContain("Khai báo thêm: 2025: Gia đình văn hóa");
  });

  it("a tờ trình and a biên bản for the unit and year list every open nomination, one pair per grantor", async () => {
    const docs = await h.assistant.documents.forUnitYear("thanh-hoa/ha-trung", 2026, "2026-12-03");
    expect(docs.map((d) => d.fileName)).toEqual(["Hà Trung-2026-to-trinh.docx", "Hà Trung-2026-bien-ban-hop-hoi-dong.docx"]);
    const proposal = docxText(docs[0]!.bytes);
    expect(proposal).toContain("Hà Trung, ngày 03 tháng 12 năm 2026");
    expect(proposal).toContain("cho 06 (sáu) cá nhân, tập thể, hộ gia đình, gồm:");
    expect(proposal.split("\n").filter((l) => /^\d \| /.test(l))).toHaveLength(6);
    const minutes = docxText(docs[1]!.bytes);
    expect(minutes).toContain("Thành viên Hội đồng có mặt: ……………/……………");
    expect(minutes).toContain("STT | Họ và tên cá nhân, tên tập thể, hộ gia đình | Hình thức đề nghị | Số phiếu đồng ý | Tỷ lệ (%) | Kết quả");
  });

  it("a round's biên bản carries the meeting's attendance and each nominee's tally", async () => {
    const { db, clock } = h.assistant;
    const round = await db.$transaction((tx) => createRound(tx, { unitId: "thanh-hoa/ha-trung", kind: "TONG_KET_NAM", year: 2026, title: "Bình xét thi đua năm 2026", deadline: "2026-12-10", createdById: "thu-ky", now: clock.now() }));
    const [school, household] = await Promise.all(["TDKT-2026-000004", "TDKT-2026-000005"].map((code) => db.dossier.update({ where: { code }, data: { roundId: round.id } })));
    await db.councilMeeting.create({
      data: {
        roundId: round.id, heldAt: new Date("2026-12-05T07:00:00Z"), endedAt: new Date("2026-12-05T09:30:00Z"), place: "Hội trường UBND xã Hà Trung", chair: "Lê Văn Bình", secretaryName: "Trần Thị Mai",
        memberCount: 9, presentCount: 8, recordedById: "thu-ky", recordedAt: clock.now(),
        votes: { create: [{ dossierId: school!.id, votesFor: 8, passed: true }, { dossierId: household!.id, votesFor: 4, passed: false }] },
      },
    });
    const docs = await h.assistant.documents.forRound(round.id, "2026-12-05");
    expect(docs.map((d) => d.fileName)).toEqual(["DX-2026-001-to-trinh.docx", "DX-2026-001-bien-ban-hop-hoi-dong.docx"]);
    const minutes = docxText(docs[1]!.bytes);
    expect(minutes).toContain("Thời gian: 14 giờ 00, ngày 05/12/2026.");
    expect(minutes).toContain("Chủ trì: Lê Văn Bình. Thư ký: Trần Thị Mai.");
    expect(minutes).toMatch(/Trường THCS Hà Trung \| Tập thể lao động tiên tiến \| 8 \| 88,9 \| Đạt/);
    expect(minutes).toMatch(/Nguyễn Văn Tư \| Gia đình văn hóa \| 4 \| 44,4 \| Không đạt/);
    expect(minutes).not.toContain("Nguyễn Thị Hoa");
  });

  it("each template's text matches its golden file", async () => {
    const goldens: Array<[string, string, string]> = [
      ["bao-cao-thanh-tich-ca-nhan", "TDKT-2026-000001", "BAO_CAO_THANH_TICH"],
      ["bao-cao-thanh-tich-dot-xuat", "TDKT-2026-000002", "BAO_CAO_THANH_TICH"],
      ["bao-cao-thanh-tich-chuyen-de", "TDKT-2026-000003", "BAO_CAO_THANH_TICH"],
      ["bao-cao-thanh-tich-tap-the", "TDKT-2026-000004", "BAO_CAO_THANH_TICH"],
      ["bao-cao-thanh-tich-ho-gia-dinh", "TDKT-2026-000005", "BAO_CAO_THANH_TICH"],
      ["to-trinh", "TDKT-2026-000001", "TO_TRINH"],
      ["bien-ban-hop-hoi-dong", "TDKT-2026-000004", "BIEN_BAN"],
      ["du-thao-quyet-dinh", "TDKT-2026-000001", "DU_THAO_QUYET_DINH"],
    ];
    for (const [name, code, kind] of goldens) {
      await expect(docxText(doc(code, kind).bytes) + "\n").toMatchFileSnapshot(`./__golden__/${name}.txt`);
    }
  });
});
