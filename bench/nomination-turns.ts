/**
 * The load every simulated person sends in the benchmarks: the inputs of the golden
 * `nomination-individual` transcript (an officer nominates a farmer). No side effects on import,
 * so the benchmark driver and the tests share one list.
 *
 * 17 turns: the command, 13 questions answered, two deliberately wrong answers that must be
 * re-asked (an 11-digit CCCD and a too-short summary), the optional evidence step skipped with
 * "bỏ qua", and "gui" at the summary. The name is typed in NFD (decomposed diacritics, as text
 * copied from old documents arrives) to exercise normalisation.
 */
export type Turn = string | { press: string };

const NFD = (s: string) => s.normalize("NFD");

export const NOMINATION: readonly Turn[] = [
  "/dexuat",
  "binh xet cuoi nam",
  "Cả nước chung sức xây dựng nông thôn mới",
  "chien si thi dua co so",
  NFD("nguyễn thị   hoa"),
  "nu",
  "5/3/85",
  "03818500123",
  "038 085 001 234",
  "Trưởng thôn Tân Lập",
  "thon tan lap, ha trung",
  "lao dong truc tiep",
  "Làm tốt.",
  "Năm 2026 vận động 45 hộ hiến 1.200 m² đất làm đường giao thông nông thôn, thu gom rác thải đạt 100%, thôn đạt chuẩn văn hóa.",
  "bỏ qua",
  "đồng ý",
  "gui",
];
