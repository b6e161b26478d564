/** A unit's name with its type word, once; a village's own word kept. */
import { describe, expect, it } from "vitest";
import { unitBareName, unitDisplayName, villageWordOf } from "../../src/catalogues/unit-name.ts";
import { unitWords } from "../../src/law/resolve-grantor.ts";

describe("unitDisplayName", () => {
  it("puts the type word before a name that has none, and never twice", () => {
    expect(unitDisplayName({ name: "Hà Trung", localTypeName: "Xã" })).toBe("Xã Hà Trung");
    expect(unitDisplayName({ name: "Xã Hà Trung", localTypeName: "Xã" })).toBe("Xã Hà Trung");
    expect(unitDisplayName({ name: "Đặc khu Phú Quốc", localTypeName: "Đặc khu" })).toBe("Đặc khu Phú Quốc");
    expect(unitDisplayName({ name: "Bản Hon", localTypeName: "Bản" })).toBe("Bản Hon");
    expect(unitDisplayName({ name: "bản Hon", localTypeName: "Bản" })).toBe("bản Hon");
    expect(unitDisplayName({ name: "Tiểu khu 2", localTypeName: "Tiểu khu" })).toBe("Tiểu khu 2");
    expect(unitDisplayName({ name: "Hà Nội", localTypeName: "Thành phố" })).toBe("Thành phố Hà Nội");
    expect(unitDisplayName({ name: "Bản Hon", localTypeName: null })).toBe("Bản Hon");
  });

  it("matches the type word as a whole word only", () => {
    expect(unitDisplayName({ name: "Khu Đông", localTypeName: "Khu phố" })).toBe("Khu phố Khu Đông");
    expect(unitDisplayName({ name: "Xãm Lớn", localTypeName: "Xã" })).toBe("Xã Xãm Lớn");
  });
});

describe("villageWordOf", () => {
  it("finds the local word a village is called by, the longest that fits", () => {
    expect(villageWordOf("Bản Nà Lơi")).toBe("Bản");
    expect(villageWordOf("Tiểu khu 2")).toBe("Tiểu khu");
    expect(villageWordOf("Khu phố 3")).toBe("Khu phố");
    expect(villageWordOf("Plei Ơp")).toBe("Plei");
    expect(villageWordOf("Ấp Tân Hòa")).toBe("Ấp");
    expect(villageWordOf("Tổ dân phố số 5")).toBe("Tổ dân phố");
  });

  it("finds none in a name without one, or a name that is only the word", () => {
    expect(villageWordOf("Tân Lập")).toBeNull();
    expect(villageWordOf("Bản")).toBeNull();
    expect(villageWordOf("Bảnh Trên")).toBeNull();
  });
});

describe("a name in running text", () => {
  it("writes the type word in lower case once, whichever convention the name follows", () => {
    expect(unitWords({ name: "Xã Hà Trung", type: "XA", localTypeName: "Xã", level: "XA" })).toBe("xã Hà Trung");
    expect(unitWords({ name: "Hà Trung", type: "XA", localTypeName: "Xã", level: "XA" })).toBe("xã Hà Trung");
    expect(unitWords({ name: "Thành phố Hà Nội", type: "THANH_PHO_TW", localTypeName: "Thành phố", level: "TINH" })).toBe("thành phố Hà Nội");
    expect(unitWords({ name: "Đặc khu Phú Quốc", type: "DAC_KHU", localTypeName: "Đặc khu", level: "XA" })).toBe("đặc khu Phú Quốc");
    expect(unitWords({ name: "Xãm Lớn", type: "XA", localTypeName: "Xã", level: "XA" })).toBe("xã Xãm Lớn");
  });

  it("gives the bare place name of a date line", () => {
    expect(unitBareName({ name: "Xã Hà Trung", localTypeName: "Xã" })).toBe("Hà Trung");
    expect(unitBareName({ name: "Hà Trung", localTypeName: "Xã" })).toBe("Hà Trung");
    expect(unitBareName({ name: "Đặc khu Phú Quốc", localTypeName: "Đặc khu" })).toBe("Phú Quốc");
    expect(unitBareName({ name: "Phường Ba Đình", localTypeName: "Phường" })).toBe("Ba Đình");
    expect(unitBareName({ name: "Xã", localTypeName: "Xã" })).toBe("Xã");
  });
});
