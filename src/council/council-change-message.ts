/**
 * The submitter's chat message for one council change other than a return (a return reopens the
 * form: see apply-council-change.ts). A nomination's submitter hears the council's advice, "trình
 * cấp trên" and, only once a decision is recorded, the congratulation with its number. A
 * good-deed report's reporter hears plain statuses about their "tin báo", never a decision.
 */
import type { Decision } from "./council-api-schemas.ts";

type T = (key: string, params?: Record<string, string | number>) => string;

interface DossierFacts {
  code: string;
  kind: string;
  payload: unknown;
}

/** The pieces of a stored payload the messages name. */
function factsOf(payload: unknown): { nominee: string; award: string; grantedBy: string; commune: string } {
  const p = (payload ?? {}) as {
    unit?: { path?: string[]; name?: string };
    nomination?: { nominee?: { fullName?: string }; collective?: { name?: string }; household?: { headName?: string }; award?: { name?: string; grantedBy?: string } };
  };
  const commune = p.unit?.path?.[1] ?? p.unit?.path?.[0] ?? p.unit?.name ?? "";
  return {
    nominee: p.nomination?.nominee?.fullName ?? p.nomination?.collective?.name ?? (p.nomination?.household?.headName ? `Hộ ${p.nomination.household.headName}` : ""),
    award: p.nomination?.award?.name ?? "",
    grantedBy: p.nomination?.award?.grantedBy ?? "",
    // "Xã Hà Trung" reads "UBND xã Hà Trung" inside a sentence.
    commune: commune.charAt(0).toLocaleLowerCase("vi") + commune.slice(1),
  };
}

/** dd/mm/yyyy from yyyy-mm-dd. */
function vnDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

export function councilChangeMessage(
  t: T,
  dossier: DossierFacts,
  change: { status: string; reason: string | null; decision: Decision | null },
  opts: { upward: boolean },
): string {
  const kind = t(`bot.dossier.kind.${dossier.kind}`);
  const base = { code: dossier.code, kind, reason: change.reason ?? "" };
  if (dossier.kind === "GOOD_DEED_REPORT") return t(`bot.council.report.${change.status}`, base);
  const facts = factsOf(dossier.payload);
  const params = { ...base, nominee: facts.nominee, award: facts.award, grantedBy: facts.grantedBy, commune: facts.commune };
  if (change.status === "recommended") return t(opts.upward ? "bot.council.recommended_upward" : "bot.council.recommended", params);
  if ((change.status === "granted" || change.status === "refused") && change.decision) {
    const d = change.decision;
    const text = t(`bot.council.${change.status}`, { ...params, number: d.number, date: vnDate(d.signedOn), signer: d.signer });
    return change.status === "refused" && change.reason ? `${text} ${t("bot.council.reason", { reason: change.reason })}` : text;
  }
  return t(`bot.council.${change.status}`, params);
}
