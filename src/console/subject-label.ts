/**
 * How the console names a nomination's subject (an individual's đối tượng, a collective's kind):
 * with the option's label of the form that asked it, as the dossier's answers are shown.
 */
import type { FlowRegistry } from "../flows/flow-registry.ts";
import type { Lang } from "../i18n/i18n.ts";
import { localized } from "./localized.ts";

/** The form and its step that ask each kind's subject. */
const SUBJECT_STEPS: Record<string, { flow: string; step: string }> = {
  NOMINATION_INDIVIDUAL: { flow: "nomination-individual", step: "subjectCategory" },
  NOMINATION_COLLECTIVE: { flow: "nomination-collective", step: "collectiveKind" },
};

/** The option's label in `lang`, or null when the form has no such option (the caller says "not recorded" or shows the code). */
export function subjectLabel(flows: Pick<FlowRegistry, "current">, kind: string, subject: string, lang: Lang): string | null {
  const where = SUBJECT_STEPS[kind];
  const step = where ? flows.current.get(where.flow)?.steps.find((s) => s.id === where.step) : undefined;
  const option = step?.kind === "choice" ? step.options.find((o) => o.value === subject) : undefined;
  return option ? localized(option.label, lang) : null;
}
