/**
 * The household nomination's plumbing outside the conversation: which question a returned payload
 * field reopens, the part of the dossier a secretary's "fix" choice names, how the award history
 * identifies the household, and what erasing the submitter's data leaves in its payload.
 */
import { describe, expect, it } from "vitest";
import { fieldForArea, stepForField } from "../../src/records/payload-fields.ts";
import { nomineeFromAnswers } from "../../src/awards/award-history.ts";
import { pseudonymisePayload } from "../../src/dossiers/pseudonymise-payload.ts";
import { parseRecord } from "../../src/records/parse-record.ts";

describe("household nominations", () => {
  it("reopens the question a returned field came from", () => {
    expect(stepForField("nomination-household", "nomination.household.headName")).toBe("headName");
    expect(stepForField("nomination-household", "nomination.household.memberCount")).toBe("memberCount");
    expect(stepForField("nomination-household", "nomination.household.unit.name")).toBe("unit");
    expect(stepForField("nomination-household", "nomination.award.code")).toBe("award");
    expect(stepForField("nomination-household", "attachments.0.sha256")).toBe("evidence");
    expect(stepForField("nomination-household", "nomination.collective.name")).toBeNull();
  });

  it("names the head of household when a secretary asks to fix the nominee, and has no category or dates", () => {
    expect(fieldForArea("NOMINATION_HOUSEHOLD", "NOMINEE")).toBe("nomination.household.headName");
    expect(fieldForArea("NOMINATION_HOUSEHOLD", "SUMMARY")).toBe("nomination.summary");
    expect(fieldForArea("NOMINATION_HOUSEHOLD", "CATEGORY")).toBeNull();
    expect(fieldForArea("NOMINATION_HOUSEHOLD", "DATES")).toBeNull();
  });

  it("identifies the household by the head's name and the unit, once both are answered", () => {
    expect(nomineeFromAnswers("nomination-household", { headName: "Nguyễn Văn Tư" }, null)).toBeNull();
    expect(nomineeFromAnswers("nomination-household", { headName: "Nguyễn Văn Tư", unit: "thanh-hoa/ha-trung/thon-tan-lap" }, null)).toEqual({
      kind: "HO_GIA_DINH",
      name: "Nguyễn Văn Tư",
      birthDate: null,
      nationalId: null,
      unitId: "thanh-hoa/ha-trung/thon-tan-lap",
    });
    // An officer bound to a commune proposes it: the nomination stores the commune.
    expect(nomineeFromAnswers("nomination-household", { headName: "Nguyễn Văn Tư", unit: "thanh-hoa/ha-trung/thon-tan-lap" }, "thanh-hoa/ha-trung")?.unitId).toBe("thanh-hoa/ha-trung");
  });

  it("reads a skipped member count as null and refuses a household of 0", () => {
    const answers = {
      headName: "Lê Thị Hằng",
      unit: "thanh-hoa/ha-trung/tk-2",
      achievementType: "DOT_XUAT",
      award: "GIAY_KHEN_CT_UBND_XA",
      year: 2026,
      memberCount: null,
      summary: "Hiến 300 m² đất làm đường liên thôn",
      pendingReview: false,
      priorAwards: null,
      evidence: null,
      attestation: "2026-12-05T02:00:00.000Z",
    };
    expect(parseRecord("nomination-household", answers)).toMatchObject({ kind: "nomination-household", record: { memberCount: null, movement: null, evidence: [] } });
    expect(() => parseRecord("nomination-household", { ...answers, memberCount: 0 })).toThrow();
  });

  it("keeps the head of household when the submitter's data is erased: the nominee is the dossier's substance", () => {
    const payload = { kind: "NOMINATION_HOUSEHOLD", submittedBy: { userId: "u1", channel: "telegram", name: "Lê Văn Nam" }, nomination: { household: { headName: "Nguyễn Văn Tư", memberCount: 5 } } };
    expect(pseudonymisePayload(payload)).toEqual({ ...payload, submittedBy: { userId: "u1", channel: "telegram", name: null } });
  });
});
