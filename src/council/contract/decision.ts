/**
 * The quyết định khen thưởng (part of the contract gathered in {@link ../council-api-schemas.ts}):
 * as stored and published, and as staff send it with recordDecision.
 */
import { z } from "zod";

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "not a calendar date");

/** A quyết định khen thưởng as recorded: by the commune's chair, or by an upper level. */
export const decision = z.object({
  number: z.string().trim().min(1).max(100).describe('Số quyết định, e.g. "125/QĐ-UBND".'),
  signedOn: isoDay.describe("Ngày ký (yyyy-mm-dd)."),
  signer: z.string().trim().min(1).max(200).describe('Người ký, e.g. "Chủ tịch UBND xã Nguyễn Văn B".'),
  outcome: z.enum(["granted", "refused"]).describe("granted: the award is given (khen thưởng); refused: not given."),
  level: z.enum(["commune", "upper"]).describe("commune: the chair of the commune's UBND decided (from recommended); upper: the upper level decided (from forwarded_upward)."),
});
export type Decision = z.infer<typeof decision>;

/** The decision on a recommended (or forwarded upward) nomination; the level follows from the status. */
export const decisionRequest = decision.omit({ level: true }).extend({
  reason: z.string().trim().min(1).max(2000).optional().describe("Why, when refused (optional)."),
});
export type DecisionRequest = z.infer<typeof decisionRequest>;
