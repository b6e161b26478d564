/**
 * The lines under a list export's title: whose list it is (the unit asked for, or the person's
 * scope) and what it was filtered by, in words, so a printed or forwarded file says what it holds.
 */
import { formatLocalDate } from "../../time/local-date.ts";
import type { Translate } from "../console-env.ts";
import type { ListFilters } from "../dossier-list.ts";

export interface HeadingInput {
  t: Translate;
  filters: ListFilters;
  /** The scope's line ("Phạm vi: …"), used when no unit was asked for. */
  scopeLine: string;
  unitLabel: (id: string) => string;
  /** The award's name, for the award filter. */
  awardName: (code: string) => string;
  /** "05/12/2026": the day it was made. */
  madeOn: string;
}

export function exportHeading(h: HeadingInput): string[] {
  const { t, filters } = h;
  const parts = [
    filters.round ? `${t("filter.round")}: ${filters.round}` : null,
    filters.award ? `${t("filter.award")}: ${h.awardName(filters.award)}` : null,
    filters.status ? `${t("filter.status")}: ${t(`status.${filters.status}`)}` : null,
    filters.kind ? `${t("filter.kind")}: ${t(`bot.dossier.kind.${filters.kind}`)}` : null,
    filters.from ? `${t("filter.from")}: ${formatLocalDate(filters.from)}` : null,
    filters.to ? `${t("filter.to")}: ${formatLocalDate(filters.to)}` : null,
    filters.warnings ? t("filter.warnings") : null,
  ].filter((p): p is string => p !== null);
  return [
    filters.unit ? `${t("filter.unit")}: ${h.unitLabel(filters.unit)}` : h.scopeLine,
    parts.length ? t("export.filtered", { filters: parts.join("; ") }) : t("export.unfiltered"),
    t("export.made_on", { date: h.madeOn }),
  ];
}
