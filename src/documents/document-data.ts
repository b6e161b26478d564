/**
 * The data each document template is filled with, built from what a dossier holds (its payload,
 * the award catalogue's title, the award history, the council's decision) and the issuing unit.
 * Pure: the loader (load-nominee-entry.ts) reads the database, these functions only shape values.
 *
 * Every field a template may use is listed in document-fields.ts with its meaning; a value the
 * dossier does not have is `null` and prints as a dotted blank to fill in by hand.
 */
import { dateInWords, dateLine, shortDate } from "./date-line.ts";
import { numberInWords, paddedCount } from "./vietnamese-number-words.ts";

export type SubjectKind = "CA_NHAN" | "TAP_THE" | "HO_GIA_DINH";

/** The unit whose name heads a document and whose place opens its date line. */
export interface Issuer {
  /** The place of the date line: the commune's name without its type word ("Hà Trung"). */
  placeName: string;
  /** "xã Hà Trung", "phường Kon Tum", "đặc khu Côn Đảo". */
  unitTitle: string;
  /** "tỉnh Thanh Hóa", "thành phố Hà Nội": where an award beyond the commune is proposed. */
  provinceTitle: string | null;
}

/** One nominee of a dossier, as the documents print it. */
export interface NomineeEntry {
  code: string;
  subjectKind: SubjectKind;
  nomineeName: string;
  /** "Nam" | "Nữ" for a person. */
  gender: string | null;
  /** dd/mm/yyyy for a person. */
  birthDate: string | null;
  position: string | null;
  /** The label of the subject category, or of the collective's kind. */
  category: string | null;
  /** Where the nominee lives or works: "Thôn Tân Lập, Xã Hà Trung". */
  place: string | null;
  memberCount: number | null;
  advancedWorkerCount: number | null;
  advancedWorkerPercent: number | null;
  award: {
    code: string;
    name: string;
    /** The printed title with its grantor: "Giấy khen của Chủ tịch UBND xã Hà Trung". */
    title: string;
    isTitle: boolean;
    grantorTitle: string;
    grantorBasis: string | null;
    upward: boolean;
    /** NĐ 152/2025 coefficient of the base salary, when the catalogue has one for the subject. */
    coefficient: number | null;
  };
  achievementType: "THUONG_XUYEN" | "CHUYEN_DE" | "DOT_XUAT";
  movement: string | null;
  year: number | null;
  summary: string;
  attestationText: string;
  /** The answers the award's criteria used, labelled as the form asked them. */
  facts: Array<{ label: string; value: string }>;
  /** Criteria the answers did not meet (sent anyway): printed in the list's note column. */
  failedCriteria: string[];
  priorAwardsDeclared: string | null;
  priorAwards: Array<{ year: number; award: string; decision: string; issuer: string }>;
  decision: { number: string; signedOn: string; signer: string } | null;
}

/** The council's meeting on the list, when it has been recorded: attendance and the secret ballot's tallies. */
export interface MeetingRecord {
  heldAt: string;
  place: string;
  chair: string;
  secretary: string;
  memberCount: number;
  presentCount: number;
  endedAt: string;
  /** Votes for each nominee, by dossier code. */
  votes: Record<string, { for: number; passed: boolean }>;
}

export type TemplateData = Record<string, unknown>;

const BLANK = null;

const SUBJECT_NOUN: Record<SubjectKind, string> = { CA_NHAN: "cá nhân", TAP_THE: "tập thể", HO_GIA_DINH: "hộ gia đình" };
const SUBJECT_LABEL: Record<SubjectKind, string> = { CA_NHAN: "Họ và tên", TAP_THE: "Tên tập thể", HO_GIA_DINH: "Họ và tên chủ hộ" };
const SUBJECT_HEADING: Record<SubjectKind, string> = { CA_NHAN: "CÁ NHÂN", TAP_THE: "TẬP THỂ", HO_GIA_DINH: "HỘ GIA ĐÌNH" };

function upper(s: string): string {
  return s.toLocaleUpperCase("vi");
}

/** "DANH HIỆU “LAO ĐỘNG TIÊN TIẾN”" or "GIẤY KHEN CỦA CHỦ TỊCH UBND XÃ HÀ TRUNG". */
function awardHeading(e: NomineeEntry): string {
  return upper(e.award.isTitle ? `danh hiệu “${e.award.name}”` : e.award.title);
}

/** "danh hiệu “Lao động tiên tiến”" or "Giấy khen của Chủ tịch UBND xã Hà Trung". */
function awardPhrase(e: NomineeEntry): string {
  return e.award.isTitle ? `danh hiệu “${e.award.name}”` : e.award.title;
}

function periodLine(e: NomineeEntry): string | null {
  if (e.achievementType === "DOT_XUAT") return null;
  return e.year ? `NĂM ${e.year}` : BLANK;
}

/** "cá nhân", or "cá nhân, tập thể" when the list mixes subjects. */
function nounFor(entries: readonly NomineeEntry[]): string {
  const kinds = [...new Set(entries.map((e) => e.subjectKind))];
  return kinds.map((k) => SUBJECT_NOUN[k]).join(", ");
}

/** Fields of the issuer and the date, shared by every template. */
export function commonFields(issuer: Issuer, today: string): TemplateData {
  const unitUpper = upper(issuer.unitTitle);
  return {
    placeName: issuer.placeName,
    unitTitle: issuer.unitTitle,
    unitTitleUpper: `UBND ${unitUpper}`,
    issuerName: `Ủy ban nhân dân ${issuer.unitTitle}`,
    issuerUpper: "ỦY BAN NHÂN DÂN",
    issuerLower: unitUpper,
    issuerAbbreviation: "UBND",
    dateLine: dateLine(issuer.placeName, today),
    dateInWords: dateInWords(today),
    dateShort: shortDate(today),
  };
}

function nomineeDetails(e: NomineeEntry): string | null {
  const parts = [e.position, e.place].filter((p): p is string => !!p);
  return parts.length ? parts.join(", ") : BLANK;
}

function achievementPhrase(e: NomineeEntry): string {
  if (e.achievementType === "DOT_XUAT") return "xuất sắc đột xuất";
  if (e.achievementType === "CHUYEN_DE" && e.movement) return `xuất sắc trong phong trào thi đua “${e.movement}”`;
  return e.year ? `xuất sắc trong phong trào thi đua năm ${e.year}` : "xuất sắc trong phong trào thi đua";
}

/** The báo cáo thành tích of one nominee (any of the five báo cáo templates). */
export function achievementReportData(e: NomineeEntry, issuer: Issuer, today: string): TemplateData {
  return {
    ...commonFields(issuer, today),
    code: e.code,
    awardName: e.award.name,
    awardTitle: e.award.title,
    awardHeading: awardHeading(e),
    grantorTitle: e.award.grantorTitle,
    periodLine: periodLine(e),
    year: e.year,
    nomineeName: e.nomineeName,
    subjectHeading: SUBJECT_HEADING[e.subjectKind],
    subjectLabel: SUBJECT_LABEL[e.subjectKind],
    isIndividual: e.subjectKind === "CA_NHAN",
    gender: e.gender,
    birthDate: e.birthDate,
    hometown: BLANK,
    qualification: BLANK,
    nomineePlace: e.place,
    nomineeDetails: nomineeDetails(e),
    position: e.position,
    subjectCategory: e.category,
    collectiveKind: e.category,
    memberCount: e.memberCount,
    memberCountWords: e.memberCount === null ? BLANK : numberInWords(e.memberCount),
    advancedWorkerCount: e.advancedWorkerCount,
    advancedWorkerCountWords: e.advancedWorkerCount === null ? BLANK : numberInWords(e.advancedWorkerCount),
    advancedWorkerPercent: e.advancedWorkerPercent === null ? BLANK : String(e.advancedWorkerPercent).replace(".", ","),
    movement: e.movement,
    summary: e.summary,
    facts: e.facts,
    priorAwards: e.priorAwards,
    priorAwardsDeclared: e.priorAwardsDeclared ?? "không",
    attestationText: e.attestationText,
  };
}

/** A nominee's tally at the council's meeting, with the council's size the share is of. */
export interface ListVote {
  for: number;
  passed: boolean;
  memberCount: number;
}

/** One row of a danh sách, as the list papers and the console's exports print it. */
export interface ListRowData {
  index: number;
  code: string;
  name: string;
  details: string | null;
  award: string;
  /** The criteria not met ("Chưa đạt: …"), or "". */
  note: string;
  votesFor: string | null;
  votePercent: string | null;
  voteResult: string | null;
}

/** One row of a danh sách: number, name, details, award, the criteria not met, and the tally once recorded. */
export function listRow(e: NomineeEntry, index: number, vote?: ListVote): ListRowData {
  return {
    index,
    code: e.code,
    name: e.nomineeName,
    details: nomineeDetails(e),
    award: e.award.name,
    note: e.failedCriteria.length ? `Chưa đạt: ${e.failedCriteria.join("; ")}` : "",
    votesFor: vote ? String(vote.for) : BLANK,
    votePercent: vote ? formatPercent((vote.for / vote.memberCount) * 100) : BLANK,
    voteResult: vote ? (vote.passed ? "Đạt" : "Không đạt") : BLANK,
  };
}

function listRows(entries: readonly NomineeEntry[], meeting?: MeetingRecord): TemplateData[] {
  return entries.map((e, i) => {
    const vote = meeting?.votes[e.code];
    return { ...listRow(e, i + 1, vote && meeting ? { ...vote, memberCount: meeting.memberCount } : undefined) };
  });
}

function formatPercent(p: number): string {
  return (Math.round(p * 10) / 10).toString().replace(".", ",");
}

function countFields(entries: readonly NomineeEntry[]): TemplateData {
  return { nomineeCount: paddedCount(entries.length), nomineeCountWords: numberInWords(entries.length), nomineeNoun: nounFor(entries) };
}

/** The legal bases a list's grantors rest on, beyond the law and NĐ 152/2025 that every template cites. */
function legalBases(entries: readonly NomineeEntry[]): Array<{ text: string }> {
  const bases = new Set(entries.map((e) => e.award.grantorBasis).filter((b): b is string => !!b));
  return [...bases].map((b) => LEGAL_BASIS_TEXT[b.split(",")[0]!.trim()]).filter((t): t is string => !!t).map((text) => ({ text }));
}

/**
 * The full citation of the decrees the award catalogue names as a grantor's basis (its `basis`
 * starts with the short name). Sources: NĐ 129/2025/NĐ-CP of 11/6/2025 (Bộ Nội vụ's powers in the
 * two-tier local government); NĐ 152/2025/NĐ-CP is cited by every template already.
 */
const LEGAL_BASIS_TEXT: Record<string, string> = {
  "NĐ 129/2025/NĐ-CP": "Nghị định số 129/2025/NĐ-CP ngày 11 tháng 6 năm 2025 của Chính phủ quy định việc phân định thẩm quyền của chính quyền địa phương 02 cấp trong lĩnh vực quản lý nhà nước của Bộ Nội vụ",
};

/**
 * The tờ trình (mẫu số 01) for nominees that go to one grantor. The commune's council proposes to
 * its chair; an award beyond the commune is proposed by the commune's People's Committee upward.
 */
export function proposalData(entries: readonly NomineeEntry[], issuer: Issuer, today: string): TemplateData {
  const first = entries[0];
  if (!first) throw new Error("proposalData: a tờ trình needs at least one nominee");
  const upward = first.award.upward;
  const grantor = formalTitle(first.award.grantorTitle);
  // Beyond the commune, the commune proposes to its province's chair, who decides or proposes further up.
  const addressee = upward && issuer.provinceTitle ? `Chủ tịch Ủy ban nhân dân ${issuer.provinceTitle}` : grantor;
  const common = commonFields(issuer, today);
  const groups = new Map<string, NomineeEntry[]>();
  for (const e of entries) groups.set(e.award.name, [...(groups.get(e.award.name) ?? []), e]);
  const years = [...new Set(entries.map((e) => e.year).filter((y): y is number => y !== null))];
  const period = years.length === 1 ? ` năm ${years[0]}` : "";
  return {
    ...common,
    ...(upward ? {} : { issuerUpper: common.unitTitleUpper, issuerLower: "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", issuerAbbreviation: "HĐTĐKT", issuerName: `Hội đồng Thi đua - Khen thưởng ${issuer.unitTitle}` }),
    proposalSubject: `khen thưởng${period}`,
    listHeading: upper(`khen thưởng${period}`),
    addressee,
    addresseeShort: addressee,
    decisionVerb: addressee === grantor ? "quyết định khen thưởng" : `trình ${grantor} khen thưởng`,
    signerTitle: upward ? "CHỦ TỊCH" : "CHỦ TỊCH HỘI ĐỒNG",
    legalBases: legalBases(entries),
    ...countFields(entries),
    awardGroups: [...groups].map(([award, list]) => ({ award, count: paddedCount(list.length), countWords: numberInWords(list.length), noun: nounFor(list) })),
    nominees: listRows(entries),
  };
}

/** The biên bản of the council's meeting on a list; the attendance and tallies are blank until the meeting is recorded. */
export function minutesData(entries: readonly NomineeEntry[], issuer: Issuer, today: string, meeting?: MeetingRecord): TemplateData {
  const years = [...new Set(entries.map((e) => e.year).filter((y): y is number => y !== null))];
  return {
    ...commonFields(issuer, today),
    periodLine: years.length === 1 ? `năm ${years[0]}` : "",
    meetingTime: meeting?.heldAt ?? BLANK,
    meetingPlace: meeting?.place ?? BLANK,
    meetingChair: meeting?.chair ?? BLANK,
    meetingSecretary: meeting?.secretary ?? BLANK,
    memberCount: meeting ? paddedCount(meeting.memberCount) : BLANK,
    memberCountWords: meeting ? numberInWords(meeting.memberCount) : BLANK,
    presentCount: meeting ? paddedCount(meeting.presentCount) : BLANK,
    presentCountWords: meeting ? numberInWords(meeting.presentCount) : BLANK,
    absentCount: meeting ? paddedCount(meeting.memberCount - meeting.presentCount) : BLANK,
    meetingEnd: meeting?.endedAt ?? BLANK,
    ...countFields(entries),
    nominees: listRows(entries, meeting),
  };
}

/** A draft quyết định of the grantor for nominees of one award, with the decision's number once recorded. */
export function decisionData(entries: readonly NomineeEntry[], issuer: Issuer, today: string): TemplateData {
  const first = entries[0];
  if (!first) throw new Error("decisionData: a quyết định needs at least one nominee");
  const decision = first.decision;
  const coefficient = first.award.coefficient;
  return {
    ...commonFields(issuer, today),
    decisionNumber: decision?.number ?? "        /QĐ-UBND",
    decisionDate: decision ? shortDate(decision.signedOn) : BLANK,
    decisionSigner: decision?.signer ?? "",
    signerTitle: first.award.grantorTitle,
    signerTitleUpper: upper(formalTitle(first.award.grantorTitle)),
    signerRole: "CHỦ TỊCH",
    awardPhrase: awardPhrase(first),
    achievementPhrase: achievementPhrase(first),
    rewardSentence: coefficient
      ? `Kèm theo ${awardPhrase(first)} được thưởng ${String(coefficient).replace(".", ",")} lần mức lương cơ sở theo quy định tại Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ.`
      : "Tiền thưởng thực hiện theo quy định tại Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ.",
    legalBases: legalBases(entries),
    listHeading: upper(`${first.subjectKind === "CA_NHAN" ? "cá nhân" : SUBJECT_NOUN[first.subjectKind]} được tặng ${awardPhrase(first)}`),
    ...countFields(entries),
    nominees: listRows(entries),
  };
}

/** "Chủ tịch Ủy ban nhân dân xã Hà Trung": the grantor's title with "UBND" written out, as an addressee. */
export function formalTitle(title: string): string {
  return title.replace(/\bUBND\b/g, "Ủy ban nhân dân");
}
