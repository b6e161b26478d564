/**
 * "góp ý TDKT-… <nội dung>" as people type it: with or without diacritics, NFC or NFD, "/gopy",
 * the code written out in any of its forms, "ẩn danh" for an anonymous one; the words alone ask
 * how. A form's answer that merely begins with "góp ý" stays an answer. And the posting's default
 * period counts working days on the holidays calendar.
 */
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/conversation/parse-command.ts";
import { HolidayCalendar } from "../../src/digests/working-days.ts";
import { isPublicCode, newPublicCode, postingRunning, PublicPostings, type PublicPostingsDeps } from "../../src/posting/public-postings.ts";

describe("the objection command", () => {
  it("reads the code and the content as typed", () => {
    expect(parseCommand("góp ý TDKT-2026-000123 Ông A chưa hiến đất")).toEqual({ name: "objection", code: "TDKT-2026-000123", content: "Ông A chưa hiến đất", anonymous: false });
    expect(parseCommand("gop y tdkt 2026 123: noi dung")).toEqual({ name: "objection", code: "TDKT-2026-000123", content: "noi dung", anonymous: false });
    expect(parseCommand("/gopy TDKT2026000001 Nội dung")).toMatchObject({ code: "TDKT-2026-000001", content: "Nội dung" });
    expect(parseCommand("Go\u0301p y\u0301 TDKT-2026-7 NFD")).toMatchObject({ code: "TDKT-2026-000007", content: "NFD" });
  });

  it("takes ẩn danh, with or without diacritics, for an anonymous objection", () => {
    expect(parseCommand("góp ý ẩn danh TDKT-2026-000001 Bà B vắng họp")).toMatchObject({ anonymous: true, content: "Bà B vắng họp" });
    expect(parseCommand("gop y an danh tdkt-2026-1 x")).toMatchObject({ anonymous: true, code: "TDKT-2026-000001" });
  });

  it("asks how for the words alone, and leaves an answer that begins with them alone", () => {
    expect(parseCommand("Góp ý")).toEqual({ name: "objection", content: "", anonymous: false });
    expect(parseCommand("/gopy")).toEqual({ name: "objection", content: "", anonymous: false });
    expect(parseCommand("góp ý về con đường thôn")).toBeNull();
    expect(parseCommand("Góp ý: cần làm thêm đường")).toBeNull();
  });
});

describe("public codes and periods", () => {
  it("draws 8 symbols of an unambiguous alphabet", () => {
    const codes = new Set(Array.from({ length: 200 }, () => newPublicCode()));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(isPublicCode(c)).toBe(true);
    expect(isPublicCode("ABCDEFGI")).toBe(false);
    expect(isPublicCode("abc")).toBe(false);
  });

  it("counts the default period in working days, holidays skipped", () => {
    const calendar = new HolidayCalendar([{ date: "2026-09-02", name: "Quốc khánh" }], { through: 2027 });
    const postings = new PublicPostings({ calendar } as unknown as PublicPostingsDeps);
    // Friday 28/08/2026, 08:00 in Vietnam: 28, 31/08, 01, (02 off), 03, 04/09.
    expect(postings.defaultPeriod(new Date("2026-08-28T01:00:00Z"))).toEqual({ startsOn: "2026-08-28", endsOn: "2026-09-04" });
    // On a Saturday the count starts on Monday.
    expect(postings.defaultPeriod(new Date("2026-08-29T01:00:00Z"))).toEqual({ startsOn: "2026-08-29", endsOn: "2026-09-07" });
    const now = new Date("2026-08-28T01:00:00Z");
    expect(postings.checkPeriod("2026-08-27", "2026-09-01", now)).toBeNull();
    expect(postings.checkPeriod("2026-08-30", "2026-08-29", now)).toBeNull();
    expect(postings.checkPeriod("2026-08-28", "2026-12-28", now)).toBeNull();
    expect(postings.checkPeriod("2026-02-30", "2026-09-01", now)).toBeNull();
    expect(postings.checkPeriod("2026-08-28", "2026-09-04", now)).toEqual({ startsOn: "2026-08-28", endsOn: "2026-09-04" });
  });

  it("takes objections only while open and within the period", () => {
    const p = { status: "OPEN", startsOn: "2026-12-01", endsOn: "2026-12-05" };
    expect(["2026-11-30", "2026-12-01", "2026-12-05", "2026-12-06"].map((d) => postingRunning(p, d))).toEqual([false, true, true, false]);
    expect(postingRunning({ ...p, status: "CLOSED" }, "2026-12-02")).toBe(false);
  });
});
