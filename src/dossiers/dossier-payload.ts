/**
 * The dossier payload: the versioned JSON document the council receives (hồ sơ đề nghị khen
 * thưởng, or a good-deed report for verification). It is the contract with the council's queue,
 * documented in the README; a change of shape means a new `version` and a new schema here, and
 * stored payloads keep their version.
 */
import { z } from "zod";

export const DOSSIER_PAYLOAD_VERSION = 1;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const attachment = z.object({ id: z.string(), sha256: z.string().length(64), mime: z.string(), size: z.number().int(), fileName: z.string().nullable() });
const unit = z.object({ id: z.string(), name: z.string(), path: z.array(z.string()).describe("names from the province down") });
const award = z.object({ code: z.string(), name: z.string(), grantedBy: z.string() });
const attestation = z.object({ text: z.string(), at: z.iso.datetime() });

/**
 * The law's check of the proposal (src/law): who decides (rendered from the unit), whether it is
 * proposed upward, and each criterion the answers failed, explained with its article and the
 * answers used. A non-empty `failed` means the submitter sent it despite the warning shown
 * before the summary: the council decides.
 */
const eligibility = z.object({
  grantor: z.object({ title: z.string(), basis: z.string(), upward: z.boolean(), awardTitle: z.string() }),
  failed: z.array(z.object({ rule: z.string(), article: z.string(), explanation: z.string() })),
});

/**
 * The closed sets of values the council receives. A flow's choice step feeding one of them may
 * offer only these values (the records reuse these schemas, and the flow loader checks).
 */
export const achievementTypeSchema = z.enum(["THUONG_XUYEN", "CHUYEN_DE", "DOT_XUAT"]);
export const genderSchema = z.enum(["NAM", "NU"]);
export const reportSubjectKindSchema = z.enum(["CA_NHAN", "TAP_THE", "CHUA_RO"]);
export const subjectConsentSchema = z.enum(["DONG_Y", "CHUA_HOI", "TU_CHOI"]);

const nominationCommon = {
  award,
  achievementType: achievementTypeSchema,
  movement: z.string().nullable(),
  summary: z.string(),
  attestation,
  /*
   * Optional within version 1, like `submittedBy`: payloads stored or queued before these fields
   * existed still parse; a reader treats them as absent.
   */
  /** The year whose achievements are recognised. */
  year: z.number().int().nullable().optional(),
  /** The answers the award's criteria and the dossier need (mức độ hoàn thành nhiệm vụ, sáng kiến, kỷ luật, prior awards…), by step id; null when skipped. */
  criteriaAnswers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).nullable()).optional(),
  eligibility: eligibility.optional(),
};

const common = {
  schema: z.literal("tdkt.dossier"),
  version: z.literal(1),
  code: z.string().regex(/^TDKT-\d{4}-\d{6}$/),
  submittedAt: z.iso.datetime(),
  /**
   * Who submitted, or null for an anonymous good-deed report: an anonymous tip carries no user id,
   * channel or name (the bot keeps the link locally so the reporter can ask its status). After the
   * submitter erased their data, `name` is null and `userId` is a pseudonym that names no one.
   *
   * Nullable within version 1 rather than a version 2: every payload stored or queued before the
   * change still parses, the council validates with this same schema, and the shape is otherwise
   * unchanged; a reader must treat `submittedBy` as optional (the README's payload section says so).
   */
  submittedBy: z.object({ userId: z.string(), channel: z.string(), name: z.string().nullable() }).nullable(),
  flow: z.object({ id: z.string(), revision: z.number().int() }),
  unit,
  attachments: z.array(attachment),
};

export const dossierPayloadV1 = z.discriminatedUnion("kind", [
  z.object({
    ...common,
    kind: z.literal("NOMINATION_INDIVIDUAL"),
    nomination: z.object({
      nominee: z.object({
        fullName: z.string(),
        gender: genderSchema,
        birthDate: isoDate,
        nationalId: z.string().nullable(),
        position: z.string(),
        subjectCategory: z.string(),
        /**
         * Where the nominee lives or works; `unit` above is the proposing unit, whose council
         * decides. Added within version 1: absent in payloads stored before, so optional.
         */
        unit: unit.optional(),
      }),
      ...nominationCommon,
    }),
  }),
  z.object({
    ...common,
    kind: z.literal("NOMINATION_COLLECTIVE"),
    nomination: z.object({
      collective: z.object({
        name: z.string(),
        kind: z.string(),
        memberCount: z.number().int(),
        advancedWorkerCount: z.number().int(),
        /** Share of members who are Lao động tiên tiến, in percent with one decimal. */
        advancedWorkerPercent: z.number(),
        /** Where the collective is; absent in payloads stored before it was added (version 1). */
        unit: unit.optional(),
      }),
      ...nominationCommon,
    }),
  }),
  z.object({
    ...common,
    kind: z.literal("NOMINATION_HOUSEHOLD"),
    nomination: z.object({
      /** A household (hộ gia đình): its head (chủ hộ), the number of members when given, where it lives. */
      household: z.object({
        headName: z.string(),
        memberCount: z.number().int().nullable(),
        unit,
      }),
      ...nominationCommon,
    }),
  }),
  z.object({
    ...common,
    kind: z.literal("GOOD_DEED_REPORT"),
    goodDeedReport: z.object({
      subject: z.object({ kind: reportSubjectKindSchema, name: z.string().nullable(), phone: z.string().nullable() }),
      category: z.string(),
      story: z.string(),
      occurredOn: isoDate,
      reporter: z.object({ anonymous: z.boolean(), name: z.string().nullable(), phone: z.string().nullable() }),
      subjectConsent: subjectConsentSchema,
      dataConsentAt: z.iso.datetime(),
    }),
  }),
]);
export type DossierPayload = z.infer<typeof dossierPayloadV1>;
export type DossierKind = DossierPayload["kind"];
