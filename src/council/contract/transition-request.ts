/**
 * What staff send to move a dossier (part of the contract gathered in
 * {@link ../council-api-schemas.ts}); a decision is sent with {@link ./decision.ts} instead.
 */
import { z } from "zod";
import { REASON_REQUIRED, transitionTarget } from "./council-status.ts";
import { returnedField } from "./returned-field.ts";

export const transitionRequest = z
  .object({
    to: transitionTarget,
    reason: z.string().trim().min(1).max(2000).optional().describe("Required when `to` is not_recommended, unfounded or duplicate."),
    fields: z
      .array(returnedField)
      .max(100)
      .optional()
      .describe("Only with `to` = returned, and then at least one: the fields to change; each `field` must exist in the stored payload."),
  })
  .superRefine((body, ctx) => {
    if (body.to === "returned" && (body.fields?.length ?? 0) === 0) {
      ctx.addIssue({ code: "custom", path: ["fields"], message: "at least one field is required when to is returned" });
    }
    if (body.to !== "returned" && body.fields !== undefined) {
      ctx.addIssue({ code: "custom", path: ["fields"], message: "fields are only allowed when to is returned" });
    }
    if (REASON_REQUIRED.includes(body.to) && body.reason === undefined) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: `a reason is required when to is ${body.to}` });
    }
  });
export type TransitionRequest = z.infer<typeof transitionRequest>;
