/**
 * The papers of an installation on the national list (UNITS_PROVINCES=38), whose names carry their
 * type word ("Xã Hà Trung"): the date line names the place bare ("Hà Trung, ngày …") and the running
 * text writes the type word once, in lower case ("UBND xã Hà Trung"), as with the sample catalogue.
 */
import { afterAll, describe, expect, it } from "vitest";
import { importUnitsCsv } from "../../src/admin/import-units-csv.ts";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { testAssistant, testClock } from "../support/test-assistant.ts";
import { tempDir } from "../support/test-databases.ts";
import { docxText } from "../support/docx-text.ts";
import { nominationOfHoa } from "../support/officer-scripts.ts";
import type { Assistant } from "../../src/build-assistant.ts";

const env = { UNITS_PROVINCES: "38" };
let a: Assistant | undefined;
afterAll(async () => {
  await a?.close();
});

describe("papers on the national list", () => {
  it("print the place and the commune's title without the type word twice or capitalised", async () => {
    const dataDir = tempDir();
    const clock = testClock();
    const first = await testAssistant({ dataDir, clock, env });
    expect((await importUnitsCsv(first.db, "code,name,kind,parent_code\n15271-TL,Thôn Tân Lập,THON,15271\n")).rejected).toEqual([]);
    await first.close();
    a = await testAssistant({ dataDir, clock, env });
    const officer = new MemoryChat(a.service, "can-bo-quoc-gia");
    for (const line of nominationOfHoa()) await officer.say(line);
    const replies = await officer.say("tải hồ sơ");
    const papers = replies[0]!.documents ?? [];
    expect(papers.map((d) => d.fileName)).toContain("TDKT-2026-000001-to-trinh.docx");
    const texts = await Promise.all(papers.map(async (d) => docxText((await a!.documents.read(d.id))!.bytes)));
    const all = texts.join("\n");
    expect(all).toContain("Hà Trung, ngày");
    expect(all).not.toContain("Xã Hà Trung, ngày");
    expect(all).toContain("Kính gửi: Chủ tịch Ủy ban nhân dân xã Hà Trung.");
    expect(all).toContain("UBND XÃ HÀ TRUNG");
    expect(all).toContain("Hội đồng Thi đua - Khen thưởng xã Hà Trung");
    expect(all).not.toMatch(/nhân dân Xã|UBND Xã|xã Xã|Xã Xã|XÃ XÃ/);
  });
});
