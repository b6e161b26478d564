/**
 * The flow format: flows are data (YAML files in `flows/`), and this zod schema is the single
 * source of truth for their shape. A flow has an `id`, a `specVersion` (the version of this
 * format) and a `revision` (the version of the flow's content; bump it whenever the content
 * changes, because open drafts stay pinned to the revision they started on).
 *
 * Steps run in file order; a step with `when` is shown only when an earlier answer matches.
 * Every text carries Vietnamese (`vi`, required) and optionally English (`en`).
 */
import { z } from "zod";
import { RECORD_KINDS } from "../records/record-kind.ts";

/** The newest flow format this code understands. */
export const CURRENT_SPEC_VERSION = 1;

export const localizedText = z.object({
  vi: z.string().trim().min(1, "Vietnamese text (vi) is required"),
  en: z.string().trim().min(1).optional(),
});
export type LocalizedText = z.infer<typeof localizedText>;

const stepId = z.string().regex(/^[a-z][a-zA-Z0-9]*$/, "step ids are camelCase ASCII");

/** Show a step only when the answer of an earlier step equals one of `in` (choice values or true/false). */
export const condition = z.object({
  step: stepId,
  in: z.array(z.union([z.string(), z.boolean()])).min(1),
});
export type Condition = z.infer<typeof condition>;

const option = z.object({
  value: z.string().regex(/^[A-Z0-9_]+$/, "option values are UPPER_SNAKE_CASE"),
  label: localizedText,
  /** Other words people type for this option (folded comparison, no diacritics needed). */
  aliases: z.array(z.string().min(1)).optional(),
});
export type ChoiceOption = z.infer<typeof option>;

const base = {
  id: stepId,
  prompt: localizedText,
  /** Short name of the answer in the summary; defaults to the prompt. */
  label: localizedText.optional(),
  /** Extra guidance shown on "trợ giúp" (help). */
  help: localizedText.optional(),
  optional: z.boolean().default(false),
  when: condition.optional(),
  /**
   * The answer is the same for every nominee of a batch (the kind of commendation, the movement,
   * the award, the year): "thêm người nữa" after a submission starts the next run with it kept
   * (see shared-answers.ts). Not for consent, files or dossier steps, which are each run's own.
   * Optional without a default, so flows that do not use it keep their published content (and hash).
   */
  shared: z.boolean().optional(),
};

export const stepSchema = z.discriminatedUnion("kind", [
  z.object({ ...base, kind: z.literal("text"), minLength: z.number().int().min(0).default(1), maxLength: z.number().int().positive().default(500) }),
  z.object({ ...base, kind: z.literal("person-name") }),
  z.object({
    ...base,
    kind: z.literal("number"),
    min: z.number().int().default(0),
    max: z.number().int().default(1_000_000),
    /** An earlier number step whose answer is also an upper bound (members with a title ≤ members). */
    maxFromStep: stepId.optional(),
  }),
  z.object({
    ...base,
    kind: z.literal("date"),
    /** Refuse dates after today (Vietnam time). */
    notFuture: z.boolean().default(true),
    /** Refuse dates more than this many years before today. */
    maxYearsAgo: z.number().int().positive().optional(),
    /** Refuse dates fewer than this many years before today (e.g. a minimum age for a birth date). */
    minYearsAgo: z.number().int().positive().optional(),
  }),
  z.object({
    ...base,
    kind: z.literal("choice"),
    options: z.array(option).min(2),
    /**
     * An earlier `dossier` step: only the options its chosen queue entry allows are offered (what a
     * secretary may record depends on the dossier's status), so nothing typed after is refused.
     */
    optionsAllowedBy: stepId.optional(),
  }),
  z.object({ ...base, kind: z.literal("multi-choice"), options: z.array(option).min(2), minSelected: z.number().int().min(1).default(1) }),
  z.object({ ...base, kind: z.literal("yes-no") }),
  z.object({ ...base, kind: z.literal("phone") }),
  z.object({
    ...base,
    kind: z.literal("cccd"),
    /** Earlier date step with the birth date, checked against CCCD digits 4–6. */
    birthDateStep: stepId.optional(),
    /** Earlier choice step with NAM/NU, checked against CCCD digit 4. */
    genderStep: stepId.optional(),
  }),
  z.object({
    ...base,
    kind: z.literal("unit"),
    /** Unit levels accepted as an answer (XA = commune/ward, THON = village/residential group). */
    levels: z.array(z.enum(["TINH", "XA", "THON"])).min(1),
  }),
  z.object({
    ...base,
    kind: z.literal("award"),
    subjectKind: z.enum(["CA_NHAN", "TAP_THE", "HO_GIA_DINH"]),
    /**
     * An earlier choice step whose answer narrows who the subject is: the collective's kind
     * (THON, DOANH_NGHIEP…) or the individual's category (CHIEN_SI). Only awards that such a
     * subject may hold are offered.
     */
    holderFrom: stepId.optional(),
    /** An earlier choice step with the achievement type: only awards given for it are offered. */
    achievementTypeFrom: stepId.optional(),
  }),
  z.object({ ...base, kind: z.literal("files"), maxFiles: z.number().int().positive().max(30).default(10) }),
  /** A dossier waiting for the council, picked from the secretary's queue (given in the context). */
  z.object({ ...base, kind: z.literal("dossier") }),
  z.object({
    ...base,
    kind: z.literal("consent"),
    /** The statement agreed to, stored with the submission. */
    statement: localizedText,
    /**
     * What a "no" does: ask again (an attestation the person may still give after going back to
     * fix an answer), or end the form politely and point to another way (consent to data
     * processing, which nobody can be made to give).
     */
    onDecline: z.enum(["ask-again", "end"]).default("ask-again"),
  }),
]);
export type Step = z.infer<typeof stepSchema>;
export type StepKind = Step["kind"];

export const flowSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, "flow ids are kebab-case"),
  specVersion: z.number().int().positive(),
  revision: z.number().int().positive(),
  title: localizedText,
  /** One line shown in the menu under the title. */
  description: localizedText,
  /** Position in the menu (smaller first). */
  menuOrder: z.number().int().default(100),
  /** Roles that may start this flow. */
  roles: z.array(z.enum(["citizen", "officer", "secretary", "admin"])).min(1),
  /** Which typed record the answers become (see src/records). */
  record: z.enum(RECORD_KINDS),
  intro: localizedText,
  steps: z.array(stepSchema).min(1),
});
export type Flow = z.infer<typeof flowSchema>;
