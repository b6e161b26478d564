/**
 * The officer's answers the tests share: Nguyễn Thị Hoa, village head of Thôn Tân Lập (xã Hà
 * Trung), nominated for a year-end award, and a helper that types a list of lines into a chat.
 */

/**
 * An individual nomination of Nguyễn Thị Hoa, ending with "gửi"; `award` is what is typed for the
 * award, `criteria` the answers to the questions that award's criteria need.
 */
export function nominationOfHoa(award = "lao dong tien tien", criteria: string[] = ["hoan thanh tot"]): string[] {
  return ["/dexuat", "binh xet cuoi nam", "bỏ qua", "nong dan", award, "2026", ...criteria, "Nguyễn Thị Hoa", "nu", "05/03/1985", "bỏ qua",
    "Trưởng thôn Tân Lập", "thon tan lap, ha trung",
    "Năm 2026 vận động 45 hộ hiến đất làm đường, thôn đạt chuẩn văn hóa, thu gom rác thải đạt 100%.", "khong", "bỏ qua", "bỏ qua", "đồng ý", "gửi"];
}

/** Types each line in turn; the text of the replies to the last one. */
export async function sayAll(chat: { say(text: string): Promise<Array<{ text: string }>> }, lines: readonly string[]): Promise<string> {
  let last = "";
  for (const line of lines) last = (await chat.say(line)).map((r) => r.text).join("\n");
  return last;
}
