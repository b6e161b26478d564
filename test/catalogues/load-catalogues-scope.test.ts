/**
 * An installation that serves part of the national list (UNITS_PROVINCES, UNITS_COMMUNES): the
 * real national-units.csv, temp copies of the real catalogue folder where a file must differ, and
 * the real assistant on a migrated SQLite file for a short conversation.
 */
import { cpSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadCatalogues } from "../../src/catalogues/load-catalogues.ts";
import { readNationalUnitsFile } from "../../src/catalogues/national-units.ts";
import { FLOWS_DIR } from "../../src/flows/load-flow.ts";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import type { Assistant } from "../../src/build-assistant.ts";
import { tempDir } from "../support/test-databases.ts";
import { testAssistant } from "../support/test-assistant.ts";

const CATALOGUES = join(FLOWS_DIR, "catalogues");
const THANH_HOA = { provinces: ["38"], communes: [] };

/** A copy of the real catalogue folder, with `files` written over it. */
function catalogueCopy(files: Record<string, string | null> = {}): string {
  const dir = join(tempDir(), "catalogues");
  cpSync(CATALOGUES, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    if (text === null) rmSync(join(dir, name));
    else writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** criteria-overrides.yaml with one override keyed `key` (the real file's Bắc Ninh rule). */
const overrideFor = (key: string) => `${key}:\n  source: "QĐ 86/2025/QĐ-UBND"\n  awards:\n    TAP_THE_LDTT:\n      share: { percent: 70 }\n`;

describe("loadCatalogues with a scope of the national list", () => {
  it("Thanh Hóa (38): the province and its 166 communes of national-units.csv, with the importer's ids, and no sample unit", async () => {
    const { units } = await loadCatalogues(undefined, THANH_HOA);
    expect(units).toHaveLength(167);
    expect(units[0]).toEqual({ id: "u-38", code: "38", name: "Tỉnh Thanh Hóa", type: "TINH", localTypeName: "Tỉnh", level: "TINH", parentId: null, validFrom: "2025-07-01", validTo: null });
    expect(units.find((u) => u.code === "15271")).toEqual({
      id: "u-15271",
      code: "15271",
      name: "Xã Hà Trung",
      type: "XA",
      localTypeName: "Xã",
      level: "XA",
      parentId: "u-38",
      validFrom: "2025-07-01",
      validTo: null,
    });
    expect(units.find((u) => u.code === "14797")).toMatchObject({ type: "PHUONG", localTypeName: "Phường", name: "Phường Hạc Thành" });
    expect(units.slice(1).every((u) => u.parentId === "u-38" && u.level === "XA")).toBe(true);
    expect(units.some((u) => u.id.startsWith("thanh-hoa"))).toBe(false);
  });

  it("several provinces, all 34, or a commune-level installation that keeps only its listed communes", async () => {
    const two = await loadCatalogues(undefined, { provinces: ["01", "91"], communes: [] });
    expect(two.units.filter((u) => u.level === "TINH").map((u) => u.name)).toEqual(["Thành phố Hà Nội", "Tỉnh An Giang"]);
    expect(two.units.find((u) => u.code === "01")).toMatchObject({ type: "THANH_PHO_TW", localTypeName: "Thành phố" });
    expect(two.units).toHaveLength(2 + 126 + 102);
    const all = await loadCatalogues(undefined, { provinces: "all", communes: [] });
    expect(all.units).toHaveLength(34 + 3321);
    // Hà Trung kept in Thanh Hóa; Hà Nội, none of whose communes is listed, keeps all of them.
    const narrowed = await loadCatalogues(undefined, { provinces: ["38", "01"], communes: ["15271"] });
    expect(narrowed.units.filter((u) => u.parentId === "u-38").map((u) => u.name)).toEqual(["Xã Hà Trung"]);
    expect(narrowed.units.filter((u) => u.parentId === "u-01")).toHaveLength(126);
  });

  it("an override keyed by a province code applies under the unit id; one for a province outside the scope is left out", async () => {
    const byCode = catalogueCopy({ "criteria-overrides.yaml": overrideFor("38") });
    expect(Object.keys((await loadCatalogues(byCode, THANH_HOA)).law.overrides)).toEqual(["u-38"]);
    expect((await loadCatalogues(byCode, THANH_HOA)).law.overrides["u-38"]?.awards.TAP_THE_LDTT).toEqual({ share: { percent: 70 } });
    // The real file's override of the sample's bac-ninh, and one of Bắc Ninh by code: not Thanh Hóa's business.
    expect((await loadCatalogues(undefined, THANH_HOA)).law.overrides).toEqual({});
    expect((await loadCatalogues(catalogueCopy({ "criteria-overrides.yaml": overrideFor("24") }), THANH_HOA)).law.overrides).toEqual({});
    expect(Object.keys((await loadCatalogues(catalogueCopy({ "criteria-overrides.yaml": overrideFor("24") }), { provinces: ["24"], communes: [] })).law.overrides)).toEqual(["u-24"]);
    // A code no province has is a mistake, whatever the scope.
    await expect(loadCatalogues(catalogueCopy({ "criteria-overrides.yaml": overrideFor("99") }), THANH_HOA)).rejects.toThrow("criteria-overrides.yaml: 99: not a province unit");
  });

  it("in the sample tree an override may be keyed by the sample province's code, and an unknown key stays an error", async () => {
    const sample = await loadCatalogues();
    expect(Object.keys(sample.law.overrides)).toEqual(["bac-ninh"]);
    expect(sample.units.find((u) => u.id === "thanh-hoa")?.code).toBe("38");
    expect(Object.keys((await loadCatalogues(catalogueCopy({ "criteria-overrides.yaml": overrideFor("38") }))).law.overrides)).toEqual(["thanh-hoa"]);
    await expect(loadCatalogues(catalogueCopy({ "criteria-overrides.yaml": overrideFor("kinh-bac") }))).rejects.toThrow("criteria-overrides.yaml: kinh-bac: not a province unit of units.yaml");
    // A sample province without a code (bac-ninh) cannot be named by one.
    await expect(loadCatalogues(catalogueCopy({ "criteria-overrides.yaml": overrideFor("24") }))).rejects.toThrow("criteria-overrides.yaml: 24: not a province unit of units.yaml");
    await expect(loadCatalogues(catalogueCopy({ "criteria-overrides.yaml": `${overrideFor("38")}${overrideFor("thanh-hoa")}` }))).rejects.toThrow(
      "criteria-overrides.yaml: thanh-hoa: the same province as 38",
    );
  });

  it("the national list is read without units.yaml; a missing or broken one is an error naming the file and line", async () => {
    const withoutSample = catalogueCopy({ "units.yaml": null });
    expect((await loadCatalogues(withoutSample, THANH_HOA)).units).toHaveLength(167);
    await expect(loadCatalogues(catalogueCopy({ "national-units.csv": null }), THANH_HOA)).rejects.toThrow(/national-units\.csv: the national list of units cannot be read \(ENOENT\)/);
    const broken = catalogueCopy({ "national-units.csv": "code,name,kind,parent_code,valid_from\n38,Tỉnh Thanh Hóa,TINH,,2025-07-01\n15271,Xã Hà Trung,XA,38,2025-07-01\n15274,Xã Hà Lĩnh,XOM,38,\n" });
    await expect(loadCatalogues(broken, THANH_HOA)).rejects.toThrow(/national-units\.csv: Dòng 4: loại đơn vị "XOM" không hợp lệ/);
    await expect(loadCatalogues(undefined, { provinces: ["38"], communes: ["00004"] })).rejects.toThrow("no commune 00004 in the chosen provinces");
  });

  it("reads the national file once while it is unchanged (the configuration and the catalogue both ask), and again once it changes", () => {
    const dir = catalogueCopy();
    const first = readNationalUnitsFile(dir);
    expect(readNationalUnitsFile(dir)).toBe(first);
    writeFileSync(join(dir, "national-units.csv"), "code,name,kind,parent_code,valid_from\n38,Tỉnh Thanh Hóa,TINH,,2025-07-01\n15271,Xã Hà Trung,XA,38,2025-07-01\n");
    expect(readNationalUnitsFile(dir).map((u) => u.id)).toEqual(["u-38", "u-15271"]);
  });

  it("office phones come from the optional unit-phones.csv; a bad phone is an error with its line", async () => {
    expect((await loadCatalogues(undefined, THANH_HOA)).units.filter((u) => u.phone)).toEqual([]);
    const dir = catalogueCopy({ "unit-phones.csv": "code,phone\n15271,0237 3866 123\n\n00004,024 3823 4567\n" });
    const { units } = await loadCatalogues(dir, THANH_HOA);
    expect(units.filter((u) => u.phone).map((u) => [u.id, u.phone])).toEqual([["u-15271", "0237 3866 123"]]);
    await expect(loadCatalogues(catalogueCopy({ "unit-phones.csv": "code,phone\n15271,0237 3866 123\n15274,gọi xã\n" }), THANH_HOA)).rejects.toThrow(
      'unit-phones.csv: line 3: "gọi xã" is not a phone number',
    );
  });
});

describe("the assistant of a Thanh Hóa installation (UNITS_PROVINCES=38)", () => {
  let assistant: Assistant | undefined;
  afterEach(async () => {
    await assistant?.close();
    assistant = undefined;
  });

  it("seeds the province's units and takes “xa ha trung” as Xã Hà Trung in a household nomination", async () => {
    const a = await testAssistant({ env: { UNITS_PROVINCES: "38" } });
    assistant = a;
    expect(await a.db.administrativeUnit.count()).toBe(167);
    expect(await a.db.administrativeUnit.findUnique({ where: { id: "thanh-hoa" } })).toBeNull();
    const chat = new MemoryChat(a.service, "officer-th-1");
    const text = async (reply: Promise<{ text: string }[]>) => (await reply).map((r) => r.text).join("\n");
    await chat.say("/start");
    expect(await text(chat.press("flow:nomination-household"))).toContain("chủ hộ");
    expect(await text(chat.say("Nguyễn Văn Tư"))).toContain("ở thôn");
    expect(await text(chat.say("xa ha trung"))).toContain("theo loại nào");
    expect((await a.db.draft.findFirstOrThrow()).answers).toMatchObject({ unit: "u-15271" });
    expect(a.units.label("u-15271")).toBe("Xã Hà Trung, Tỉnh Thanh Hóa");
  });

  it("gives a person who declines consent the commune offices' phones of unit-phones.csv, the type word once", async () => {
    const flowsDir = join(tempDir(), "flows");
    cpSync(FLOWS_DIR, flowsDir, { recursive: true });
    writeFileSync(join(flowsDir, "catalogues", "unit-phones.csv"), "code,phone\n15271,0237 3866 123\n14797,0237 3852 000\n00004,024 3823 4567\n");
    const a = await testAssistant({ flowsDir, env: { UNITS_PROVINCES: "38" }, trustedChannels: [] });
    assistant = a;
    const chat = new MemoryChat(a.service, "citizen-th-1", "telegram");
    await chat.say("/baotin");
    const replies = (await chat.say("không đồng ý")).map((r) => r.text).join("\n");
    expect(replies).toContain("UBND phường Hạc Thành, số 0237 3852 000");
    expect(replies).toContain("UBND xã Hà Trung, số 0237 3866 123");
    expect(replies).not.toContain("024 3823 4567");
  });
});
