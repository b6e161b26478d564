/**
 * How a dossier's status reads to the person who sent it (“trạng thái”): a good-deed report in
 * plain words about a "tin báo" (never a council's decision), a decided nomination with the
 * decision's number and date.
 */
type T = (key: string, params?: Record<string, string | number>) => string;

export function dossierStatusText(t: T, dossier: { kind: string; status: string; decision: unknown }): string {
  if (dossier.kind === "GOOD_DEED_REPORT") return t(`bot.dossier.status.report.${dossier.status}`);
  const text = t(`bot.dossier.status.${dossier.status}`);
  const d = dossier.decision as { number?: string; signedOn?: string } | null;
  if (!d?.number || !d.signedOn) return text;
  const [y, m, day] = d.signedOn.split("-");
  return `${text} (${t("bot.status.decision", { number: d.number, date: `${day}/${m}/${y}` })})`;
}
