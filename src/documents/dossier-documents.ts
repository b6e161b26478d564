/**
 * The papers of a nomination dossier, generated from what the chat collected: the báo cáo thành
 * tích (the template chosen by subject and kind of commendation), the tờ trình with its danh sách,
 * the biên bản of the council's meeting, and, once the council has recommended, the draft
 * quyết định. DOCX always; PDF too when LibreOffice is installed and the caller asks.
 *
 * Templates are read from `templates/` at each generation, so a commune that replaces one with its
 * province's version sees it at once. What a document was filled with is hashed with its template:
 * `ensure` stores a new version only when that hash changes (a decision recorded, a template
 * replaced), and keeps the earlier versions.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { FileStore } from "../attachments/file-store.ts";
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import type { Db } from "../db/open-database.ts";
import { dossierPayloadV1 } from "../dossiers/dossier-payload.ts";
import type { FlowRegistry } from "../flows/flow-registry.ts";
import { awardHistoryFor, nomineeOf } from "../awards/award-history.ts";
import type { LawCatalogue } from "../law/award-catalogue.ts";
import { unitWords } from "../law/resolve-grantor.ts";
import { unitBareName } from "../catalogues/unit-name.ts";
import { formatLocalDate, toIsoDate } from "../time/local-date.ts";
import { localDateInVietnam, timeInVietnam } from "../time/vietnam-time.ts";
import { achievementReportData, decisionData, minutesData, proposalData, type Issuer, type MeetingRecord, type NomineeEntry, type TemplateData } from "./document-data.ts";
import { isNominationPayload, nomineeEntry } from "./nominee-entry.ts";
import type { DocumentKind } from "./document-kind.ts";
import type { PdfConverter } from "./pdf-converter.ts";
import { renderDocx } from "./render-docx.ts";
import { latestMeeting } from "../rounds/council-meeting.ts";

export const DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const PDF_MEDIA_TYPE = "application/pdf";

export { DOCUMENT_KINDS, type DocumentKind } from "./document-kind.ts";

/** The file-name part and the Vietnamese name of each kind. */
export const DOCUMENT_KIND_NAMES: Record<DocumentKind, { slug: string; vi: string }> = {
  BAO_CAO_THANH_TICH: { slug: "bao-cao-thanh-tich", vi: "Báo cáo thành tích" },
  TO_TRINH: { slug: "to-trinh", vi: "Tờ trình kèm danh sách" },
  BIEN_BAN: { slug: "bien-ban-hop-hoi-dong", vi: "Biên bản họp Hội đồng TĐKT" },
  DU_THAO_QUYET_DINH: { slug: "du-thao-quyet-dinh", vi: "Dự thảo quyết định" },
};

/** Statuses of a dossier that is no longer on a list before the council (nor on a posted list). */
export const OFF_THE_LIST = ["RETURNED", "RESUBMITTED", "NOT_RECOMMENDED", "REFUSED"];

/** "14 giờ 00, ngày 05/12/2026", in Vietnam's time, as a biên bản prints a moment. */
function timeAndDate(at: Date): string {
  const [hours, minutes] = timeInVietnam(at).split(":");
  return `${hours} giờ ${minutes}, ngày ${formatLocalDate(localDateInVietnam(at))}`;
}

/** Statuses after which the council has recommended: the draft quyết định is made. */
const RECOMMENDED = new Set(["RECOMMENDED", "GRANTED"]);

export interface GeneratedDocument {
  kind: DocumentKind;
  template: string;
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
  /** sha256 of the template bytes and the data it was filled with. */
  dataHash: string;
}

export interface StoredDocument {
  id: string;
  dossierId: string;
  kind: string;
  version: number;
  template: string;
  fileName: string;
  mediaType: string;
  sha256: string;
  size: number;
  createdAt: Date;
}

export interface DossierDocumentsDeps {
  db: Db;
  flows: FlowRegistry;
  law: LawCatalogue;
  units: UnitDirectory;
  /** Folder of the `.docx` templates. */
  templatesDir: string;
  /** Where generated documents are kept (DATA_DIR/documents), apart from uploaded files. */
  store: FileStore;
  /** Null when LibreOffice is not installed: PDFs are skipped. */
  pdf: PdfConverter | null;
  serializeWrites?: <T>(work: () => Promise<T>) => Promise<T>;
  now?: () => Date;
}

type DossierRow = { id: string; code: string; unitId: string; status: string; payload: unknown; submittedAt: Date; decision: unknown; nominationId: string | null };

/** Where the templates ship: `templates/` at the project root. */
export const TEMPLATES_DIR = join(import.meta.dirname, "..", "..", "templates");

export class DossierDocuments {
  constructor(private readonly deps: DossierDocumentsDeps) {}

  /** The dossier with this id or reference code, if it is a nomination (good-deed reports have no papers). */
  async findNominationDossier(idOrCode: string) {
    const row = await this.deps.db.dossier.findFirst({ where: { OR: [{ id: idOrCode }, { code: idOrCode }] } });
    return row && row.kind !== "GOOD_DEED_REPORT" ? row : null;
  }

  /** Generates the dossier's documents without storing them. */
  async generate(dossier: DossierRow): Promise<GeneratedDocument[]> {
    const entry = await this.entryOf(dossier);
    if (!entry) return [];
    const issuer = this.issuerOf(dossier.unitId);
    const dated = toIsoDate(localDateInVietnam(dossier.submittedAt));
    const decision = entry.decision;
    const reportTemplate =
      entry.achievementType === "DOT_XUAT" ? "bao-cao-thanh-tich-dot-xuat.docx"
      : entry.achievementType === "CHUYEN_DE" ? "bao-cao-thanh-tich-chuyen-de.docx"
      : entry.subjectKind === "TAP_THE" ? "bao-cao-thanh-tich-tap-the.docx"
      : entry.subjectKind === "HO_GIA_DINH" ? "bao-cao-thanh-tich-ho-gia-dinh.docx"
      : "bao-cao-thanh-tich-ca-nhan.docx";
    const parts: Array<[DocumentKind, string, TemplateData]> = [
      ["BAO_CAO_THANH_TICH", reportTemplate, achievementReportData(entry, issuer, dated)],
      ["TO_TRINH", "to-trinh.docx", proposalData([entry], issuer, dated)],
      ["BIEN_BAN", "bien-ban-hop-hoi-dong.docx", minutesData([entry], issuer, dated)],
    ];
    if (RECOMMENDED.has(dossier.status) && !entry.award.upward) {
      parts.push(["DU_THAO_QUYET_DINH", "du-thao-quyet-dinh.docx", decisionData([entry], issuer, decision?.signedOn ?? dated)]);
    }
    return Promise.all(parts.map(([kind, template, data]) => this.render(kind, template, data, dossier.code)));
  }

  /**
   * The tờ trình and the biên bản for every nomination of a unit (and the units under it) for a
   * year that is still before the council or recommended: one pair per grantor, since a tờ trình
   * goes to one addressee.
   */
  async forUnitYear(unitId: string, year: number, today: string): Promise<GeneratedDocument[]> {
    const rows = await this.deps.db.dossier.findMany({
      where: { kind: { not: "GOOD_DEED_REPORT" }, status: { notIn: OFF_THE_LIST }, unitId: { in: this.deps.units.idsWithin(unitId) } },
      orderBy: { code: "asc" },
    });
    const entries: NomineeEntry[] = [];
    for (const row of rows) {
      const entry = await this.entryOf(row);
      if (entry && entry.year === year) entries.push(entry);
    }
    return this.listPapers(entries, unitId, `${this.issuerOf(unitId).placeName}-${year}`, today);
  }

  /**
   * The tờ trình and the biên bản of a review round (đợt xét): its nominations still before the
   * council or recommended, one pair per grantor. The biên bản carries the attendance and the
   * tallies of the round's latest recorded meeting, if any.
   */
  async forRound(roundId: string, today: string): Promise<GeneratedDocument[]> {
    const round = await this.deps.db.reviewRound.findUnique({ where: { id: roundId } });
    if (!round) return [];
    const rows = await this.deps.db.dossier.findMany({ where: { roundId, kind: { not: "GOOD_DEED_REPORT" }, status: { notIn: OFF_THE_LIST } }, orderBy: { code: "asc" } });
    const entries: NomineeEntry[] = [];
    for (const row of rows) {
      const entry = await this.entryOf(row);
      if (entry) entries.push(entry);
    }
    const meeting = await latestMeeting(this.deps.db, roundId);
    const codes = new Map(rows.map((r) => [r.id, r.code]));
    const record: MeetingRecord | undefined = meeting
      ? {
          heldAt: timeAndDate(meeting.heldAt),
          place: meeting.place,
          chair: meeting.chair,
          secretary: meeting.secretaryName,
          memberCount: meeting.memberCount,
          presentCount: meeting.presentCount,
          endedAt: meeting.endedAt ? timeAndDate(meeting.endedAt) : "……",
          votes: Object.fromEntries(meeting.votes.flatMap((v) => (codes.has(v.dossierId) ? [[codes.get(v.dossierId)!, { for: v.votesFor, passed: v.passed }]] : []))),
        }
      : undefined;
    return this.listPapers(entries, round.unitId, round.code, today, record);
  }

  /** One tờ trình and one biên bản per grantor among `entries`, issued by the unit's commune. */
  private async listPapers(entries: NomineeEntry[], unitId: string, base: string, today: string, meeting?: MeetingRecord): Promise<GeneratedDocument[]> {
    const byGrantor = new Map<string, NomineeEntry[]>();
    for (const e of entries) byGrantor.set(e.award.grantorTitle, [...(byGrantor.get(e.award.grantorTitle) ?? []), e]);
    const issuer = this.issuerOf(unitId);
    const out: GeneratedDocument[] = [];
    let n = 0;
    for (const list of byGrantor.values()) {
      const name = byGrantor.size > 1 ? `${base}-${++n}` : base;
      out.push(await this.render("TO_TRINH", "to-trinh.docx", proposalData(list, issuer, today), name));
      out.push(await this.render("BIEN_BAN", "bien-ban-hop-hoi-dong.docx", minutesData(list, issuer, today, meeting), name));
    }
    return out;
  }

  /**
   * The latest version of each of the dossier's documents, stored: a document whose template or
   * data changed since the last version becomes a new version (with its PDF when `pdf` is asked and
   * LibreOffice is installed); unchanged ones are returned as stored.
   */
  async ensure(dossier: DossierRow, opts: { pdf?: boolean } = {}): Promise<StoredDocument[]> {
    const generated = await this.generate(dossier);
    const now = (this.deps.now ?? (() => new Date()))();
    const serialize = this.deps.serializeWrites ?? (<T>(work: () => Promise<T>) => work());
    const out: StoredDocument[] = [];
    for (const doc of generated) {
      const latest = await this.latest(dossier.id, doc.kind, DOCX_MEDIA_TYPE);
      const docx = latest?.dataHash === doc.dataHash ? latest : await this.store(dossier.id, doc, (latest?.version ?? 0) + 1, now, serialize);
      out.push(strip(docx));
      if (!opts.pdf || !this.deps.pdf) continue;
      const pdf = await this.deps.db.dossierDocument.findFirst({ where: { dossierId: dossier.id, kind: doc.kind, mediaType: PDF_MEDIA_TYPE, version: docx.version } });
      if (pdf) {
        out.push(strip(pdf));
        continue;
      }
      const bytes = await this.deps.pdf.toPdf(doc.bytes);
      const pdfDoc = { ...doc, fileName: doc.fileName.replace(/\.docx$/, ".pdf"), mediaType: PDF_MEDIA_TYPE, bytes };
      out.push(strip(await this.store(dossier.id, pdfDoc, docx.version, now, serialize)));
    }
    return out;
  }

  /** Every stored version of the dossier's documents, newest first. */
  async versions(dossierId: string): Promise<StoredDocument[]> {
    const rows = await this.deps.db.dossierDocument.findMany({ where: { dossierId }, orderBy: [{ kind: "asc" }, { version: "desc" }, { mediaType: "asc" }] });
    return rows.map(strip);
  }

  /** A stored document and its bytes, or null. */
  async read(documentId: string): Promise<{ document: StoredDocument; bytes: Uint8Array } | null> {
    const row = await this.deps.db.dossierDocument.findUnique({ where: { id: documentId } });
    if (!row) return null;
    const bytes = await readFile(this.deps.store.pathOf(row.storageKey)).then((b) => new Uint8Array(b), () => null);
    return bytes ? { document: strip(row), bytes } : null;
  }

  private latest(dossierId: string, kind: string, mediaType: string) {
    return this.deps.db.dossierDocument.findFirst({ where: { dossierId, kind, mediaType }, orderBy: { version: "desc" } });
  }

  private async store(dossierId: string, doc: GeneratedDocument, version: number, now: Date, serialize: <T>(work: () => Promise<T>) => Promise<T>) {
    const file = await this.deps.store.put(doc.bytes);
    const data = { dossierId, kind: doc.kind, version, template: doc.template, fileName: doc.fileName, mediaType: doc.mediaType, sha256: file.sha256, size: file.size, storageKey: file.storageKey, dataHash: doc.dataHash, createdAt: now };
    return serialize(async () => {
      // Two requests for the same dossier at once: the second finds the first's row.
      const existing = await this.deps.db.dossierDocument.findUnique({ where: { dossierId_kind_mediaType_version: { dossierId, kind: doc.kind, mediaType: doc.mediaType, version } } });
      return existing ?? this.deps.db.dossierDocument.create({ data });
    });
  }

  private async render(kind: DocumentKind, template: string, data: TemplateData, base: string): Promise<GeneratedDocument> {
    const bytes = await readFile(join(this.deps.templatesDir, template));
    const dataHash = createHash("sha256").update(bytes).update(JSON.stringify(data)).digest("hex");
    return { kind, template, fileName: `${base}-${DOCUMENT_KIND_NAMES[kind].slug}.docx`, mediaType: DOCX_MEDIA_TYPE, bytes: renderDocx(template, bytes, data), dataHash };
  }

  private async entryOf(dossier: DossierRow): Promise<NomineeEntry | null> {
    const parsed = dossierPayloadV1.safeParse(dossier.payload);
    if (!parsed.success || !isNominationPayload(parsed.data)) return null;
    const payload = parsed.data;
    const nomination = dossier.nominationId ? await this.deps.db.nomination.findUnique({ where: { id: dossier.nominationId } }) : null;
    const granted = nomination ? await awardHistoryFor(this.deps.db, nomineeOf(nomination)) : [];
    const names = new Map(this.deps.law.awards.map((a) => [a.code, a.name]));
    const history = granted
      .filter((h) => h.dossierId !== dossier.id)
      .map((h) => ({ year: h.year, awardName: names.get(h.awardCode) ?? h.awardCode, decisionNumber: h.decisionNumber, decidedOn: h.decidedOn, signer: h.signer }));
    const decision = dossier.decision as { number?: string; signedOn?: string; signer?: string; outcome?: string } | null;
    return nomineeEntry(dossier.code, payload, {
      flow: await this.deps.flows.revision(payload.flow.id, payload.flow.revision),
      award: this.deps.law.awards.find((a) => a.code === payload.nomination.award.code),
      history,
      decision: decision?.number && decision.signedOn && decision.signer ? { number: decision.number, signedOn: decision.signedOn, signer: decision.signer } : null,
    });
  }

  /** The commune-level unit of the proposing unit (or the unit itself above that level). */
  private issuerOf(unitId: string): Issuer {
    const chain = this.deps.units.chain(unitId);
    const unit = chain.find((u) => u.level === "XA") ?? chain.at(-1);
    const province = chain.find((u) => u.level === "TINH");
    if (!unit) return { placeName: "……", unitTitle: "……", provinceTitle: null };
    return { placeName: unitBareName(unit), unitTitle: unitWords(unit), provinceTitle: province ? unitWords(province) : null };
  }
}

function strip(row: StoredDocument & Record<string, unknown>): StoredDocument {
  return { id: row.id, dossierId: row.dossierId, kind: row.kind, version: row.version, template: row.template, fileName: row.fileName, mediaType: row.mediaType, sha256: row.sha256, size: row.size, createdAt: row.createdAt };
}
