/**
 * `npm run templates:build`: writes the product's stock document templates into `templates/`.
 *
 * The `.docx` files in `templates/` are the contract, not this script: a commune replaces one with
 * its own province's version in Word, keeping the `{field}` tags listed in the README. This script
 * only authors the stock versions from a readable description (through the `docx` builder, so no
 * XML is written by hand); run it after changing the description, and review the golden texts
 * (test/documents/__golden__) that show what changed.
 *
 * Layout follows Nghị định 30/2020/NĐ-CP on administrative documents: A4, margins 20 mm top and
 * bottom, 30 mm left, 15 mm right; Times New Roman 14 pt body, 13 pt for the issuer and the motto's
 * first line; the motto block, the issuer block, "Số:" and the place-and-date line in a two-column
 * header.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from "docx";

const BODY = 28; // half-points: 14 pt
const SMALL = 26; // 13 pt
const MOTTO_SIZE = 24; // 12 pt: the national name fits one line of the header's right column
const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  bottom: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  left: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  right: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
};

type Run = string | { text: string; bold?: boolean; italics?: boolean; size?: number };

function runs(parts: Run[], base: { bold?: boolean; italics?: boolean; size?: number } = {}): ParagraphChild[] {
  return parts.map((p) => (typeof p === "string" ? new TextRun({ text: p, ...base }) : new TextRun({ ...base, ...p })));
}

function centered(parts: Run[], base: { bold?: boolean; italics?: boolean; size?: number } = {}): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, children: runs(parts, base) });
}

/** A body paragraph: justified, first line indented 10 mm, 6 pt after (NĐ 30/2020 Phụ lục I). */
function body(...parts: Run[]): Paragraph {
  return new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: convertMillimetersToTwip(10) }, spacing: { after: 120, line: 300 }, children: runs(parts) });
}

function heading(text: string): Paragraph {
  return new Paragraph({ spacing: { before: 120, after: 120 }, children: runs([{ text, bold: true }]) });
}

/** Paragraphs repeated for each item of `loop`: the tags stand alone in their paragraphs, which docxtemplater's paragraphLoop removes. */
function repeated(loop: string, ...paragraphs: Paragraph[]): Paragraph[] {
  return [new Paragraph({ children: runs([`{#${loop}}`]) }), ...paragraphs, new Paragraph({ children: runs([`{/${loop}}`]) })];
}

function blank(): Paragraph {
  return new Paragraph({ children: [] });
}

function cell(paragraphs: Paragraph[], widthPercent: number): TableCell {
  return new TableCell({ children: paragraphs, width: { size: widthPercent, type: WidthType.PERCENTAGE } });
}

function twoColumns(left: Paragraph[], right: Paragraph[], leftPercent = 40): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, leftPercent), cell(right, 100 - leftPercent)] })],
  });
}

const MOTTO = [
  centered([{ text: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: MOTTO_SIZE }]),
  centered([{ text: "Độc lập - Tự do - Hạnh phúc", bold: true }]),
  centered(["———————"]),
];

/** The issuer block (two lines, the first the governing body), the motto, the number and the date line. */
function officialHeader(issuer: { upper: string; lower: string }, numberLine: string): Table {
  return twoColumns(
    [centered([issuer.upper], { size: SMALL }), centered([{ text: issuer.lower, bold: true }], { size: SMALL }), centered(["———"]), centered([numberLine], { size: SMALL })],
    [...MOTTO, centered([{ text: "{dateLine}", italics: true }])],
    38,
  );
}

/** The motto alone, with the date line under it: the báo cáo thành tích is signed by the nominee or the head of the collective. */
function mottoHeader(): Paragraph[] {
  return [...MOTTO, new Paragraph({ alignment: AlignmentType.RIGHT, children: runs([{ text: "{dateLine}", italics: true }]) }), blank()];
}

function signatures(left: Paragraph[], right: Paragraph[]): Table {
  return twoColumns(left, right, 50);
}

function signatureBlock(title: string, note: string, name = ""): Paragraph[] {
  return [centered([{ text: title, bold: true }]), centered([{ text: note, italics: true }]), blank(), blank(), blank(), centered([{ text: name, bold: true }])];
}

/**
 * A table whose second row repeats for each item of `loop` (docxtemplater's row loop: the opening
 * tag in the first cell, the closing one in the last).
 */
function listTable(loop: string, columns: Array<{ header: string; field: string; width: number }>): Table {
  const bordered = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
  const borders = { top: bordered, bottom: bordered, left: bordered, right: bordered, insideHorizontal: bordered, insideVertical: bordered };
  const headerRow = new TableRow({ tableHeader: true, children: columns.map((c) => cell([centered([{ text: c.header, bold: true, size: SMALL }])], c.width)) });
  const itemRow = new TableRow({
    children: columns.map((c, i) => {
      const text = `${i === 0 ? `{#${loop}}` : ""}{${c.field}}${i === columns.length - 1 ? `{/${loop}}` : ""}`;
      return cell([new Paragraph({ alignment: i === 0 ? AlignmentType.CENTER : AlignmentType.LEFT, children: runs([{ text, size: SMALL }]) })], c.width);
    }),
  });
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders, rows: [headerRow, itemRow] });
}

function document(children: Array<Paragraph | Table>): Document {
  return new Document({
    creator: "Trợ lý Thi đua – Khen thưởng",
    styles: { default: { document: { run: { font: "Times New Roman", size: BODY }, paragraph: { spacing: { line: 276 } } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: { top: convertMillimetersToTwip(20), bottom: convertMillimetersToTwip(20), left: convertMillimetersToTwip(30), right: convertMillimetersToTwip(15) },
          },
        },
        children,
      },
    ],
  });
}

const PRIOR_AWARDS_TABLE = listTable("priorAwards", [
  { header: "Năm", field: "year", width: 12 },
  { header: "Hình thức khen thưởng", field: "award", width: 38 },
  { header: "Số, ngày quyết định", field: "decision", width: 25 },
  { header: "Cơ quan ban hành", field: "issuer", width: 25 },
]);

const PRIOR_AWARDS = [
  PRIOR_AWARDS_TABLE,
  body("{^priorAwards}Chưa có hình thức khen thưởng nào được ghi nhận trong hệ thống.{/priorAwards}"),
  body("Khai báo thêm: {priorAwardsDeclared}"),
];

const ACHIEVEMENT_FACTS = repeated("facts", body("- {label}: {value}"));

const ATTESTATION = [heading("IV. CAM KẾT"), body("{attestationText}")];

/**
 * A báo cáo thành tích: the motto, the title lines, the nominee's section (I), the achievement
 * (II: the summary and the answers the criteria used), the awards already received (III), the
 * attestation (IV) and the signature blocks. The five templates differ in the title, section I and
 * who signs.
 */
function report(parts: { titles: string[]; about: { heading: string; lines: Paragraph[] }; achievement: { heading: string; lines: Paragraph[] }; signers: [Paragraph[], Paragraph[]]; footer?: Paragraph[] }): Document {
  return document([
    ...mottoHeader(),
    ...parts.titles.map((t) => centered([{ text: t, bold: true }])),
    blank(),
    heading(`I. ${parts.about.heading}`),
    ...parts.about.lines,
    heading(`II. ${parts.achievement.heading}`),
    ...parts.achievement.lines,
    body("{summary}"),
    ...ACHIEVEMENT_FACTS,
    heading("III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN"),
    ...PRIOR_AWARDS,
    ...ATTESTATION,
    blank(),
    signatures(...parts.signers),
    ...(parts.footer ?? []),
  ]);
}

const AWARD_TITLES = ["BÁO CÁO THÀNH TÍCH", "ĐỀ NGHỊ TẶNG {awardHeading}", "{periodLine}"];

/** Section I of the đột xuất and chuyên đề reports, which serve individuals, collectives and households alike. */
const ANY_SUBJECT = {
  heading: "THÔNG TIN VỀ {subjectHeading}",
  lines: [
    body("- {subjectLabel}: {nomineeName}."),
    ...repeated("isIndividual", body("- Ngày, tháng, năm sinh: {birthDate}. Giới tính: {gender}.")),
    body("- Chức vụ, đơn vị công tác hoặc nơi cư trú: {nomineeDetails}."),
  ],
};

const COMMUNE_ATTESTS = signatureBlock("XÁC NHẬN CỦA {unitTitleUpper}", "(Ký, đóng dấu)");

/** Báo cáo thành tích of an individual (NĐ 152/2025, the công trạng template's structure). */
function achievementIndividual(): Document {
  return report({
    titles: AWARD_TITLES,
    about: {
      heading: "SƠ LƯỢC LÝ LỊCH",
      lines: [
        body("- Họ và tên: {nomineeName}. Giới tính: {gender}."),
        body("- Ngày, tháng, năm sinh: {birthDate}."),
        body("- Quê quán: {hometown}."),
        body("- Nơi cư trú, nơi công tác: {nomineePlace}."),
        body("- Chức vụ (Đảng, chính quyền, đoàn thể): {position}."),
        body("- Đối tượng: {subjectCategory}."),
        body("- Trình độ chuyên môn, nghiệp vụ: {qualification}."),
      ],
    },
    achievement: { heading: "THÀNH TÍCH ĐẠT ĐƯỢC", lines: [body("1. Nhiệm vụ được giao: {position}."), body("2. Thành tích đạt được:")] },
    signers: [signatureBlock("THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ", "(Ký, đóng dấu)"), signatureBlock("NGƯỜI BÁO CÁO THÀNH TÍCH", "(Ký, ghi rõ họ và tên)", "{nomineeName}")],
    footer: [blank(), centered([{ text: "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", bold: true }]), centered([{ text: "(Ký, đóng dấu)", italics: true }])],
  });
}

/** Báo cáo thành tích of a collective (tập thể), with its members and the share of Lao động tiên tiến. */
function achievementCollective(): Document {
  return report({
    titles: [...AWARD_TITLES, "Tên tập thể đề nghị: {nomineeName}"],
    about: {
      heading: "SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
      lines: [
        body("1. Đặc điểm, tình hình: {collectiveKind}; địa điểm: {nomineePlace}."),
        body("2. Tổng số thành viên: {memberCount} ({memberCountWords}); số Lao động tiên tiến: {advancedWorkerCount} ({advancedWorkerCountWords}), đạt {advancedWorkerPercent}%."),
      ],
    },
    achievement: { heading: "THÀNH TÍCH ĐẠT ĐƯỢC", lines: [] },
    signers: [signatureBlock("XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", "(Ký, đóng dấu)"), signatureBlock("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, đóng dấu)")],
  });
}

/** Báo cáo thành tích of a household (hộ gia đình), attested by the commune. */
function achievementHousehold(): Document {
  return report({
    titles: AWARD_TITLES,
    about: { heading: "SƠ LƯỢC VỀ HỘ GIA ĐÌNH", lines: [body("- Họ và tên chủ hộ: {nomineeName}."), body("- Số nhân khẩu: {memberCount}."), body("- Nơi cư trú: {nomineePlace}.")] },
    achievement: { heading: "THÀNH TÍCH ĐẠT ĐƯỢC", lines: [] },
    signers: [COMMUNE_ATTESTS, signatureBlock("CHỦ HỘ", "(Ký, ghi rõ họ và tên)", "{nomineeName}")],
  });
}

/** Báo cáo tóm tắt thành tích đột xuất: the act, when and where, for an individual, a collective or a household. */
function achievementOneOff(): Document {
  return report({
    titles: ["BÁO CÁO TÓM TẮT THÀNH TÍCH ĐỘT XUẤT", "ĐỀ NGHỊ TẶNG {awardHeading}"],
    about: ANY_SUBJECT,
    achievement: { heading: "TÓM TẮT THÀNH TÍCH ĐỘT XUẤT", lines: [] },
    signers: [COMMUNE_ATTESTS, signatureBlock("NGƯỜI LẬP BÁO CÁO", "(Ký, ghi rõ họ và tên)")],
  });
}

/** Báo cáo thành tích thi đua theo chuyên đề: the movement named in the heading. */
function achievementMovement(): Document {
  return report({
    titles: ["BÁO CÁO THÀNH TÍCH", "TRONG PHONG TRÀO THI ĐUA “{movement}”", "ĐỀ NGHỊ TẶNG {awardHeading}"],
    about: ANY_SUBJECT,
    achievement: { heading: "THÀNH TÍCH ĐẠT ĐƯỢC TRONG PHONG TRÀO", lines: [] },
    signers: [COMMUNE_ATTESTS, signatureBlock("NGƯỜI LẬP BÁO CÁO", "(Ký, ghi rõ họ và tên)")],
  });
}

const NOMINEE_LIST = listTable("nominees", [
  { header: "STT", field: "index", width: 7 },
  { header: "Họ và tên cá nhân, tên tập thể, hộ gia đình", field: "name", width: 28 },
  { header: "Chức vụ, đơn vị công tác hoặc nơi cư trú", field: "details", width: 30 },
  { header: "Hình thức đề nghị", field: "award", width: 20 },
  { header: "Ghi chú", field: "note", width: 15 },
]);

/** Tờ trình (NĐ 152/2025 mẫu số 01) and its danh sách on a second page. */
function proposal(): Document {
  return document([
    officialHeader({ upper: "{issuerUpper}", lower: "{issuerLower}" }, "Số:        /TTr-{issuerAbbreviation}"),
    blank(),
    centered([{ text: "TỜ TRÌNH", bold: true }]),
    centered([{ text: "Về việc đề nghị {proposalSubject}", bold: true }]),
    blank(),
    centered(["Kính gửi: {addressee}."]),
    blank(),
    body("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"),
    body("Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;"),
    ...repeated("legalBases", body("Căn cứ {text};")),
    body("Căn cứ kết quả bình xét của Hội đồng Thi đua - Khen thưởng {unitTitle},"),
    body("{issuerName} kính trình {addresseeShort} xem xét, {decisionVerb} cho {nomineeCount} ({nomineeCountWords}) {nomineeNoun}, gồm:"),
    ...repeated("awardGroups", body("- {award}: {count} ({countWords}) {noun};")),
    body("(Có danh sách và hồ sơ kèm theo)."),
    body("Kính trình {addresseeShort} xem xét, quyết định./."),
    blank(),
    signatures(
      [new Paragraph({ children: runs([{ text: "Nơi nhận:", bold: true, italics: true, size: 24 }]) }), new Paragraph({ children: runs(["- Như trên;"], { size: 22 }) }), new Paragraph({ children: runs(["- Lưu: VT."], { size: 22 }) })],
      signatureBlock("{signerTitle}", "(Ký, đóng dấu)"),
    ),
    new Paragraph({ children: [new PageBreak()] }),
    centered([{ text: "DANH SÁCH ĐỀ NGHỊ {listHeading}", bold: true }]),
    centered([{ text: "(Kèm theo Tờ trình số        /TTr-{issuerAbbreviation} ngày {dateShort} của {issuerName})", italics: true }]),
    blank(),
    NOMINEE_LIST,
  ]);
}

/** Biên bản họp Hội đồng Thi đua - Khen thưởng with the secret ballot's tallies (blank until the meeting is recorded). */
function meetingMinutes(): Document {
  return document([
    officialHeader({ upper: "{unitTitleUpper}", lower: "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" }, ""),
    blank(),
    centered([{ text: "BIÊN BẢN", bold: true }]),
    centered([{ text: "Họp Hội đồng Thi đua - Khen thưởng {unitTitle}", bold: true }]),
    centered([{ text: "xét đề nghị khen thưởng {periodLine}", bold: true }]),
    blank(),
    body("Thời gian: {meetingTime}."),
    body("Địa điểm: {meetingPlace}."),
    body("Chủ trì: {meetingChair}. Thư ký: {meetingSecretary}."),
    body("Thành viên Hội đồng có mặt: {presentCount}/{memberCount} ({presentCountWords} trên {memberCountWords}) thành viên; vắng mặt: {absentCount}."),
    body("Nội dung: Hội đồng xem xét hồ sơ đề nghị khen thưởng của {nomineeCount} ({nomineeCountWords}) {nomineeNoun} và biểu quyết bằng phiếu kín. Kết quả kiểm phiếu như sau:"),
    listTable("nominees", [
      { header: "STT", field: "index", width: 7 },
      { header: "Họ và tên cá nhân, tên tập thể, hộ gia đình", field: "name", width: 30 },
      { header: "Hình thức đề nghị", field: "award", width: 23 },
      { header: "Số phiếu đồng ý", field: "votesFor", width: 13 },
      { header: "Tỷ lệ (%)", field: "votePercent", width: 12 },
      { header: "Kết quả", field: "voteResult", width: 15 },
    ]),
    body("Cuộc họp kết thúc lúc {meetingEnd}; biên bản đã được đọc lại cho các thành viên dự họp cùng nghe và nhất trí./."),
    blank(),
    signatures(signatureBlock("THƯ KÝ", "(Ký, ghi rõ họ và tên)"), signatureBlock("CHỦ TỊCH HỘI ĐỒNG", "(Ký, ghi rõ họ và tên)")),
  ]);
}

/** A draft quyết định of the commune's chair, with its annexed list. */
function draftDecision(): Document {
  return document([
    officialHeader({ upper: "{issuerUpper}", lower: "{issuerLower}" }, "Số: {decisionNumber}"),
    new Paragraph({ alignment: AlignmentType.LEFT, children: runs([{ text: "DỰ THẢO", bold: true }]) }),
    centered([{ text: "QUYẾT ĐỊNH", bold: true }]),
    centered([{ text: "Về việc tặng {awardPhrase}", bold: true }]),
    blank(),
    centered([{ text: "{signerTitleUpper}", bold: true }]),
    blank(),
    body({ text: "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", italics: true }),
    body({ text: "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", italics: true }),
    body({ text: "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;", italics: true }),
    ...repeated("legalBases", body({ text: "Căn cứ {text};", italics: true })),
    body({ text: "Xét đề nghị của Hội đồng Thi đua - Khen thưởng {unitTitle}.", italics: true }),
    blank(),
    centered([{ text: "QUYẾT ĐỊNH:", bold: true }]),
    body({ text: "Điều 1. ", bold: true }, "Tặng {awardPhrase} cho {nomineeCount} ({nomineeCountWords}) {nomineeNoun} có tên trong danh sách kèm theo, đã có thành tích {achievementPhrase}."),
    body({ text: "Điều 2. ", bold: true }, "{rewardSentence}"),
    body({ text: "Điều 3. ", bold: true }, "Quyết định này có hiệu lực kể từ ngày ký. Văn phòng Hội đồng nhân dân và Ủy ban nhân dân, Hội đồng Thi đua - Khen thưởng {unitTitle} và {nomineeNoun} có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."),
    blank(),
    signatures(
      [new Paragraph({ children: runs([{ text: "Nơi nhận:", bold: true, italics: true, size: 24 }]) }), new Paragraph({ children: runs(["- Như Điều 3;"], { size: 22 }) }), new Paragraph({ children: runs(["- Lưu: VT."], { size: 22 }) })],
      signatureBlock("{signerRole}", "(Ký, đóng dấu)", "{decisionSigner}"),
    ),
    new Paragraph({ children: [new PageBreak()] }),
    centered([{ text: "DANH SÁCH {listHeading}", bold: true }]),
    centered([{ text: "(Kèm theo Quyết định số {decisionNumber} ngày {decisionDate} của {signerTitle})", italics: true }]),
    blank(),
    NOMINEE_LIST,
  ]);
}

/** Every stock template, by the file name the document kinds refer to. */
const STOCK_TEMPLATES: Record<string, () => Document> = {
  "bao-cao-thanh-tich-ca-nhan.docx": achievementIndividual,
  "bao-cao-thanh-tich-tap-the.docx": achievementCollective,
  "bao-cao-thanh-tich-ho-gia-dinh.docx": achievementHousehold,
  "bao-cao-thanh-tich-dot-xuat.docx": achievementOneOff,
  "bao-cao-thanh-tich-chuyen-de.docx": achievementMovement,
  "to-trinh.docx": proposal,
  "bien-ban-hop-hoi-dong.docx": meetingMinutes,
  "du-thao-quyet-dinh.docx": draftDecision,
};

async function main(): Promise<void> {
  const dir = join(process.cwd(), "templates");
  for (const [name, build] of Object.entries(STOCK_TEMPLATES)) {
    await writeFile(join(dir, name), await Packer.toBuffer(build()));
    console.log(`templates/${name}`);
  }
}

await main();
