/**
 * Golden transcript: places typed as people type them, on an installation that serves four
 * provinces of the national list (Hà Nội, Thanh Hóa, Quảng Ngãi, An Giang: UNITS_PROVINCES) with
 * the villages two communes imported. Without diacritics and with the province after the name, a
 * special zone, a former thị trấn and district, a former province, a misspelled commune and a
 * village two communes have. One report, the place answered again and again with "quay lại";
 * the transcript is compared with __golden__/places-national.txt.
 */
import { afterEach, describe, expect, it } from "vitest";
import { importUnitsCsv } from "../../src/admin/import-units-csv.ts";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { testAssistant, testClock } from "../support/test-assistant.ts";
import { tempDir } from "../support/test-databases.ts";
import type { Assistant } from "../../src/build-assistant.ts";

type Turn = [input: string | { press: string }, ...expected: string[]];

/** The unit each accepted answer placed the report in, in order (the draft's `place` answer). */
const PLACED = ["u-00004", "u-31078", "u-15271", "u-15271", "u-23293", "u-15286", "u-15286-tl"];

const env = { UNITS_PROVINCES: "01,38,51,91" };
const VILLAGES = [
  "code,name,kind,parent_code",
  "15271-TL,Thôn Tân Lập,THON,15271",
  "15271-TK2,Tiểu khu 2,TO_DAN_PHO,15271",
  "15286-TL,Thôn Tân Lập,THON,15286",
  "15286-NL,Bản Nà Lơi,THON,15286",
].join("\n");

let assistant: Assistant | undefined;
afterEach(async () => {
  await assistant?.close();
  assistant = undefined;
});

describe("golden transcript: places across the national list", () => {
  it("resolves each way of naming a place, and the report keeps the last one", async () => {
    // The villages are imported the way an administrator does, then the service starts again.
    const dataDir = tempDir();
    const clock = testClock();
    const first = await testAssistant({ dataDir, clock, env });
    const imported = await importUnitsCsv(first.db, VILLAGES);
    expect(imported.rejected).toEqual([]);
    await first.close();
    const a = await testAssistant({ dataDir, clock, env, trustedChannels: [] });
    assistant = a;
    const chat = new MemoryChat(a.service, "citizen-places");
    const turns: Turn[] = [
      ["/baotin", "Trước khi bắt đầu"],
      ["đồng ý", "một người hay một tập thể"],
      ["Tôi không rõ", "thuộc loại nào"],
      ["tra lai cua roi", "kể ngắn gọn"],
      ["Một bạn học sinh nhặt được ví có 5 triệu đồng ở chợ và đã nộp lại cho công an.", "ngày nào"],
      ["hôm qua", "xảy ra ở"],
      ["phuong ba dinh ha noi", "ảnh"],
      ["quay lại", "xảy ra ở"],
      ["dac khu phu quoc", "ảnh"],
      ["quay lại", "xảy ra ở"],
      ["xa ha trung cu", "Thị trấn Hà Trung cũ (Huyện Hà Trung)", "Xã Hạ Trung cũ (Huyện Bá Thước)", "nay thuộc các đơn vị dưới đây", "[Xã Hà Trung, Tỉnh Thanh Hóa]", "[Xã Hoạt Giang, Tỉnh Thanh Hóa]"],
      ["2", "ảnh"],
      ["quay lại", "xảy ra ở"],
      ["huyện Hà Trung", "Huyện Hà Trung cũ nay thuộc các đơn vị dưới đây", "[Xã Hà Trung, Tỉnh Thanh Hóa]"],
      ["Hà Trung", "ảnh"],
      ["quay lại", "xảy ra ở"],
      ["tinh kon tum", "Tỉnh Kon Tum cũ nay thuộc Tỉnh Quảng Ngãi. Vui lòng gõ tên"],
      ["kon tum", "ảnh"],
      ["quay lại", "xảy ra ở"],
      ["xa hoat giangg", "ảnh"],
      ["quay lại", "xảy ra ở"],
      ["thon tan lap", "[Thôn Tân Lập, Xã Hà Trung]", "[Thôn Tân Lập, Xã Hoạt Giang]"],
      ["2", "ảnh"],
      ["bỏ qua", "ẩn danh"],
      ["có", "đồng ý cho công khai"],
      ["2", "Vui lòng kiểm tra lại", "Thôn Tân Lập, Xã Hoạt Giang"],
      [{ press: "SUBMIT" }, "TDKT-2026-000001"],
    ];
    const placed: string[] = [];
    for (const [input, ...expected] of turns) {
      const replies = typeof input === "string" ? await chat.say(input) : await chat.press(input.press);
      const text = replies.map((r) => [r.text, ...(r.choices ?? []).map((c) => `[${c.label}]`)].join("\n")).join("\n---\n");
      for (const e of expected) expect(text, `after ${JSON.stringify(input)}`).toContain(e);
      if (text.startsWith("Câu 7:")) {
        const draft = await a.db.draft.findFirstOrThrow({ where: { status: "ACTIVE" } });
        placed.push(String((draft.answers as Record<string, unknown>).place));
      }
    }
    expect(placed).toEqual(PLACED);
    await expect(chat.transcript.map((l) => `${l.from === "person" ? ">" : "<"} ${l.text}`).join("\n") + "\n").toMatchFileSnapshot("./__golden__/places-national.txt");
    const report = await a.db.goodDeedReport.findFirstOrThrow();
    expect(report.unitId).toBe("u-15286-tl");
  });
});
