/**
 * The load every simulated person sends in the benchmarks: the inputs of the golden
 * `nomination-individual` transcript (an officer nominates a farmer). No side effects on import,
 * so the benchmark driver and the tests share one list.
 *
 * NOMINATION is the product's current form (revision 3, with the award's criteria questions):
 * 23 turns, among them two deliberately wrong answers that must be re-asked (an 11-digit CCCD and
 * a too-short summary). NOMINATION_BASELINE is the same nomination through the form as it was at
 * revision 2 (17 turns), which the @grammyjs/conversations baseline implements by hand
 * (bench/fixtures/nomination-individual.r2.yaml). The name is typed in NFD (decomposed
 * diacritics, as text copied from old documents arrives) to exercise normalisation.
 */
export type Turn = string | { press: string };

const NFD = (s: string) => s.normalize("NFD");

export const NOMINATION: readonly Turn[] = [
  "/dexuat",
  "binh xet cuoi nam",
  "Cả nước chung sức xây dựng nông thôn mới",
  "lao dong truc tiep",
  "chien si thi dua co so",
  "2026",
  "xuat sac",
  "co",
  "khong",
  NFD("nguyễn thị   hoa"),
  "nu",
  "5/3/85",
  "03818500123",
  "038 085 001 234",
  "Trưởng thôn Tân Lập",
  "thon tan lap, ha trung",
  "Làm tốt.",
  "Năm 2026 vận động 45 hộ hiến 1.200 m² đất làm đường giao thông nông thôn, thu gom rác thải đạt 100%, thôn đạt chuẩn văn hóa.",
  "khong",
  "bỏ qua",
  "bỏ qua",
  "đồng ý",
  "gui",
];

export const NOMINATION_BASELINE: readonly Turn[] = [
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
