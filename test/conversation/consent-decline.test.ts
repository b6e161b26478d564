/**
 * Declining consent to data processing ends the report politely and points to another way, the
 * commune office's phone where the unit catalogue has one (domain-review §5.7), instead of asking
 * again forever. An attestation ("Tôi cam đoan…") declined is still asked again: the person may go
 * back and fix an answer first.
 */
import { cp, readFile, writeFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { FLOWS_DIR } from "../../src/flows/load-flow.ts";
import { testAssistant } from "../support/test-assistant.ts";
import { tempDir } from "../support/test-databases.ts";

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const a of open.splice(0)) await a.close();
});

/** The real flows, with a phone number on the communes named. */
async function flowsWithPhones(phones: Record<string, string>): Promise<string> {
  const dir = tempDir("tdkt-flows-");
  await cp(FLOWS_DIR, dir, { recursive: true });
  let units = await readFile(`${dir}/catalogues/units.yaml`, "utf8");
  for (const [id, phone] of Object.entries(phones)) {
    units = units.replace(`- id: ${id}\n`, `- id: ${id}\n  phone: "${phone}"\n`);
  }
  await writeFile(`${dir}/catalogues/units.yaml`, units);
  return dir;
}

describe("declining consent", () => {
  it("ends the report, keeps no answers and gives the commune offices' phones", async () => {
    const flowsDir = await flowsWithPhones({ "thanh-hoa/ha-trung": "0237 3820 000", "quang-ngai/kon-tum": "0255 3860 000" });
    const a = await testAssistant({ flowsDir, trustedChannels: [] });
    open.push(a);
    const chat = new MemoryChat(a.service, "citizen-1", "telegram");
    await chat.say("/baotin");
    const replies = await chat.say("không đồng ý");
    expect(replies.map((r) => r.text).join("\n")).toContain("báo trực tiếp qua điện thoại: UBND xã Hà Trung, số 0237 3820 000; UBND phường Kon Tum, số 0255 3860 000.");
    expect(await a.db.draft.findFirstOrThrow()).toMatchObject({ status: "CANCELLED", answers: {} });
    // Nothing is pending: the next message is not taken as an answer.
    expect((await chat.say("xin chào"))[0]?.text).not.toContain("sự đồng ý");
  });

  it("points to the commune office in general when no phone is known", async () => {
    const a = await testAssistant({ trustedChannels: [] });
    open.push(a);
    const chat = new MemoryChat(a.service, "citizen-2", "telegram");
    await chat.say("/baotin");
    const replies = await chat.say("2");
    expect(replies[0]?.text).toContain("Ủy ban nhân dân xã, phường nơi xảy ra việc tốt");
    expect(await a.db.draft.count({ where: { status: "CANCELLED" } })).toBe(1);
  });

  it("asks again when an officer declines the attestation, so an answer can still be fixed", async () => {
    const a = await testAssistant();
    open.push(a);
    const chat = new MemoryChat(a.service, "officer-1");
    for (const line of ["/dexuat", "binh xet cuoi nam", "bỏ qua", "lao dong tien tien", "Nguyễn Thị Hoa", "nu", "05/03/1985", "bỏ qua", "Nông dân", "thon tan lap, ha trung", "nong dan"]) await chat.say(line);
    await chat.say("Năm 2026 vận động 45 hộ hiến 1.200 m² đất làm đường giao thông nông thôn, thu gom rác thải đạt 100%.");
    await chat.say("bỏ qua");
    const replies = await chat.say("không");
    expect(replies[0]?.text).toContain("Cần có sự đồng ý của anh/chị");
    expect(await a.db.draft.findFirstOrThrow()).toMatchObject({ status: "ACTIVE", currentStepId: "attestation" });
  });
});
