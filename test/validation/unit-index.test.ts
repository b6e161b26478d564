import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundedEditDistance } from "../../src/text/bounded-edit-distance.ts";
import type { UnitEntry } from "../../src/validation/match-unit.ts";
import { unitIndex } from "../../src/validation/unit-index.ts";

const units: UnitEntry[] = [
  { id: "ht", name: "Xã Hà Trung", type: "XA", localTypeName: "Xã", parentName: "Tỉnh Thanh Hóa" },
  { id: "htb", name: "Xã Hà Trung Bắc", type: "XA", localTypeName: "Xã", parentName: "Tỉnh Thanh Hóa" },
  { id: "ia", name: "Ia Chim", type: "XA", parentName: "Gia Lai" },
  { id: "t12", name: "Thôn 12", type: "THON", localTypeName: "Thôn", parentName: "Xã Hà Trung" },
  { id: "hoa", name: "Quan Hóa", type: "HUYEN", parentName: "Tỉnh Thanh Hóa" },
];
const ids = (hits: ReturnType<ReturnType<typeof unitIndex>["find"]>) => hits.map((h) => [h.entry.unit.id, h.distance]).sort();

describe("unitIndex", () => {
  it("is built once per catalogue array", () => {
    expect(unitIndex(units)).toBe(unitIndex(units));
    expect(unitIndex([...units])).not.toBe(unitIndex(units));
  });

  it("keeps what matching needs per unit: kind, parent keys, catalogue order", () => {
    const [ht, , ia, t12] = unitIndex(units).entries;
    expect(ht).toMatchObject({ order: 0, kind: "xa", parentKeys: ["thanhhoa", "tinhthanhhoa"] });
    expect(ia).toMatchObject({ order: 2, kind: "xa", parentKeys: ["gialai"] });
    expect(t12).toMatchObject({ kind: "thon", parentKeys: ["hatrung", "xahatrung"] });
  });

  it("finds equal keys and keys started by the answer, with what they leave out", () => {
    const index = unitIndex(units);
    expect(ids(index.find(["hatrung"], "exact"))).toEqual([["ht", 0]]);
    expect(ids(index.find(["hatrung"], "prefix"))).toEqual([["ht", 0], ["htb", 3]]);
    expect(ids(index.find(["h"], "prefix"))).toEqual([]);
    // "Quan Hóa" (a huyện, not a quận) is known by both readings of its first word.
    expect(ids(index.find(["hoa"], "exact"))).toEqual([["hoa", 0]]);
    expect(ids(index.find(["quanhoa"], "exact"))).toEqual([["hoa", 0]]);
  });

  it("finds misspellings within 1 edit for keys of 4–7 characters and 2 from 8, none shorter, numbers exact", () => {
    const index = unitIndex(units);
    expect(ids(index.find(["iachm"], "fuzzy"))).toEqual([["ia", 1]]);
    expect(ids(index.find(["iacm"], "fuzzy"))).toEqual([]);
    expect(ids(index.find(["hatrnug"], "fuzzy"))).toEqual([["ht", 1]]);
    expect(ids(index.find(["haatrnug"], "fuzzy"))).toEqual([["ht", 2]]);
    expect(ids(index.find(["hatrungbc"], "fuzzy"))).toEqual([["ht", 2], ["htb", 1]]);
    expect(ids(index.find(["thon13"], "fuzzy"))).toEqual([]);
    expect(ids(index.find(["12"], "fuzzy"))).toEqual([["t12", 0]]);
  });

  it("marks the units found by a literal key", () => {
    const [hit] = unitIndex(units).find(["quanhoa", "hoa"], "exact", ["quanhoa"]);
    expect(hit).toMatchObject({ distance: 0, literal: true });
    expect(unitIndex(units).find(["hoa"], "exact", ["quanhoa"])[0]).toMatchObject({ literal: false });
  });
});

describe("boundedEditDistance", () => {
  it.each([
    ["hatrung", "hatrung", 0],
    ["hatrung", "hatrungg", 1],
    ["hatrung", "htarung", 1],
    ["hatrung", "hatrnug", 1],
    ["ca", "abc", 3],
    ["badinh", "badinhhn", 2],
  ])("%j → %j is %i", (a, b, d) => {
    expect(boundedEditDistance(a, b, 5)).toBe(d);
  });

  it("stops at the bound and agrees with itself both ways", () => {
    expect(boundedEditDistance("hatrung", "kontum", 2)).toBe(3);
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: 3 }), (a, b, max) => {
        const d = boundedEditDistance(a, b, max);
        expect(d).toBe(boundedEditDistance(b, a, max));
        expect(d).toBe(Math.min(max + 1, boundedEditDistance(a, b, 30)));
        expect(d === 0).toBe(a === b);
      }),
    );
  });
});
