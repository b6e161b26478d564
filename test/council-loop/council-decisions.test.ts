/**
 * Golden transcripts of the council's process after contract 2.0, in Vietnamese, through the real
 * bot and the embedded council service on 127.0.0.1: the council advises and the chair decides
 * (the submitter told at each step, congratulated only after the decision), an award beyond the
 * commune routed "trình cấp trên", and a good-deed report verified and praised. Each transcript
 * interleaves the people's chats with the messages the outbox sent them.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createInvite } from "../../src/admin/invites.ts";
import { awardHistoryFor } from "../../src/awards/award-history.ts";
import { councilHarness, type Actor } from "../support/council-harness.ts";
import { nominationOfHoa, sayAll } from "../support/officer-scripts.ts";

let harness: Awaited<ReturnType<typeof councilHarness>> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function join(h: NonNullable<typeof harness>, name: string, chatId: string, role: "secretary" | "officer", unitId: string): Promise<Actor> {
  const a = h.actor(name, chatId);
  await a.say((await createInvite(h.assistant.db, { role, unitId, now: h.assistant.clock.now() })).code);
  return a;
}

describe("golden transcript: Hội đồng đề nghị, Chủ tịch quyết định", () => {
  it("a nomination is recommended by the council, then decided; the officer is told at each step", async () => {
    const h = (harness = await councilHarness());
    const officer = await join(h, "Cán bộ thôn", "can-bo-1", "officer", "thanh-hoa/ha-trung");
    const secretary = await join(h, "Thư ký Hội đồng", "thu-ky-1", "secretary", "thanh-hoa/ha-trung");
    await sayAll(officer, nominationOfHoa("lao dong tien tien"));
    await h.settle();

    await sayAll(secretary, ["hàng chờ", "1", "xem xet", "gửi"]);
    await h.settle();
    h.assistant.clock.advance(3 * 86_400_000);
    await sayAll(secretary, ["hàng chờ", "1", "thong nhat de nghi", "gửi"]);
    await h.settle();
    h.assistant.clock.advance(2 * 86_400_000);
    await sayAll(secretary, ["hàng chờ", "1", "quyet dinh", "125/QĐ-UBND", "29/11/2026", "Chủ tịch UBND xã Lê Văn Bình", "khen thuong", "gửi"]);
    await h.settle();
    await officer.say("trạng thái");

    // The same person, award and year again: the officer and the secretary are warned.
    h.note("Cán bộ lập lại đề nghị cùng người, cùng danh hiệu, cùng năm");
    const again = await sayAll(officer, nominationOfHoa("lao dong tien tien"));
    await h.settle();
    const queue = await secretary.say("hàng chờ");
    await secretary.say("hủy");
    expect(await h.deadJobs()).toEqual([]);
    await expect(h.text()).toMatchFileSnapshot("./__golden__/council-recommends-chair-decides.txt");

    const told = h.narrative.filter((l) => l.startsWith("[Cán bộ thôn] < (tin nhắn)")).join("\n");
    expect(told).toContain("đã tiếp nhận hồ sơ TDKT-2026-000001");
    expect(told).toContain("đang được Hội đồng TĐKT xem xét");
    expect(told).toContain("Hồ sơ TDKT-2026-000001 (Đề nghị khen thưởng cá nhân) đã được Hội đồng TĐKT thống nhất đề nghị; đang trình Chủ tịch UBND xã Hà Trung xem xét, quyết định.");
    expect(told).toContain("Chúc mừng! Nguyễn Thị Hoa đã được tặng “Lao động tiên tiến” theo Quyết định số 125/QĐ-UBND ngày 29/11/2026");
    // The congratulation comes only with the decision, after the recommendation.
    expect(told.indexOf("Chúc mừng")).toBeGreaterThan(told.indexOf("thống nhất đề nghị"));
    expect(told.match(/Chúc mừng/g)).toHaveLength(1);

    const db = h.assistant.db;
    expect(await db.awardRecord.findMany({ select: { nomineeKind: true, nomineeName: true, birthDate: true, unitId: true, awardCode: true, year: true, decisionNumber: true, decidedOn: true, level: true, status: true } })).toEqual([
      { nomineeKind: "CA_NHAN", nomineeName: "Nguyễn Thị Hoa", birthDate: "1985-03-05", unitId: "thanh-hoa/ha-trung", awardCode: "LAO_DONG_TIEN_TIEN", year: 2026, decisionNumber: "125/QĐ-UBND", decidedOn: "2026-11-29", level: "XA", status: "GRANTED" },
    ]);
    expect(await awardHistoryFor(db, { kind: "CA_NHAN", name: "nguyen thi hoa", birthDate: "1985-03-05", nationalId: null, unitId: "x" })).toEqual([
      { awardCode: "LAO_DONG_TIEN_TIEN", year: 2026, decisionNumber: "125/QĐ-UBND", decidedOn: "2026-11-29", signer: "Chủ tịch UBND xã Lê Văn Bình", dossierId: (await db.dossier.findUniqueOrThrow({ where: { code: "TDKT-2026-000001" } })).id },
    ]);
    expect((await db.dossier.findUniqueOrThrow({ where: { code: "TDKT-2026-000001" } })).status).toBe("GRANTED");
    expect(again).toContain("Lưu ý: Nguyễn Thị Hoa đã có hồ sơ đề nghị “Lao động tiên tiến” năm 2026 (TDKT-2026-000001)");
    expect(queue.at(-1)?.choices?.map((c) => c.label)).toEqual(["TDKT-2026-000002 — Nguyễn Thị Hoa (chờ Hội đồng) ⚠ có thể trùng: TDKT-2026-000001"]);
  });

  it("an award beyond the commune is recommended, forwarded upward, then decided by the province", async () => {
    const h = (harness = await councilHarness());
    const officer = await join(h, "Cán bộ thôn", "can-bo-2", "officer", "thanh-hoa/ha-trung");
    const secretary = await join(h, "Thư ký Hội đồng", "thu-ky-2", "secretary", "thanh-hoa/ha-trung");
    await sayAll(officer, nominationOfHoa("bang khen cua chu tich ubnd cap tinh", []));
    await h.settle();
    await sayAll(secretary, ["hàng chờ", "1", "xem xet", "gửi"]);
    await h.settle();
    await sayAll(secretary, ["hàng chờ", "1", "thong nhat de nghi", "gửi"]);
    await h.settle();
    h.note("Thư ký thử ghi quyết định trước khi trình cấp trên: chỉ việc hồ sơ cho phép được đưa ra");
    const early = await sayAll(secretary, ["hàng chờ", "1", "quyet dinh"]);
    await sayAll(secretary, ["trinh cap tren", "gửi"]);
    await h.settle();
    h.assistant.clock.advance(14 * 86_400_000);
    await sayAll(secretary, ["hàng chờ", "1", "quyet dinh", "2031/QĐ-UBND", "08/12/2026", "Chủ tịch UBND tỉnh Thanh Hóa", "khen thuong", "gửi"]);
    await h.settle();
    expect(await h.deadJobs()).toEqual([]);
    await expect(h.text()).toMatchFileSnapshot("./__golden__/award-forwarded-upward.txt");

    // The decision is not offered before the award is forwarded upward: nothing typed is then refused.
    expect(early).toContain("Chưa rõ lựa chọn");
    const offered = h.text().split("Thư ký thử ghi quyết định")[1]!.split("> trinh cap tren")[0]!;
    expect(offered).toContain("[Đã trình cấp trên]");
    expect(offered).not.toContain("[Ghi quyết định khen thưởng]");
    const told = h.narrative.filter((l) => l.startsWith("[Cán bộ thôn] < (tin nhắn)")).join("\n");
    expect(told).toContain("Hình thức “Bằng khen của Chủ tịch UBND cấp tỉnh” do Chủ tịch UBND tỉnh Thanh Hóa quyết định, nên UBND xã Hà Trung sẽ trình cấp trên");
    expect(told).toContain("đã được UBND xã Hà Trung trình cấp trên; đang chờ Chủ tịch UBND tỉnh Thanh Hóa xem xét, quyết định");
    expect(told).toContain("Chúc mừng! Nguyễn Thị Hoa đã được tặng “Bằng khen của Chủ tịch UBND cấp tỉnh” theo Quyết định số 2031/QĐ-UBND ngày 08/12/2026 của Chủ tịch UBND tỉnh Thanh Hóa");
    expect(await h.assistant.db.awardRecord.findFirstOrThrow()).toMatchObject({ awardCode: "BANG_KHEN_CT_UBND_TINH", level: "CAP_TREN", status: "GRANTED", decisionNumber: "2031/QĐ-UBND" });
    const council = await h.staff.GET("/v1/dossiers", { params: { query: { limit: 10 } } });
    expect(council.data?.items.map((d) => [d.status, d.decision?.level])).toEqual([["granted", "upper"]]);
  });
});

describe("golden transcript: xác minh tin báo người tốt, việc tốt", () => {
  it("a citizen's report is verified by the officer of the place and praised; the reporter hears plain statuses", async () => {
    const h = (harness = await councilHarness());
    const citizen = h.actor("Người báo tin", "nguoi-dan-1");
    const officer = await join(h, "Cán bộ tiểu khu 2", "can-bo-tk2", "officer", "thanh-hoa/ha-trung/tk-2");
    await sayAll(citizen, ["/baotin", "đồng ý", "mot nguoi", "Đặng Văn Hùng", "bỏ qua", "cuu nguoi",
      "Chiều 20/11, anh Hùng đã nhảy xuống sông Hoạt cứu hai em học sinh bị đuối nước.", "20/11/2026", "tk2, ha trung", "xong", "có", "1", "gửi"]);
    await h.settle();
    await sayAll(officer, ["xác minh", "1", "da xac minh", "Đã gặp gia đình hai em học sinh và người làm chứng tại bến sông", "gửi"]);
    await h.settle();
    await sayAll(officer, ["xác minh", "1", "bieu duong", "gửi"]);
    await h.settle();
    await citizen.say("trạng thái");
    expect(await h.deadJobs()).toEqual([]);
    await expect(h.text()).toMatchFileSnapshot("./__golden__/good-deed-report-verified.txt");

    const told = h.narrative.filter((l) => l.startsWith("[Người báo tin] < (tin nhắn)")).join("\n");
    expect(told).toContain("đã nhận tin báo TDKT-2026-000001");
    expect(told).toContain("Tin báo TDKT-2026-000001 đã được xác minh");
    expect(told).toContain("đã được Ủy ban nhân dân biểu dương");
    expect(told).not.toMatch(/chấp thuận|Hội đồng/);
    expect(h.narrative.at(-1)).toContain("TDKT-2026-000001 — Tin báo người tốt, việc tốt");
    expect(h.narrative.at(-1)).toContain("đã được biểu dương");
    const [item] = (await h.staff.GET("/v1/dossiers", { params: { query: { limit: 10 } } })).data!.items;
    expect(item).toMatchObject({ kind: "GOOD_DEED_REPORT", status: "praised" });
    const history = (await h.staff.GET("/v1/dossiers/{id}", { params: { path: { id: item!.id } } })).data!.history;
    expect(history.map((e) => [e.status, e.reason])).toEqual([
      ["received", null],
      ["verified", "Đã gặp gia đình hai em học sinh và người làm chứng tại bến sông"],
      ["praised", null],
    ]);
  });
});
