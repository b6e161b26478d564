/**
 * "Tải hồ sơ" in the chat: an officer submits a nomination, presses the download button of the
 * confirmation, and gets the DOCX papers (golden transcript); the same command typed with the code's
 * short forms; who may download (the submitter, an officer or a secretary whose unit covers it, an
 * admin) and who is refused with one answer that does not reveal whether the code exists (a stranger,
 * an officer of another unit, a citizen, a good-deed report's code).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvite } from "../../src/admin/invites.ts";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import type { OutgoingMessage } from "../../src/channels/channel-port.ts";
import { downloadScopeFor } from "../../src/replies/button-scope.ts";
import { DOCX_MEDIA_TYPE } from "../../src/documents/dossier-documents.ts";
import { testAssistant } from "../support/test-assistant.ts";
import { nominationOfHoa } from "../support/officer-scripts.ts";

/** Up to the summary: the tests send "gửi" themselves. */
const HOA = nominationOfHoa().slice(0, -1);

let a: Awaited<ReturnType<typeof testAssistant>>;
let officer: MemoryChat;
let submitted: OutgoingMessage[];
const CODE = "TDKT-2026-000001";

const refusal = (code: string) => `Không tìm thấy hồ sơ ${code}, hoặc`;
const text = (replies: OutgoingMessage[]) => replies.map((r) => r.text).join("\n---\n");

async function invited(chatId: string, role: "officer" | "secretary" | "admin", unitId: string | null): Promise<MemoryChat> {
  const chat = new MemoryChat(a.service, chatId, "telegram");
  await chat.say((await createInvite(a.db, { role, unitId, now: a.clock.now() })).code);
  return chat;
}

beforeAll(async () => {
  a = await testAssistant();
  officer = new MemoryChat(a.service, "can-bo-1");
  for (const line of HOA) await officer.say(line);
  submitted = await officer.say("gửi");
}, 60_000);

afterAll(async () => {
  await a?.close();
});

describe("tải hồ sơ in the chat", () => {
  it("offers the button with the submission's confirmation, and pressing it sends the three DOCX papers (golden)", async () => {
    const confirmation = submitted.find((r) => r.text.includes(`Mã hồ sơ: ${CODE}`))!;
    expect(confirmation.choices).toEqual([{ value: `tải hồ sơ ${CODE}`, label: "Tải hồ sơ (Word)" }, { value: "thêm người nữa", label: "Thêm người nữa" }]);
    expect(confirmation.scope).toBe(downloadScopeFor(CODE));

    const replies = await officer.press(confirmation.choices![0]!.value);
    expect(replies[0]!.text).toBe(`Hồ sơ ${CODE} gồm 3 tài liệu:\n• Báo cáo thành tích\n• Tờ trình kèm danh sách\n• Biên bản họp Hội đồng TĐKT`);
    expect(replies[0]!.documents?.map((d) => d.fileName)).toEqual([`${CODE}-bao-cao-thanh-tich.docx`, `${CODE}-to-trinh.docx`, `${CODE}-bien-ban-hop-hoi-dong.docx`]);
    expect(replies[0]!.documents!.every((d) => d.mediaType === DOCX_MEDIA_TYPE && d.size > 1000)).toBe(true);
    // References only: the bytes are read by the channel.
    const read = await a.documents.read(replies[0]!.documents![0]!.id);
    expect(Buffer.from(read!.bytes.subarray(0, 2)).toString("latin1")).toBe("PK");
    expect(await a.db.auditLog.count({ where: { action: "dossier.documents_downloaded" } })).toBe(1);

    const transcript = officer.transcript.slice(-5).map((l) => `${l.from === "person" ? ">" : "<"} ${l.text}`).join("\n") + "\n";
    await expect(transcript).toMatchFileSnapshot("./__golden__/download-in-chat.txt");
  });

  it("resolves the button by its scope and position, as Telegram and the web send it, even while a form is open", async () => {
    await officer.say("/baotin");
    const replies = await a.service.handle({ channel: "memory", chatId: "can-bo-1", senderId: "can-bo-1", messageId: "press-1", button: { scope: downloadScopeFor(CODE), index: 0 } });
    expect(replies[0]!.documents).toHaveLength(3);
    // The open form's question is asked again after the papers.
    expect(text(replies.slice(1))).toContain("Trước khi bắt đầu");
    await officer.say("huỷ");
    const forged = await a.service.handle({ channel: "memory", chatId: "can-bo-1", senderId: "can-bo-1", messageId: "press-2", button: { scope: downloadScopeFor("TDKT-2026-000099"), index: 0 } });
    expect(forged[0]!.text).toContain("không dùng được nữa");
    expect(forged.some((r) => r.documents)).toBe(false);
  });

  it("accepts the command typed without diacritics, as a slash command, with the short code, and without a code for the only nomination", async () => {
    for (const typed of ["tai ho so tdkt 2026 1", "/taihoso TDKT-2026-1", "tải hồ sơ", "Tải hồ sơ (Word)"]) {
      const replies = await officer.say(typed);
      expect(replies[0]!.documents, typed).toHaveLength(3);
      expect(replies[0]!.text).toContain(CODE);
    }
  });

  it("stores no new version when nothing changed", async () => {
    expect(await a.db.dossierDocument.count()).toBe(3);
  });

  it("lets an officer and a secretary whose unit covers the dossier, and an admin, download it", async () => {
    const dossier = await a.db.dossier.findUniqueOrThrow({ where: { code: CODE } });
    expect(dossier.unitId.startsWith("thanh-hoa/ha-trung")).toBe(true);
    for (const chat of [await invited("can-bo-xa", "officer", "thanh-hoa/ha-trung"), await invited("thu-ky", "secretary", "thanh-hoa/ha-trung"), await invited("quan-tri", "admin", null)]) {
      const replies = await chat.say(`tải hồ sơ ${CODE}`);
      expect(replies[0]!.documents, chat.chatId).toHaveLength(3);
    }
  });

  it("refuses a stranger, an officer of another unit and a citizen with the answer an unknown code gets", async () => {
    const stranger = new MemoryChat(a.service, "can-bo-khac");
    const otherUnit = await invited("can-bo-kon-tum", "officer", "quang-ngai/kon-tum");
    const citizen = new MemoryChat(a.service, "cong-dan-1", "telegram");
    for (const chat of [stranger, otherUnit, citizen]) {
      const replies = await chat.say(`tải hồ sơ ${CODE}`);
      expect(replies.some((r) => r.documents), chat.chatId).toBe(false);
      expect(replies[0]!.text).toContain(refusal(CODE));
      const unknown = await chat.say("tải hồ sơ TDKT-2026-000777");
      expect(unknown[0]!.text.replace("TDKT-2026-000777", CODE)).toBe(replies[0]!.text);
    }
    expect(text(await citizen.say(`tải hồ sơ ${CODE}`))).toContain("bạn không có quyền");
  });

  it("refuses a good-deed report's code, even to the citizen who sent it: reports have no papers", async () => {
    const citizen = new MemoryChat(a.service, "cong-dan-2", "telegram");
    for (const line of ["/baotin", "đồng ý", "Tôi không rõ", "tra lai cua roi", "Một bạn học sinh nhặt được ví có 5 triệu đồng ở chợ Hà Trung và đã nộp lại cho công an xã.", "hôm qua", "xa ha trung", "bỏ qua", "có", "2"]) await citizen.say(line);
    const last = await citizen.press("SUBMIT");
    const code = /Mã tin báo: (TDKT-\d{4}-\d{6})/.exec(text(last))?.[1];
    expect(code).toBeDefined();
    expect(last.some((r) => r.choices?.some((c) => c.value.startsWith("tải hồ sơ")))).toBe(false);
    const replies = await citizen.say(`tải hồ sơ ${code}`);
    expect(replies[0]!.text).toContain(refusal(code!));
    expect(replies.some((r) => r.documents)).toBe(false);
  });

  it("asks for the code, listing the recent ones, when the person sent several nominations or none", async () => {
    const none = await new MemoryChat(a.service, "can-bo-moi").say("tải hồ sơ");
    expect(none[0]!.text).toContain("muốn tải hồ sơ nào");
    for (const line of HOA) await officer.say(line);
    expect(text(await officer.say("gửi"))).toContain("TDKT-2026-");
    const several = await officer.say("tai ho so");
    expect(several[0]!.text).toContain("muốn tải hồ sơ nào");
    expect(several[0]!.text).toContain(CODE);
    expect(several.some((r) => r.documents)).toBe(false);
  });
});
