/**
 * The fields a document template may use, by template family, with what each holds. This list
 * is the contract with whoever replaces a template in `templates/`: the README's table is
 * generated from it (`npm run documents:readme`), and a test checks both ways that it is true —
 * every tag in every template file is listed here, and the data builders (document-data.ts)
 * provide every field listed here.
 */

export interface FieldDoc {
  /** The tag as written in the template: `nomineeName`, or `nominees.name` inside `{#nominees}…{/nominees}`. */
  name: string;
  vi: string;
  /** A yes/no section ({#name}…{/name}): the tags inside it are the template's other fields. */
  condition?: true;
}

const COMMON: FieldDoc[] = [
  { name: "placeName", vi: "Địa danh ghi ở dòng ngày tháng (tên xã, phường, đặc khu): “Hà Trung”" },
  { name: "unitTitle", vi: "Tên đơn vị cấp xã: “xã Hà Trung”" },
  { name: "unitTitleUpper", vi: "“UBND XÃ HÀ TRUNG”, dùng ở khối xác nhận và tên cơ quan chủ quản" },
  { name: "issuerName", vi: "Cơ quan ban hành viết thường: “Ủy ban nhân dân xã Hà Trung” (tờ trình cấp xã: “Hội đồng Thi đua - Khen thưởng xã Hà Trung”)" },
  { name: "issuerUpper", vi: "Dòng trên của tên cơ quan ban hành: “ỦY BAN NHÂN DÂN” (tờ trình cấp xã: “UBND XÃ HÀ TRUNG”)" },
  { name: "issuerLower", vi: "Dòng dưới của tên cơ quan ban hành: “XÃ HÀ TRUNG” (tờ trình cấp xã: “HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG”)" },
  { name: "issuerAbbreviation", vi: "Chữ viết tắt của cơ quan trong số ký hiệu: “UBND”, “HĐTĐKT”" },
  { name: "dateLine", vi: "Địa danh và ngày tháng: “Hà Trung, ngày 03 tháng 12 năm 2026”" },
  { name: "dateInWords", vi: "“ngày 03 tháng 12 năm 2026”" },
  { name: "dateShort", vi: "“03/12/2026”" },
];

const REPORT: FieldDoc[] = [
  ...COMMON,
  { name: "code", vi: "Mã hồ sơ: “TDKT-2026-000123”" },
  { name: "awardName", vi: "Tên danh hiệu hoặc hình thức: “Lao động tiên tiến”" },
  { name: "awardTitle", vi: "Tên đầy đủ kèm người tặng: “Giấy khen của Chủ tịch UBND xã Hà Trung”" },
  { name: "awardHeading", vi: "Dòng tiêu đề in hoa: “DANH HIỆU “LAO ĐỘNG TIÊN TIẾN””" },
  { name: "grantorTitle", vi: "Người có thẩm quyền quyết định: “Chủ tịch UBND xã Hà Trung”" },
  { name: "periodLine", vi: "“NĂM 2026” (trống với khen đột xuất)" },
  { name: "year", vi: "Năm xét thành tích" },
  { name: "nomineeName", vi: "Họ tên cá nhân, tên tập thể, hoặc họ tên chủ hộ" },
  { name: "subjectHeading", vi: "“CÁ NHÂN”, “TẬP THỂ” hoặc “HỘ GIA ĐÌNH”" },
  { name: "subjectLabel", vi: "“Họ và tên”, “Tên tập thể” hoặc “Họ và tên chủ hộ”" },
  { name: "isIndividual", vi: "Đúng khi là cá nhân: dùng {#isIndividual}…{/isIndividual} cho các dòng chỉ cá nhân có", condition: true },
  { name: "gender", vi: "“Nam” hoặc “Nữ”" },
  { name: "birthDate", vi: "Ngày sinh “05/03/1985”" },
  { name: "hometown", vi: "Quê quán (chưa hỏi trong trò chuyện: để trống để ghi tay)" },
  { name: "qualification", vi: "Trình độ chuyên môn (chưa hỏi: để trống để ghi tay)" },
  { name: "nomineePlace", vi: "Nơi cư trú, công tác: “Thôn Tân Lập, Xã Hà Trung”" },
  { name: "nomineeDetails", vi: "Chức vụ và nơi cư trú, công tác, nối bằng dấu phẩy" },
  { name: "position", vi: "Chức vụ, nhiệm vụ" },
  { name: "subjectCategory", vi: "Đối tượng: “Nông dân”, “Học sinh, sinh viên”…" },
  { name: "collectiveKind", vi: "Loại tập thể: “Trường học”, “Thôn, bản”…" },
  { name: "memberCount", vi: "Số thành viên (tập thể) hoặc số nhân khẩu (hộ gia đình)" },
  { name: "memberCountWords", vi: "Số thành viên bằng chữ: “năm mươi”" },
  { name: "advancedWorkerCount", vi: "Số Lao động tiên tiến của tập thể" },
  { name: "advancedWorkerCountWords", vi: "Số Lao động tiên tiến bằng chữ" },
  { name: "advancedWorkerPercent", vi: "Tỷ lệ Lao động tiên tiến: “64”" },
  { name: "movement", vi: "Tên phong trào thi đua (khen theo chuyên đề)" },
  { name: "summary", vi: "Tóm tắt thành tích như cán bộ đã viết" },
  { name: "facts", vi: "Danh sách các câu trả lời dùng để xét tiêu chuẩn: {#facts}…{/facts}" },
  { name: "facts.label", vi: "Tên câu hỏi: “Mức độ hoàn thành nhiệm vụ”" },
  { name: "facts.value", vi: "Câu trả lời: “Hoàn thành tốt nhiệm vụ”" },
  { name: "priorAwards", vi: "Các hình thức khen thưởng đã nhận, theo lịch sử khen thưởng: {#priorAwards}…{/priorAwards}; {^priorAwards}…{/priorAwards} khi chưa có" },
  { name: "priorAwards.year", vi: "Năm" },
  { name: "priorAwards.award", vi: "Danh hiệu, hình thức" },
  { name: "priorAwards.decision", vi: "“125/QĐ-UBND ngày 27/11/2026”" },
  { name: "priorAwards.issuer", vi: "Người ký quyết định" },
  { name: "priorAwardsDeclared", vi: "Khen thưởng đã nhận do cán bộ khai trong trò chuyện (hoặc “không”)" },
  { name: "attestationText", vi: "Lời cam đoan đã được xác nhận trong trò chuyện" },
];

const LIST: FieldDoc[] = [
  { name: "nomineeCount", vi: "Số người, tập thể được đề nghị, hai chữ số: “05”" },
  { name: "nomineeCountWords", vi: "Số đó bằng chữ: “năm”" },
  { name: "nomineeNoun", vi: "“cá nhân”, “tập thể”, “hộ gia đình” hoặc kết hợp" },
  { name: "nominees", vi: "Danh sách (một dòng bảng mỗi hồ sơ): {#nominees}…{/nominees}" },
  { name: "nominees.index", vi: "Số thứ tự" },
  { name: "nominees.code", vi: "Mã hồ sơ" },
  { name: "nominees.name", vi: "Họ tên, tên tập thể, chủ hộ" },
  { name: "nominees.details", vi: "Chức vụ, đơn vị công tác hoặc nơi cư trú" },
  { name: "nominees.award", vi: "Hình thức đề nghị" },
  { name: "nominees.note", vi: "Ghi chú: các tiêu chuẩn chưa đạt khi vẫn gửi" },
  { name: "nominees.votesFor", vi: "Số phiếu đồng ý (khi đã ghi cuộc họp)" },
  { name: "nominees.votePercent", vi: "Tỷ lệ phiếu đồng ý trên tổng số thành viên Hội đồng" },
  { name: "nominees.voteResult", vi: "“Đạt” hoặc “Không đạt”" },
];

const LEGAL_BASES: FieldDoc[] = [
  { name: "legalBases", vi: "Các căn cứ về thẩm quyền theo danh mục khen thưởng: {#legalBases}…{/legalBases}" },
  { name: "legalBases.text", vi: "“Nghị định số 129/2025/NĐ-CP ngày 11 tháng 6 năm 2025 …”" },
];

const PROPOSAL: FieldDoc[] = [
  ...COMMON,
  ...LIST,
  ...LEGAL_BASES,
  { name: "proposalSubject", vi: "Trích yếu: “khen thưởng năm 2026”" },
  { name: "listHeading", vi: "Tiêu đề danh sách in hoa" },
  { name: "addressee", vi: "Kính gửi: “Chủ tịch Ủy ban nhân dân xã Hà Trung”" },
  { name: "addresseeShort", vi: "Người nhận trong câu trình" },
  { name: "decisionVerb", vi: "“quyết định khen thưởng” hoặc “trình cấp có thẩm quyền khen thưởng”" },
  { name: "signerTitle", vi: "Chức danh người ký: “CHỦ TỊCH HỘI ĐỒNG”, “CHỦ TỊCH”" },
  { name: "awardGroups", vi: "Số lượng theo từng hình thức: {#awardGroups}…{/awardGroups}" },
  { name: "awardGroups.award", vi: "Hình thức" },
  { name: "awardGroups.count", vi: "Số lượng, hai chữ số" },
  { name: "awardGroups.countWords", vi: "Số lượng bằng chữ" },
  { name: "awardGroups.noun", vi: "“cá nhân”, “tập thể”…" },
];

const MINUTES: FieldDoc[] = [
  ...COMMON,
  ...LIST,
  { name: "periodLine", vi: "“năm 2026”" },
  { name: "meetingTime", vi: "Thời gian họp (trống cho đến khi ghi cuộc họp)" },
  { name: "meetingPlace", vi: "Địa điểm họp" },
  { name: "meetingChair", vi: "Người chủ trì" },
  { name: "meetingSecretary", vi: "Thư ký cuộc họp" },
  { name: "memberCount", vi: "Tổng số thành viên Hội đồng" },
  { name: "memberCountWords", vi: "Tổng số thành viên bằng chữ" },
  { name: "presentCount", vi: "Số thành viên có mặt" },
  { name: "presentCountWords", vi: "Số có mặt bằng chữ" },
  { name: "absentCount", vi: "Số vắng mặt" },
  { name: "meetingEnd", vi: "Giờ kết thúc" },
];

const DECISION: FieldDoc[] = [
  ...COMMON,
  ...LIST,
  ...LEGAL_BASES,
  { name: "decisionNumber", vi: "Số quyết định khi đã ghi (“125/QĐ-UBND”), nếu chưa thì để trống số" },
  { name: "decisionDate", vi: "Ngày ký “27/11/2026”" },
  { name: "decisionSigner", vi: "Người ký, khi đã ghi quyết định" },
  { name: "signerTitle", vi: "“Chủ tịch UBND xã Hà Trung”" },
  { name: "signerTitleUpper", vi: "“CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÀ TRUNG”" },
  { name: "signerRole", vi: "“CHỦ TỊCH”" },
  { name: "awardPhrase", vi: "“danh hiệu “Lao động tiên tiến”” hoặc “Giấy khen của Chủ tịch UBND xã Hà Trung”" },
  { name: "achievementPhrase", vi: "“xuất sắc trong phong trào thi đua năm 2026”, “xuất sắc đột xuất”…" },
  { name: "rewardSentence", vi: "Câu về tiền thưởng theo hệ số của Nghị định 152/2025/NĐ-CP" },
  { name: "listHeading", vi: "Tiêu đề danh sách kèm theo, in hoa" },
];

/** The template families, the files of each, and the fields they may use. */
export const TEMPLATE_FAMILIES: Array<{ family: string; vi: string; templates: string[]; fields: FieldDoc[] }> = [
  {
    family: "report",
    vi: "Báo cáo thành tích",
    templates: ["bao-cao-thanh-tich-ca-nhan.docx", "bao-cao-thanh-tich-tap-the.docx", "bao-cao-thanh-tich-ho-gia-dinh.docx", "bao-cao-thanh-tich-dot-xuat.docx", "bao-cao-thanh-tich-chuyen-de.docx"],
    fields: REPORT,
  },
  { family: "proposal", vi: "Tờ trình kèm danh sách", templates: ["to-trinh.docx"], fields: PROPOSAL },
  { family: "minutes", vi: "Biên bản họp Hội đồng TĐKT", templates: ["bien-ban-hop-hoi-dong.docx"], fields: MINUTES },
  { family: "decision", vi: "Dự thảo quyết định", templates: ["du-thao-quyet-dinh.docx"], fields: DECISION },
];

export const FIELDS_SECTION_START = "<!-- documents:fields:start (generated from src/documents/document-fields.ts by npm run documents:readme; do not edit) -->";
export const FIELDS_SECTION_END = "<!-- documents:fields:end -->";

/** The README's table of template fields. */
export function renderFieldsSection(): string {
  const parts: string[] = [FIELDS_SECTION_START];
  for (const f of TEMPLATE_FAMILIES) {
    parts.push("", `**${f.vi}** (${f.templates.map((t) => `\`${t}\``).join(", ")})`, "", "| Trường | Nội dung |", "|---|---|");
    for (const field of f.fields) parts.push(`| \`{${field.name}}\` | ${field.vi.replace(/\|/g, "\\|")} |`);
  }
  parts.push("", FIELDS_SECTION_END);
  return parts.join("\n");
}

/** The README with its fields section replaced; throws when the markers are missing. */
export function replaceFieldsSection(readme: string): string {
  const start = readme.indexOf(FIELDS_SECTION_START);
  const end = readme.indexOf(FIELDS_SECTION_END);
  if (start < 0 || end < start) throw new Error("README.md has no documents fields section (its markers are missing)");
  return readme.slice(0, start) + renderFieldsSection() + readme.slice(end + FIELDS_SECTION_END.length);
}
