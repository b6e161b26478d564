/**
 * Golden transcripts: whole Vietnamese conversations, with the messy input people really type,
 * run through the real service on a real migrated SQLite file. Each step states what the reply
 * must contain; the full transcript is also compared with a golden file in __golden__/, and the
 * stored record and dossier are checked at the end.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { testAssistant } from "../support/test-assistant.ts";
import type { Assistant } from "../../src/build-assistant.ts";

type Turn = [input: string | { press: string }, ...expected: string[]];

let assistant: Assistant | undefined;
afterEach(async () => {
  await assistant?.close();
  assistant = undefined;
});

/** Plays the turns as an officer (the memory channel is trusted), or as a citizen when asked. */
async function play(chatId: string, turns: Turn[], as: "officer" | "citizen" = "officer"): Promise<{ chat: MemoryChat; a: Assistant }> {
  const a = await testAssistant(as === "citizen" ? { trustedChannels: [] } : {});
  assistant = a;
  const chat = new MemoryChat(a.service, chatId);
  for (const [input, ...expected] of turns) {
    const replies = typeof input === "string" ? await chat.say(input) : await chat.press(input.press);
    const text = replies.map((r) => [r.text, ...(r.choices ?? []).map((c) => `[${c.label}]`)].join("\n")).join("\n---\n");
    for (const e of expected) expect(text, `after ${JSON.stringify(input)}`).toContain(e);
  }
  return { chat, a };
}

function transcriptText(chat: MemoryChat): string {
  return chat.transcript.map((l) => `${l.from === "person" ? ">" : "<"} ${l.text}`).join("\n") + "\n";
}

const NFD = (s: string) => s.normalize("NFD");

describe("golden transcript: báo gương người tốt, việc tốt", () => {
  it("a citizen reports a rescue with messy input, edits the summary and gets a code", async () => {
    const { chat, a } = await play("citizen-1", [
      ["/start", "Xin chào! Tôi là trợ lý Thi đua – Khen thưởng", "[Báo gương người tốt, việc tốt]"],
      ["bao guong", "Trước khi bắt đầu", "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15", "“xóa dữ liệu”"],
      ["không", "Vì bạn chưa đồng ý, tôi dừng lại", "Ủy ban nhân dân xã, phường nơi xảy ra việc tốt"],
      ["bao guong", "Trước khi bắt đầu"],
      [{ press: "YES" }, "Câu 2:"],
      ["mot nguoi", "Câu 3:"],
      [NFD("Ðặng Văn Hùng"), "số điện thoại"],
      ["bỏ qua", "thuộc loại nào"],
      ["cuu nguoi", "kể ngắn gọn"],
      ["Cứu người", "hơi ngắn"],
      [NFD("Chiều 20/11, anh Hùng đã nhảy xuống sông Hoạt cứu hai em học sinh bị đuối nước, rồi đưa các em lên bờ an toàn."), "ngày nào"],
      ["30/11/2026", "Ngày này chưa đến"],
      ["31/02/2026", "Ngày chưa hợp lệ"],
      ["20-11-2026", "xảy ra ở"],
      ["tan lap", "[Thôn Tân Lập, Xã Hà Trung]", "[Thôn Tân Lập, Phường Kon Tum]"],
      ["quay lại", "xảy ra vào ngày nào"],
      ["20.11.2026", "xảy ra ở"],
      ["tk2 ha trung", "ảnh"],
      ["xong", "ẩn danh"],
      ["ko", "Họ và tên của bạn"],
      ["Lê Thị Mai", "Số điện thoại của bạn"],
      ["0912 345 67", "Số điện thoại chưa đúng"],
      ["+84 912.345.678", "đồng ý cho công khai"],
      ["chua hoi", "Vui lòng kiểm tra lại", "Tiểu khu 2, Xã Hà Trung", "+84912345678", "[Gửi]"],
      ["12", "đồng ý cho công khai"],
      ["da dong y", "Vui lòng kiểm tra lại", "Đã đồng ý"],
      ["gửi", "Mã tin báo: TDKT-2026-000001"],
      ["trạng thái", "TDKT-2026-000001", "đang chờ chuyển cán bộ xác minh"],
    ], "citizen");
    await expect(transcriptText(chat)).toMatchFileSnapshot("./__golden__/good-deed-report.txt");

    const report = await a.db.goodDeedReport.findFirstOrThrow();
    expect(report).toMatchObject({
      subjectKind: "CA_NHAN",
      subjectName: "Đặng Văn Hùng",
      category: "CUU_NGUOI",
      occurredOn: "2026-11-20",
      unitId: "thanh-hoa/ha-trung/tk-2",
      anonymous: false,
      reporterName: "Lê Thị Mai",
      reporterPhone: "+84912345678",
      subjectConsent: "DONG_Y",
      status: "MOI",
    });
    expect(report.story.startsWith("Chiều 20/11")).toBe(true);
    expect(report.story).toBe(report.story.normalize("NFC"));
    const dossier = await a.db.dossier.findUniqueOrThrow({ where: { code: "TDKT-2026-000001" } });
    expect(dossier).toMatchObject({ kind: "GOOD_DEED_REPORT", status: "QUEUED", payloadVersion: 1, goodDeedReportId: report.id });
    expect(dossier.payload).toMatchObject({
      schema: "tdkt.dossier",
      version: 1,
      unit: { path: ["Tỉnh Thanh Hóa", "Xã Hà Trung", "Tiểu khu 2"] },
      goodDeedReport: { reporter: { anonymous: false, phone: "+84912345678" } },
    });
    const job = await a.db.outboxJob.findFirstOrThrow();
    expect(job).toMatchObject({ kind: "forward-dossier", status: "PENDING", idempotencyKey: `forward-dossier:${dossier.id}`, attempts: 0 });
    expect(job.payload).toEqual({ dossierId: dossier.id, code: "TDKT-2026-000001" });
    const [declined, draft] = await a.db.draft.findMany({ orderBy: { createdAt: "asc" } });
    expect(declined).toMatchObject({ status: "CANCELLED", answers: {} });
    expect(draft?.status).toBe("SUBMITTED");
    expect((await a.db.auditLog.findMany()).map((e) => e.action)).toEqual(["user.created", "draft.started", "draft.cancelled", "draft.started", "dossier.submitted"]);
  });

  it("an anonymous report skips the reporter's name and phone", async () => {
    const { a } = await play("citizen-2", [
      ["/baotin", "Trước khi bắt đầu"],
      ["đồng ý", "một người hay một tập thể"],
      ["Tôi không rõ", "thuộc loại nào"],
      ["tra lai cua roi", "kể ngắn gọn"],
      ["Một bạn học sinh nhặt được ví có 5 triệu đồng ở chợ Hà Trung và đã nộp lại cho công an xã.", "ngày nào"],
      ["hôm qua", "xảy ra ở"],
      ["xa ha trung", "ảnh"],
      ["bỏ qua", "ẩn danh"],
      ["có", "đồng ý cho công khai"],
      ["2", "Vui lòng kiểm tra lại", "Báo tin ẩn danh: Có"],
      [{ press: "SUBMIT" }, "TDKT-2026-000001"],
    ]);
    const report = await a.db.goodDeedReport.findFirstOrThrow();
    expect(report).toMatchObject({ anonymous: true, reporterName: null, reporterPhone: null, subjectKind: "CHUA_RO", subjectName: null, occurredOn: "2026-11-24", unitId: "thanh-hoa/ha-trung" });
  });
});

describe("golden transcript: đề nghị khen thưởng cá nhân", () => {
  it("an officer nominates a farmer with typed answers without diacritics", async () => {
    const { chat, a } = await play("officer-1", [
      ["/dexuat", "đề nghị khen thưởng cho một cá nhân"],
      ["binh xet cuoi nam", "phong trào"],
      ["Cả nước chung sức xây dựng nông thôn mới", "đối tượng"],
      ["lao dong truc tiep", "danh hiệu", "[Lao động tiên tiến]", "[Chiến sĩ thi đua cơ sở]"],
      ["chien si thi dua co so", "Thẩm quyền quyết định: Chủ tịch UBND cấp xã (NĐ 129/2025/NĐ-CP, Điều 59)", "Tiêu chuẩn chính", "năm nào"],
      ["2026", "xếp loại"],
      ["xuat sac", "Lao động tiên tiến"],
      ["co", "sáng kiến"],
      ["khong", "Họ và tên"],
      [NFD("nguyễn thị   hoa"), "Giới tính"],
      ["nu", "Ngày sinh"],
      ["5/3/85", "Số định danh cá nhân"],
      ["03818500123", "12 chữ số"],
      ["038 085 001 234", "không khớp"],
      ["Trưởng thôn Tân Lập", "cư trú"],
      ["thon tan lap, ha trung", "tóm tắt thành tích"],
      ["Làm tốt.", "ít nhất 50"],
      ["Năm 2026 vận động 45 hộ hiến 1.200 m² đất làm đường giao thông nông thôn, thu gom rác thải đạt 100%, thôn đạt chuẩn văn hóa.", "thanh tra"],
      ["khong", "đã nhận"],
      ["2025: Lao động tiên tiến, QĐ số 15/QĐ-UBND ngày 10/01/2026", "minh chứng"],
      ["bỏ qua", "cam đoan"],
      ["đồng ý", "Vui lòng kiểm tra lại", "Nguyễn Thị Hoa", "05/03/1985", "038085001234", "Chiến sĩ thi đua cơ sở", "[Gửi]"],
      ["gui", "Mã hồ sơ: TDKT-2026-000001"],
    ]);
    await expect(transcriptText(chat)).toMatchFileSnapshot("./__golden__/nomination-individual.txt");
    expect(transcriptText(chat)).not.toContain("Lưu ý: theo các câu trả lời");
    const nomination = await a.db.nomination.findFirstOrThrow();
    expect(nomination).toMatchObject({
      nomineeKind: "CA_NHAN",
      nomineeName: "Nguyễn Thị Hoa",
      gender: "NU",
      birthDate: "1985-03-05",
      subjectCategory: "NGUOI_LAO_DONG_TRUC_TIEP",
      awardCode: "CSTD_CO_SO",
      achievementType: "THUONG_XUYEN",
      movement: "Cả nước chung sức xây dựng nông thôn mới",
      unitId: "thanh-hoa/ha-trung/thon-tan-lap",
      year: 2026,
    });
    const dossier = await a.db.dossier.findFirstOrThrow();
    expect(dossier.payload).toMatchObject({
      kind: "NOMINATION_INDIVIDUAL",
      nomination: {
        nominee: { fullName: "Nguyễn Thị Hoa", nationalId: "038085001234" },
        award: { code: "CSTD_CO_SO", name: "Chiến sĩ thi đua cơ sở", grantedBy: "Chủ tịch UBND xã Hà Trung" },
        attestation: { text: expect.stringContaining("Tôi cam đoan") },
        year: 2026,
        criteriaAnswers: { taskCompletion: "HOAN_THANH_XUAT_SAC", advancedThisYear: true, hasInitiative: false, pendingReview: false, priorAwards: "2025: Lao động tiên tiến, QĐ số 15/QĐ-UBND ngày 10/01/2026" },
        eligibility: { grantor: { title: "Chủ tịch UBND xã Hà Trung", basis: "NĐ 129/2025/NĐ-CP, Điều 59", upward: false }, failed: [] },
      },
    });
  });

  it("a CSTĐ cơ sở without Lao động tiên tiến this year is explained with Điều 23, corrected, then sent", async () => {
    const { chat, a } = await play("officer-4", [
      ["/dexuat", "đề nghị khen thưởng cho một cá nhân"],
      ["cong trang", "phong trào"],
      ["bỏ qua", "đối tượng"],
      ["cong chuc", "danh hiệu"],
      ["chien si thi dua co so", "Chủ tịch UBND cấp xã"],
      ["2026", "xếp loại"],
      ["hoan thanh tot", "Lao động tiên tiến"],
      ["khong", "sáng kiến"],
      ["co", "Tên sáng kiến"],
      ["Số hóa hồ sơ hộ tịch, QĐ số 20/QĐ-UBND ngày 05/11/2026", "Họ và tên"],
      ["Lê Văn Nam", "Giới tính"],
      ["nam", "Ngày sinh"],
      ["12/08/1990", "Số định danh cá nhân"],
      ["bỏ qua", "Chức vụ"],
      ["Công chức Tư pháp – Hộ tịch", "cư trú"],
      ["ha trung", "tóm tắt thành tích"],
      ["Năm 2026 số hóa toàn bộ 12.000 trang sổ hộ tịch của xã, giải quyết 100% hồ sơ đúng hạn, được Sở Tư pháp biểu dương.", "thanh tra"],
      ["khong", "đã nhận"],
      ["bỏ qua", "minh chứng"],
      ["bỏ qua", "cam đoan"],
      [
        "đồng ý",
        "Lưu ý: theo các câu trả lời, hồ sơ chưa đáp ứng tiêu chuẩn sau:",
        "⚠ Chiến sĩ thi đua cơ sở cần đạt Lao động tiên tiến (hoặc Chiến sĩ tiên tiến) trong năm xét (Luật TĐKT 2022, Điều 23); hồ sơ ghi: Đạt Lao động tiên tiến năm xét: Không.",
        "[Vẫn gửi]",
      ],
      ["sửa 7", "Lao động tiên tiến"],
      ["co", "Vui lòng kiểm tra lại", "[Gửi]"],
      ["gửi", "Mã hồ sơ: TDKT-2026-000001"],
    ]);
    await expect(transcriptText(chat)).toMatchFileSnapshot("./__golden__/nomination-individual-cstd-without-ldtt.txt");
    const dossier = await a.db.dossier.findFirstOrThrow();
    expect(dossier.payload).toMatchObject({ nomination: { eligibility: { failed: [] }, criteriaAnswers: { advancedThisYear: true } } });
  });

  it("a pupil's rescue gets a Giấy khen as đột xuất, granted by the commune chair of the pupil's commune", async () => {
    const { chat, a } = await play("officer-5", [
      ["/dexuat", "đề nghị khen thưởng cho một cá nhân"],
      ["dot xuat", "đối tượng"],
      ["hoc sinh", "danh hiệu", "[Giấy khen của Chủ tịch UBND cấp xã]"],
      ["giay khen", "Thẩm quyền quyết định: Chủ tịch UBND cấp xã", "năm nào"],
      ["2026", "Họ và tên"],
      ["Phạm Minh Khôi", "Giới tính"],
      ["nam", "Ngày sinh"],
      ["12/05/2014", "Số định danh cá nhân"], // 12 years old: no minimum age in the law
      ["bỏ qua", "Chức vụ"],
      ["Học sinh lớp 6, Trường THCS Hà Trung", "cư trú"],
      ["tk2 ha trung", "tóm tắt thành tích"],
      ["Chiều 20/11/2026, em Khôi đã nhảy xuống sông Hoạt cứu hai em nhỏ bị đuối nước, đưa các em lên bờ an toàn.", "thanh tra"],
      ["khong", "đã nhận"],
      ["bỏ qua", "minh chứng"],
      ["bỏ qua", "cam đoan"],
      ["đồng ý", "Vui lòng kiểm tra lại", "Đột xuất", "Giấy khen của Chủ tịch UBND cấp xã", "[Gửi]"],
      ["gửi", "Mã hồ sơ: TDKT-2026-000001"],
    ]);
    await expect(transcriptText(chat)).toMatchFileSnapshot("./__golden__/nomination-individual-pupil-rescue.txt");
    expect(transcriptText(chat)).not.toContain("[Lao động tiên tiến]");
    const dossier = await a.db.dossier.findFirstOrThrow();
    expect(dossier.payload).toMatchObject({
      nomination: {
        achievementType: "DOT_XUAT",
        award: { code: "GIAY_KHEN_CT_UBND_XA", grantedBy: "Chủ tịch UBND xã Hà Trung" },
        eligibility: { grantor: { awardTitle: "Giấy khen của Chủ tịch UBND xã Hà Trung" }, failed: [] },
      },
    });
  });

  it("a citizen is told the nomination is for officers", async () => {
    const a = await testAssistant();
    assistant = a;
    const replies = await a.service.handle({ channel: "telegram", chatId: "42", senderId: "42", messageId: "1", text: "/dexuat" });
    expect(replies[0]?.text).toContain("chỉ dành cho cán bộ");
    expect(replies[1]?.choices?.map((c) => c.value)).toEqual(["flow:good-deed-report"]);
    expect(await a.db.draft.count()).toBe(0);
  });
});

describe("golden transcript: đề nghị khen thưởng tập thể", () => {
  it("an officer nominates a school, with a count above the members refused", async () => {
    const { chat, a } = await play("officer-2", [
      ["/start", "Đề nghị khen thưởng tập thể"],
      [{ press: "flow:nomination-collective" }, "tập thể được đề nghị"],
      ["Trường THCS Hà Trung", "thuộc loại nào"],
      ["truong hoc", "Tập thể này ở"],
      ["ha trung", "theo loại nào"],
      ["binh xet cuoi nam", "phong trào"],
      ["bỏ qua", "danh hiệu", "[Tập thể lao động tiên tiến]", "[Tập thể lao động xuất sắc]"],
      ["tap the lao dong tien tien", "Thẩm quyền quyết định: Chủ tịch UBND xã Hà Trung (NĐ 129/2025/NĐ-CP, Điều 59)", "Tiêu chuẩn chính: cần trên 50 % thành viên"],
      ["2026", "thành viên"],
      ["45 người", "Lao động tiên tiến"],
      ["46", "45"],
      ["32", "kỷ luật"],
      ["0", "người đứng đầu"],
      ["Nguyễn Văn Bình", "thanh tra"],
      ["khong", "đã nhận"],
      ["bỏ qua", "tóm tắt thành tích"],
      ["Năm học 2025–2026 nhà trường có 100% học sinh lên lớp, 12 học sinh giỏi cấp tỉnh, không có cán bộ bị kỷ luật.", "minh chứng"],
      ["xong", "cam đoan"],
      ["co", "Vui lòng kiểm tra lại", "Trường THCS Hà Trung", "45", "32"],
      ["sửa 8", "thành viên"],
      ["50", "Vui lòng kiểm tra lại", "50"],
      ["gửi", "TDKT-2026-000001"],
    ]);
    await expect(transcriptText(chat)).toMatchFileSnapshot("./__golden__/nomination-collective.txt");
    expect(transcriptText(chat)).not.toContain("[Thôn, tổ dân phố văn hóa]");
    const nomination = await a.db.nomination.findFirstOrThrow();
    expect(nomination).toMatchObject({ nomineeKind: "TAP_THE", collectiveKind: "TRUONG_HOC", memberCount: 50, advancedWorkerCount: 32, awardCode: "TAP_THE_LDTT", achievementType: "THUONG_XUYEN", movement: null });
    const dossier = await a.db.dossier.findFirstOrThrow();
    expect(dossier.payload).toMatchObject({ nomination: { collective: { advancedWorkerPercent: 64 }, criteriaAnswers: { disciplinedCount: 0, headName: "Nguyễn Văn Bình" }, eligibility: { failed: [] } } });
  });

  it("an ineligible TTLĐXS is explained with Điều 27 and the numbers, and sent anyway with the warning recorded", async () => {
    const { chat, a } = await play("officer-6", [
      ["/dexuattapthe", "tập thể được đề nghị"],
      ["Trường Mầm non Hà Trung", "thuộc loại nào"],
      ["truong hoc", "Tập thể này ở"],
      ["ha trung", "theo loại nào"],
      ["binh xet cuoi nam", "phong trào"],
      ["bỏ qua", "danh hiệu"],
      ["tap the lao dong xuat sac", "Thẩm quyền quyết định: Chủ tịch UBND tỉnh Thanh Hóa", "trình cấp trên", "Tiêu chuẩn chính: cần ít nhất 70 % thành viên"],
      ["2026", "thành viên"],
      ["10", "Lao động tiên tiến"],
      ["2", "Chiến sĩ thi đua cơ sở"],
      ["1", "tất cả thành viên"],
      ["co", "kỷ luật"],
      ["0", "người đứng đầu"],
      ["bỏ qua", "thanh tra"],
      ["khong", "đã nhận"],
      ["bỏ qua", "tóm tắt thành tích"],
      ["Năm học 2025–2026 nhà trường nuôi dạy 180 cháu, 100% cháu được ăn bán trú, không có tai nạn, được công nhận trường chuẩn quốc gia mức 2.", "minh chứng"],
      ["xong", "cam đoan"],
      [
        "co",
        "⚠ Tập thể lao động xuất sắc cần ít nhất 70 % thành viên đạt Lao động tiên tiến (Luật TĐKT 2022, Điều 27); hồ sơ ghi 2/10 = 20 %.",
        "[Vẫn gửi]",
      ],
      ["gửi", "TDKT-2026-000001"],
    ]);
    await expect(transcriptText(chat)).toMatchFileSnapshot("./__golden__/nomination-collective-ttldxs-ineligible.txt");
    const dossier = await a.db.dossier.findFirstOrThrow();
    expect(dossier.payload).toMatchObject({
      nomination: {
        award: { code: "TAP_THE_LDXS", grantedBy: "Chủ tịch UBND tỉnh Thanh Hóa" },
        eligibility: {
          grantor: { upward: true },
          failed: [{ rule: "share", article: "Luật TĐKT 2022, Điều 27", explanation: "Tập thể lao động xuất sắc cần ít nhất 70 % thành viên đạt Lao động tiên tiến (Luật TĐKT 2022, Điều 27); hồ sơ ghi 2/10 = 20 %." }],
        },
      },
    });
  });

  it("an eligible TTLĐXS in Hà Nội is proposed to the chair of the city, with no warning", async () => {
    const { chat, a } = await play("officer-7", [
      ["/dexuattapthe", "tập thể được đề nghị"],
      ["Trường Tiểu học Hoàn Kiếm", "thuộc loại nào"],
      ["truong hoc", "Tập thể này ở"],
      ["hoan kiem", "theo loại nào"],
      ["binh xet cuoi nam", "phong trào"],
      ["bỏ qua", "danh hiệu"],
      ["tap the lao dong xuat sac", "Thẩm quyền quyết định: Chủ tịch UBND thành phố Hà Nội", "trình cấp trên"],
      ["2026", "thành viên"],
      ["40", "Lao động tiên tiến"],
      ["30", "Chiến sĩ thi đua cơ sở"],
      ["3", "tất cả thành viên"],
      ["co", "kỷ luật"],
      ["0", "người đứng đầu"],
      ["Trần Thu Hà", "thanh tra"],
      ["khong", "đã nhận"],
      ["2025: Tập thể lao động tiên tiến, QĐ số 101/QĐ-UBND ngày 15/01/2026", "tóm tắt thành tích"],
      ["Năm học 2025–2026 có 100% học sinh hoàn thành chương trình lớp học, 25 giải học sinh giỏi cấp thành phố, 3 sáng kiến được công nhận.", "minh chứng"],
      ["xong", "cam đoan"],
      ["co", "Vui lòng kiểm tra lại", "[Gửi]"],
      ["gửi", "TDKT-2026-000001"],
    ]);
    await expect(transcriptText(chat)).toMatchFileSnapshot("./__golden__/nomination-collective-ttldxs-eligible.txt");
    expect(transcriptText(chat)).not.toContain("⚠");
    const dossier = await a.db.dossier.findFirstOrThrow();
    expect(dossier.payload).toMatchObject({ nomination: { award: { grantedBy: "Chủ tịch UBND thành phố Hà Nội" }, eligibility: { grantor: { awardTitle: "Tập thể lao động xuất sắc" }, failed: [] } } });
  });

  it("an enterprise's collective is proposed to its director (Điều 80.4)", async () => {
    const { chat, a } = await play("officer-8", [
      ["/dexuattapthe", "tập thể được đề nghị"],
      ["Phân xưởng May 1, Công ty TNHH May Hà Trung", "thuộc loại nào"],
      ["doanh nghiep", "Tập thể này ở"],
      ["ha trung", "theo loại nào"],
      ["binh xet cuoi nam", "phong trào"],
      ["bỏ qua", "danh hiệu", "[Giấy khen của Tổng giám đốc, Giám đốc doanh nghiệp, hợp tác xã]"],
      ["tap the lao dong tien tien", "Thẩm quyền quyết định: Tổng giám đốc, Giám đốc doanh nghiệp (Luật TĐKT 2022, Điều 80.4)"],
      ["2026", "thành viên"],
      ["120", "Lao động tiên tiến"],
      ["80", "kỷ luật"],
      ["0", "người đứng đầu"],
      ["bỏ qua", "thanh tra"],
      ["khong", "đã nhận"],
      ["bỏ qua", "tóm tắt thành tích"],
      ["Năm 2026 phân xưởng vượt kế hoạch sản lượng 12%, không có tai nạn lao động, 100% công nhân được đóng bảo hiểm xã hội đầy đủ.", "minh chứng"],
      ["xong", "cam đoan"],
      ["co", "Vui lòng kiểm tra lại", "[Gửi]"],
      ["gửi", "TDKT-2026-000001"],
    ]);
    await expect(transcriptText(chat)).toMatchFileSnapshot("./__golden__/nomination-collective-enterprise.txt");
    const dossier = await a.db.dossier.findFirstOrThrow();
    expect(dossier.payload).toMatchObject({ nomination: { award: { code: "TAP_THE_LDTT", grantedBy: "Tổng giám đốc, Giám đốc doanh nghiệp" }, eligibility: { grantor: { basis: "Luật TĐKT 2022, Điều 80.4" }, failed: [] } } });
  });

  it("cancel ends the draft without a dossier and keeps its answers", async () => {
    const { a } = await play("officer-3", [
      ["/dexuattapthe", "tập thể được đề nghị"],
      ["Hợp tác xã Nông nghiệp Hà Trung", "thuộc loại nào"],
      ["hủy", "Đã hủy"],
    ]);
    const draft = await a.db.draft.findFirstOrThrow();
    expect(draft.status).toBe("CANCELLED");
    expect(draft.answers).toMatchObject({ collectiveName: "Hợp tác xã Nông nghiệp Hà Trung" });
    expect(await a.db.dossier.count()).toBe(0);
  });
});

describe("golden transcript: đề nghị khen thưởng hộ gia đình", () => {
  it("an officer nominates a household in Tân Lập for Gia đình văn hóa", async () => {
    const { chat, a } = await play("officer-hh-1", [
      ["/start", "Đề nghị khen thưởng hộ gia đình"],
      [{ press: "flow:nomination-household" }, "chủ hộ"],
      ["Nguyễn Văn Tư", "ở thôn"],
      ["tan lap, ha trung", "theo loại nào"],
      ["cong trang", "phong trào"],
      ["bỏ qua", "danh hiệu"],
      ["gia dinh van hoa", "Thẩm quyền quyết định: Chủ tịch UBND xã Hà Trung", "năm nào"],
      ["2026", "nhân khẩu"],
      ["5", "Tóm tắt"],
      ["Cả gia đình chấp hành tốt pháp luật, 2 cháu học sinh giỏi, tích cực tham gia vệ sinh thôn xóm.", "thanh tra"],
      ["khong", "đã được công nhận"],
      ["2025: Gia đình văn hóa", "minh chứng"],
      ["bỏ qua", "cam đoan"],
      ["co", "Vui lòng kiểm tra lại", "Chủ hộ: Nguyễn Văn Tư", "Thôn Tân Lập, Xã Hà Trung", "Gia đình văn hóa"],
      ["gửi", "TDKT-2026-000001"],
    ]);
    await expect(transcriptText(chat)).toMatchFileSnapshot("./__golden__/nomination-household.txt");
    const nomination = await a.db.nomination.findFirstOrThrow();
    expect(nomination).toMatchObject({ nomineeKind: "HO_GIA_DINH", nomineeName: "Nguyễn Văn Tư", memberCount: 5, awardCode: "GIA_DINH_VAN_HOA", achievementType: "THUONG_XUYEN", year: 2026, unitId: "thanh-hoa/ha-trung/thon-tan-lap" });
    const dossier = await a.db.dossier.findFirstOrThrow();
    expect(dossier.kind).toBe("NOMINATION_HOUSEHOLD");
    expect(dossier.payload).toMatchObject({
      kind: "NOMINATION_HOUSEHOLD",
      flow: { id: "nomination-household", revision: 2 },
      nomination: {
        household: { headName: "Nguyễn Văn Tư", memberCount: 5, unit: { id: "thanh-hoa/ha-trung/thon-tan-lap", name: "Thôn Tân Lập, Xã Hà Trung", path: ["Tỉnh Thanh Hóa", "Xã Hà Trung", "Thôn Tân Lập"] } },
        award: { code: "GIA_DINH_VAN_HOA", name: "Gia đình văn hóa", grantedBy: "Chủ tịch UBND xã Hà Trung" },
        achievementType: "THUONG_XUYEN",
        movement: null,
        year: 2026,
        criteriaAnswers: { pendingReview: false, priorAwards: "2025: Gia đình văn hóa" },
        eligibility: { grantor: { title: "Chủ tịch UBND xã Hà Trung", upward: false }, failed: [] },
      },
    });
  });

  it("a household that donated land gets a Giấy khen proposal (đột xuất), started by /dexuathogiadinh", async () => {
    const { chat, a } = await play("officer-hh-2", [
      ["/dexuathogiadinh", "chủ hộ"],
      ["Lê Thị Hằng", "ở thôn"],
      ["tk2 ha trung", "theo loại nào"],
      ["dot xuat", "danh hiệu", "[Giấy khen của Chủ tịch UBND cấp xã]"],
      ["giay khen", "Thẩm quyền quyết định: Chủ tịch UBND xã Hà Trung", "năm nào"],
      ["2026", "nhân khẩu"],
      ["bỏ qua", "Tóm tắt"],
      ["hiến đất", "ngắn"],
      ["Hiến 300 m² đất làm đường liên thôn", "thanh tra"],
      ["khong", "đã được công nhận"],
      ["bỏ qua", "minh chứng"],
      ["bỏ qua", "cam đoan"],
      ["dong y", "Vui lòng kiểm tra lại", "Hiến 300 m² đất làm đường liên thôn"],
      ["gửi", "TDKT-2026-000001"],
    ]);
    await expect(transcriptText(chat)).toMatchFileSnapshot("./__golden__/nomination-household-land.txt");
    expect(transcriptText(chat)).not.toContain("[Gia đình văn hóa]");
    const dossier = await a.db.dossier.findFirstOrThrow();
    expect(dossier.payload).toMatchObject({
      kind: "NOMINATION_HOUSEHOLD",
      nomination: {
        household: { headName: "Lê Thị Hằng", memberCount: null, unit: { id: "thanh-hoa/ha-trung/tk-2" } },
        award: { code: "GIAY_KHEN_CT_UBND_XA", grantedBy: "Chủ tịch UBND xã Hà Trung" },
        achievementType: "DOT_XUAT",
        movement: null,
        summary: "Hiến 300 m² đất làm đường liên thôn",
      },
    });
  });
});
