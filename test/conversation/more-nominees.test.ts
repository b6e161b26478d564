/**
 * "Thêm người nữa": after a nomination is sent, the next nominee's form keeps the shared answers
 * (kind of commendation, movement, award, year) and asks only the others; "quay lại" reaches the
 * kept ones; after 24 hours the form starts from the beginning; a kept award the next nominee
 * cannot hold is asked again; a citizen's good-deed report offers nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import type { OutgoingMessage } from "../../src/channels/channel-port.ts";
import { parseFlow } from "../../src/flows/load-flow.ts";
import { parseCommand } from "../../src/conversation/parse-command.ts";
import { GOOD_DEED_TO_PHOTOS } from "../support/good-deed-answers.ts";
import { nominationOfHoa, sayAll } from "../support/officer-scripts.ts";
import { testAssistant } from "../support/test-assistant.ts";

type Assistant = Awaited<ReturnType<typeof testAssistant>>;
let assistant: Assistant | undefined;
afterEach(async () => {
  await assistant?.close();
  assistant = undefined;
});

async function officer(chatId = "can-bo-nhieu-nguoi"): Promise<{ a: Assistant; chat: MemoryChat }> {
  const a = await testAssistant();
  assistant = a;
  return { a, chat: new MemoryChat(a.service, chatId) };
}

const text = (replies: OutgoingMessage[]) => replies.map((r) => [r.text, ...(r.choices ?? []).map((c) => `[${c.label}]`)].join("\n")).join("\n---\n");

/** Lê Văn Nam's own answers, from his category to the summary's "gửi". */
const NAM_AFTER_CATEGORY = ["hoan thanh xuat sac", "Lê Văn Nam", "nam", "12/08/1979", "bỏ qua", "Tổ trưởng tổ sản xuất thôn Tân Lập", "thon tan lap, ha trung",
  "Năm 2026 dẫn đầu thôn về năng suất lúa, hướng dẫn 20 hộ chuyển đổi giống mới, tham gia hiến 50 m² đất làm đường.", "khong", "bỏ qua", "bỏ qua", "đồng ý", "gửi"];

describe("thêm người nữa", () => {
  it("keeps the kind, movement, award and year of the nomination just sent and asks only the next nominee's answers", async () => {
    const { a, chat } = await officer();
    const sent = await sayAll(chat, nominationOfHoa().slice(0, -1));
    expect(sent).toContain("Vui lòng kiểm tra lại");
    const submitted = await chat.say("gửi");
    const done = submitted.find((m) => m.text.includes("TDKT-2026-000001"))!;
    expect(done.choices?.map((c) => c.label)).toEqual(["Tải hồ sơ (Word)", "Thêm người nữa"]);

    const more = text(await chat.say("thêm người nữa"));
    expect(more).toContain("Giữ nguyên: Công trạng, thường xuyên (tổng kết năm) · Lao động tiên tiến · Năm xét khen thưởng: 2026. Gõ “quay lại” để sửa.");
    expect(more).toContain("Câu 3: Người được đề nghị thuộc đối tượng nào?");
    expect(text(await chat.say("nong dan"))).toContain("đánh giá, xếp loại");
    await sayAll(chat, NAM_AFTER_CATEGORY);

    const nominations = await a.db.nomination.findMany({ orderBy: { nomineeName: "asc" } });
    expect(nominations.map((n) => n.nomineeName)).toEqual(["Lê Văn Nam", "Nguyễn Thị Hoa"]);
    for (const n of nominations) expect(n).toMatchObject({ awardCode: "LAO_DONG_TIEN_TIEN", year: 2026, achievementType: "THUONG_XUYEN" });
    expect(await a.db.dossier.count()).toBe(2);
  });

  it("is a button of the submission's message, on channels that press by position too", async () => {
    const { a, chat } = await officer("can-bo-nut");
    await sayAll(chat, nominationOfHoa().slice(0, -1));
    const submitted = await chat.say("gửi");
    const done = submitted.find((m) => m.choices?.length === 2)!;
    const pressed = await a.service.handle({ channel: "memory", chatId: chat.chatId, senderId: chat.chatId, messageId: "press-more", button: { scope: done.scope!, index: 1 } });
    expect(text(pressed)).toContain("Giữ nguyên: Công trạng");
    expect(text(pressed)).toContain("thuộc đối tượng nào");
  });

  it("goes back from the first question of the next nominee through the kept year to the kept award, and on after a change", async () => {
    const { a, chat } = await officer("can-bo-quay-lai");
    await sayAll(chat, nominationOfHoa());
    await chat.say("them nguoi nua");
    expect(text(await chat.say("quay lại"))).toContain("năm nào");
    expect(text(await chat.say("quay lại"))).toContain("Đề nghị tặng danh hiệu hoặc hình thức khen thưởng nào?");
    // A new award: the next nominee's own first question comes back, then the new award's criteria.
    expect(text(await chat.say("chien si thi dua co so"))).toContain("thuộc đối tượng nào");
    expect(text(await chat.say("nong dan"))).toContain("đánh giá, xếp loại");
    await sayAll(chat, ["hoan thanh xuat sac", "co", "khong"]);
    await sayAll(chat, NAM_AFTER_CATEGORY.slice(1));
    const nam = await a.db.nomination.findFirstOrThrow({ where: { nomineeName: "Lê Văn Nam" } });
    expect(nam).toMatchObject({ awardCode: "CSTD_CO_SO", year: 2026, achievementType: "THUONG_XUYEN" });
  });

  it("asks again a kept award the next nominee may not hold", async () => {
    const { chat } = await officer("can-bo-chien-si");
    await sayAll(chat, nominationOfHoa());
    await chat.say("/themnguoi");
    const asked = text(await chat.say("chien si"));
    expect(asked).toContain("Câu trả lời giữ từ hồ sơ trước (“Lao động tiên tiến”) không phù hợp với đối tượng này");
    expect(asked).toContain("Đề nghị tặng danh hiệu hoặc hình thức khen thưởng nào?");
    // The year is still kept: the new award's own question follows.
    expect(text(await chat.say("chien si tien tien"))).toContain("đánh giá, xếp loại");
  });

  it("works for collectives: the next school's name, kind and unit, then its own counts", async () => {
    const { a, chat } = await officer("can-bo-tap-the");
    const school = (name: string) => [name, "truong hoc", "ha trung"];
    const counts = ["50", "32", "0", "Nguyễn Văn Bình", "khong", "bỏ qua"];
    const story = "Năm học 2025–2026 nhà trường có 100% học sinh lên lớp, 12 học sinh giỏi cấp tỉnh, không có cán bộ bị kỷ luật.";
    await sayAll(chat, ["/dexuattapthe", ...school("Trường THCS Hà Trung"), "binh xet cuoi nam", "bỏ qua", "tap the lao dong tien tien", "2026", ...counts, story, "bỏ qua", "co", "gửi"]);
    const more = text(await chat.say("thêm người nữa"));
    expect(more).toContain("Giữ nguyên: Công trạng, thường xuyên (tổng kết năm) · Tập thể lao động tiên tiến · Năm xét khen thưởng: 2026.");
    expect(more).toContain("Câu 1: ");
    await sayAll(chat, school("Trường Tiểu học Hà Trung").slice(0, 2));
    const asked = text(await chat.say("ha trung"));
    expect(asked).toContain("thành viên");
    await sayAll(chat, [...counts, story, "bỏ qua", "co", "gửi"]);
    const names = (await a.db.nomination.findMany({ orderBy: { nomineeName: "asc" } })).map((n) => [n.nomineeName, n.awardCode, n.year]);
    expect(names).toEqual([["Trường THCS Hà Trung", "TAP_THE_LDTT", 2026], ["Trường Tiểu học Hà Trung", "TAP_THE_LDTT", 2026]]);
  });

  it("starts from the beginning, with a note, more than 24 hours after the submission", async () => {
    const { a, chat } = await officer("can-bo-hom-sau");
    await sayAll(chat, nominationOfHoa());
    a.clock.advance(25 * 3_600_000);
    const later = text(await chat.say("thêm người nữa"));
    expect(later).toContain("đã quá 24 giờ");
    expect(later).toContain("Câu 1: Đề nghị khen thưởng theo loại nào?");
    expect(later).not.toContain("Giữ nguyên");
  });

  it("with a form open, asks to finish it first", async () => {
    const { chat } = await officer("can-bo-dang-dien");
    await sayAll(chat, nominationOfHoa());
    await sayAll(chat, ["/dexuat", "binh xet cuoi nam"]);
    const refused = text(await chat.say("thêm người nữa"));
    expect(refused).toContain("đang điền dở");
    expect(refused).toContain("phong trào");
  });

  it("is not offered after a citizen's good-deed report, and a citizen typing it is shown the menu", async () => {
    const a = await testAssistant({ trustedChannels: [] });
    assistant = a;
    const chat = new MemoryChat(a.service, "cong-dan");
    await sayAll(chat, [...GOOD_DEED_TO_PHOTOS, "xong", "có", "đồng ý"]);
    const replies = await chat.say("gửi");
    const done = replies.find((m) => m.text.includes("Mã tin báo"));
    expect(done).toBeDefined();
    expect(text(replies)).not.toContain("Thêm người nữa");
    const typed = text(await chat.say("them nguoi nua"));
    expect(typed).toContain("Chưa có hồ sơ đề nghị nào bạn vừa gửi");
    expect(typed).toContain("[Báo gương người tốt, việc tốt]");
  });

  it("is recognised typed with or without diacritics, as a slash command and in English", () => {
    for (const typed of ["thêm người nữa", "Them nguoi nua", "/themnguoi", "add another", "THÊM MỘT NGƯỜI NỮA"]) {
      expect(parseCommand(typed), typed).toEqual({ name: "more-nominees" });
    }
    expect(parseCommand("thêm người nữa đi")).toBeNull();
  });

  it("is declared per step in the flow file, and refused on steps each run gives its own", () => {
    const flow = (extra: string) => `id: t\nspecVersion: 1\nrevision: 1\nrecord: good-deed-report\nroles: [officer]\ntitle: { vi: T }\ndescription: { vi: D }\nintro: { vi: I }\nsteps:\n  - id: year\n    kind: number\n    shared: true\n    prompt: { vi: Năm? }\n${extra}`;
    expect(() => parseFlow("t.yaml", flow("  - id: ok\n    kind: consent\n    shared: true\n    prompt: { vi: Đồng ý? }\n    statement: { vi: Tôi cam đoan }\n"))).toThrow(/step\[id=ok\]: a consent step cannot be shared/);
  });
});
