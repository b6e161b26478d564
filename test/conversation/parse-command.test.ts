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
    ["/start inv_AB12CD34", { name: "invite", code: "AB12CD34" }],
    ["/start something-else", { name: "menu" }],
  ])("%s", (text, command) => {
    expect(parseCommand(text)).toEqual(command);
  });

  it.each(["làng", "Làng", "dexuat", "Anh ấy huỷ hẹn để cứu người", "Trạng thái sức khỏe tốt", "3"])("%s is an answer, not a command", (text) => {
    expect(parseCommand(text)).toBeNull();
  });
});
