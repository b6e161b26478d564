import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/conversation/parse-command.ts";

describe("parseCommand", () => {
  it.each([
    ["quay lại", { name: "back" }],
    ["Quay lai", { name: "back" }],
    ["/back", { name: "back" }],
    ["bỏ qua", { name: "skip" }],
    ["HỦY", { name: "cancel" }],
    ["huỷ".normalize("NFD"), { name: "cancel" }],
    ["trợ giúp", { name: "help" }],
    ["/trogiup", { name: "help" }],
    ["/start", { name: "menu" }],
    ["/start@tdkt_bot", { name: "menu" }],
    ["trạng thái", { name: "status" }],
    ["/trangthai", { name: "status" }],
    ["trạng thái TDKT-2026-000123", { name: "status", code: "TDKT-2026-000123" }],
    ["tra cuu tdkt 2026 123", { name: "status", code: "TDKT-2026-000123" }],
    ["ngôn ngữ", { name: "language" }],
    ["ngôn ngữ en", { name: "language", lang: "en" }],
    ["language vi", { name: "language", lang: "vi" }],
    ["/lang en", { name: "language", lang: "en" }],
    ["/baotin", { name: "start-flow", flowId: "good-deed-report" }],
    ["/start good-deed", { name: "start-flow", flowId: "good-deed-report" }],
    ["/start nominate", { name: "start-flow", flowId: "nomination-individual" }],
    ["/start nominate-collective", { name: "start-flow", flowId: "nomination-collective" }],
    ["/start nominate-household", { name: "start-flow", flowId: "nomination-household" }],
    ["/dexuathogiadinh", { name: "start-flow", flowId: "nomination-household" }],
    ["/start INV-7F3K-9QAB-X2MD-4", { name: "invite", code: "INV-7F3K-9QAB-X2MD-4" }],
    ["/start inv_7F3K9QABX2MD4", { name: "invite", code: "inv_7F3K9QABX2MD4" }],
    ["inv 7f3k 9qab x2md 4", { name: "invite", code: "inv 7f3k 9qab x2md 4" }],
    ["ＩＮＶ－７Ｆ３Ｋ－９ＱＡＢ－Ｘ２ＭＤ－４", { name: "invite", code: "ＩＮＶ－７Ｆ３Ｋ－９ＱＡＢ－Ｘ２ＭＤ－４" }],
    // An older, shorter code is still an attempt at a code (refused by the service), not an answer.
    ["/start INV-7F3K9QAB", { name: "invite", code: "INV-7F3K9QAB" }],
    ["/lienket", { name: "link" }],
    ["liên kết", { name: "link" }],
    ["LK-4821-9375-AB7Q-Z", { name: "link-redeem", code: "LK-4821-9375-AB7Q-Z" }],
    ["lk 4821 9375 ab7q z", { name: "link-redeem", code: "lk 4821 9375 ab7q z" }],
    ["/start lk_48219375AB7QZ", { name: "link-redeem", code: "lk_48219375AB7QZ" }],
    ["LK-4821-9375", { name: "link-redeem", code: "LK-4821-9375" }],
    ["đăng nhập web", { name: "console-link" }],
    ["Dang nhap WEB", { name: "console-link" }],
    ["/web", { name: "console-link" }],
    ["/dangnhapweb", { name: "console-link" }],
    ["gửi bản tin ngay", { name: "digest-now" }],
    ["bản tin hằng ngày 7:30", { name: "digest-subscribe", cadence: "daily", time: "07:30" }],
    ["bản tin hằng tuần thứ hai 08:00", { name: "digest-subscribe", cadence: "weekly", weekday: 1, time: "08:00" }],
    ["ban tin hang tuan", { name: "digest-subscribe", cadence: "weekly", weekday: 1 }],
    ["tắt bản tin", { name: "digest-off" }],
    ["/start something-else", { name: "menu" }],
  ])("%s", (text, command) => {
    expect(parseCommand(text)).toEqual(command);
  });

  it.each(["làng", "Làng", "dexuat", "Anh ấy huỷ hẹn để cứu người", "Trạng thái sức khỏe tốt", "3", "investigation", "Inverter 12", "lk", "web", "Web"])("%s is an answer, not a command", (text) => {
    expect(parseCommand(text)).toBeNull();
  });
});
