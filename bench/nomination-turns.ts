/**
 * The load every simulated person sends in the benchmarks, through the bench form
 * (bench/fixtures/nomination-individual.bench.yaml, 20 questions): an officer nominates a farmer.
 * The same typed turns drive the product and the @grammyjs/conversations baseline. No side
 * effects on import, so the benchmark driver and the tests share one list.
 *
 * 22 messages: "/dexuat" (the start), one valid answer to each of the 20 questions in order, and
 * "gui" (the submission). "Step k" in the bench's figures is the answer to question k, so
 * step 2 and step 20 compare the same kind of work early and late in the form. Every question is
 * visible on this path (a year-end review, Chiến sĩ thi đua cơ sở, with an initiative), and the
 * answers exercise the validators' normalisation: the name is typed in NFD (decomposed
 * diacritics, as text copied from old documents arrives), the date as "5/3/85", the CCCD with
 * spaces.
 */
const NFD = (s: string) => s.normalize("NFD");

export const START = "/dexuat";
export const SUBMIT = "gui";

/** The answers to the bench form's 20 questions, in order. */
export const BENCH_ANSWERS: readonly string[] = [
  "binh xet cuoi nam",
  "Cả nước chung sức xây dựng nông thôn mới",
  "lao dong truc tiep",
  "chien si thi dua co so",
  "2026",
  "xuat sac",
  "co",
  "co",
  "Số hóa hồ sơ hộ tịch, QĐ số 20/QĐ-UBND ngày 05/11/2025",
  NFD("nguyễn thị   hoa"),
  "nu",
  "5/3/85",
  "038 085 001 234",
  "Trưởng thôn Tân Lập",
  "thon tan lap, ha trung",
  "Năm 2026 vận động 45 hộ hiến 1.200 m² đất làm đường giao thông nông thôn, thu gom rác thải đạt 100%, thôn đạt chuẩn văn hóa.",
  "khong",
  "bỏ qua",
  "bỏ qua",
  "đồng ý",
];

/** Every message one person sends: the start, the 20 answers, the submission. */
export const BENCH_TURNS: readonly string[] = [START, ...BENCH_ANSWERS, SUBMIT];
