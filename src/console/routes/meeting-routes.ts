/**
 * The council's meeting on a round: `GET /rounds/:round/meeting` the form (attendance and one
 * tally per nominee on the agenda), `POST /rounds/:round/meeting` checks it and shows each
 * nominee's result against the rules (a confirmation page), then stores the meeting once (the
 * confirmation's nonce is the meeting's id); `POST /rounds/:round/recommend` turns the latest
 * meeting's result into council entries (thống nhất / không thống nhất đề nghị), after a
 * confirmation, through the same service as every entry. A round outside the scope answers 404.
 */
import type { Context, Hono } from "hono";
import { councilEntryAnswer } from "../../council/council-entry-answer.ts";
import { COUNCIL_TRANSITION_JOB } from "../../outbox/jobs.ts";
import { agendaOf, judgeMeeting, latestMeeting, planEntries, queueMeetingEntries, recordMeeting, type AgendaItem } from "../../rounds/council-meeting.ts";
import { isSessionToken, newSessionToken } from "../../security/session-token.ts";
import { localDateInVietnam } from "../../time/vietnam-time.ts";
import type { ConsoleDeps } from "../console-deps.ts";
import type { ConsoleEnv } from "../console-env.ts";
import { messagePage, renderPage } from "../console-pages.ts";
import { CONSOLE_PATH } from "../console-paths.ts";
import { readMeetingForm } from "../meeting-form.ts";
import type { RoundSummary } from "../round-list.ts";
import { meetingConfirmView, meetingFormView, recommendConfirmView, type RulesText } from "../views/meeting-view.ts";
import { awardNames, canSendEntries, showRound } from "./round-page.ts";
import { routeRound } from "./round-routes.ts";

export function mountMeetingRoutes(app: Hono<ConsoleEnv>, deps: ConsoleDeps): void {
  app.get("/rounds/:round/meeting", async (c) => {
    const round = await routeRound(c, deps);
    if (!round) return messagePage(c, 404, "error.not_found");
    const agenda = await agendaOf(deps.db, round.id);
    if (!agenda.length) return showRound(c, deps, round, { notice: { kind: "error", text: c.var.t("meeting.no_agenda") } }, 409);
    // Another meeting of the same council: who it is and how many, as last time.
    const last = await latestMeeting(deps.db, round.id);
    const values: Record<string, string> = last ? { place: last.place, chair: last.chair, secretary: last.secretaryName, members: String(last.memberCount) } : {};
    return showForm(c, deps, round, agenda, values, []);
  });

  app.post("/rounds/:round/meeting", async (c) => {
    const { t, viewer } = c.var;
    const round = await routeRound(c, deps);
    if (!round) return messagePage(c, 404, "error.not_found");
    const agenda = await agendaOf(deps.db, round.id);
    if (!agenda.length) return showRound(c, deps, round, { notice: { kind: "error", text: t("meeting.no_agenda") } }, 409);
    const now = deps.now();
    const form = await c.req.parseBody();
    const read = readMeetingForm(form, agenda, localDateInVietnam(now));
    if (!read.ok) {
      const fields = read.invalid.map((f) => (f.startsWith("votes_") ? t("meeting_form.tally_of", { code: f.slice("votes_".length) }) : t(`meeting_form.${f}`)));
      return showForm(c, deps, round, agenda, read.values, read.invalid, t("meeting_form.invalid", { fields: fields.join(", ") }), 400);
    }
    if (form.confirm === "edit") return showForm(c, deps, round, agenda, read.values, []);
    const result = judgeMeeting(deps.meetingRules, read.facts, agenda, read.tallies);
    if (form.confirm !== "1") {
      const body = meetingConfirmView({ t, roundCode: round.code, facts: read.facts, result, agenda, values: read.values, awardName: await awardNames(deps), nonce: newSessionToken() });
      return renderPage(c, { title: t("meeting.confirm_title"), body });
    }
    const nonce = typeof form.nonce === "string" ? form.nonce : undefined;
    if (!isSessionToken(nonce)) return showForm(c, deps, round, agenda, read.values, [], undefined, 400);
    // The nonce is the meeting's id: a confirmation posted twice stores one meeting.
    const stored = await deps.serializeWrites(() =>
      deps.db.$transaction(async (tx) => {
        if (await tx.councilMeeting.findUnique({ where: { id: nonce }, select: { id: true } })) return false;
        await recordMeeting(tx, { id: nonce, roundId: round.id, facts: read.facts, result, recordedById: viewer.userId, now });
        return true;
      }),
    );
    if (stored) deps.log.info({ round: round.code, quorum: result.quorum, passed: result.votes.filter((v) => v.passed).length, userId: viewer.userId }, "console: council meeting recorded");
    return c.redirect(`${CONSOLE_PATH}/rounds/${round.code}?done=meeting`, 303);
  });

  app.post("/rounds/:round/recommend", async (c) => {
    const { t, viewer } = c.var;
    const round = await routeRound(c, deps);
    if (!round) return messagePage(c, 404, "error.not_found");
    const meeting = await latestMeeting(deps.db, round.id);
    if (!meeting) return showRound(c, deps, round, { notice: { kind: "error", text: t("meeting.none") } }, 409);
    if (!canSendEntries(deps)) return showRound(c, deps, round, { notice: { kind: "error", text: t("meeting.cannot_send") } }, 409);
    const form = await c.req.parseBody();
    const plan = await planEntries(deps.db, meeting, deps.meetingRules);
    if (!plan.some((p) => p.action)) return showRound(c, deps, round, { notice: { kind: "success", text: t("meeting.nothing_to_send") } });
    if (form.confirm !== "1") {
      return renderPage(c, { title: t("confirm.title"), body: recommendConfirmView({ t, roundCode: round.code, plan, memberCount: meeting.memberCount, nonce: newSessionToken() }) });
    }
    const nonce = typeof form.nonce === "string" ? form.nonce : undefined;
    if (!isSessionToken(nonce)) return showRound(c, deps, round, {}, 400);
    const now = deps.now();
    // Each entry's job key is the nonce and the dossier's code: a confirmation posted twice queues each once.
    const key = `${COUNCIL_TRANSITION_JOB.kind}:console-meeting:${nonce}`;
    const answers = await deps.serializeWrites(() =>
      deps.db.$transaction(async (tx) =>
        queueMeetingEntries(tx, {
          plan: await planEntries(tx, meeting, deps.meetingRules),
          memberCount: meeting.memberCount,
          // The reason goes to the council and the submitter: in Vietnamese, the council's language.
          reason: (votes, members) => deps.i18n.t("vi", "console.meeting.reason", { votes, members }),
          actor: { id: viewer.userId, scope: viewer.scope.all ? null : viewer.scope.unitId },
          key,
          now,
          units: deps.units,
        }),
      ),
    );
    const refused = answers.filter((a) => !a.ok);
    deps.log.info({ round: round.code, queued: answers.length - refused.length, refused: refused.length, userId: viewer.userId }, "console: meeting result sent as council entries");
    if (refused.length) return showRound(c, deps, round, { notice: { kind: "error", text: refused.map((a) => councilEntryAnswer(a, t)).join(" ") } }, 409);
    return c.redirect(`${CONSOLE_PATH}/rounds/${round.code}?done=recommended`, 303);
  });
}

/** The rules as the form states them: the quorum, and each award's threshold. */
function rulesText(c: Context<ConsoleEnv>, deps: ConsoleDeps): RulesText {
  const rules = deps.meetingRules;
  return {
    quorum: c.var.t("meeting_form.quorum_rule", { rule: rules.quorum.note }),
    threshold: (awardCode) => c.var.t("meeting_form.threshold_rule", { rule: rules.thresholdFor(awardCode).note }),
  };
}

async function showForm(c: Context<ConsoleEnv>, deps: ConsoleDeps, round: RoundSummary, agenda: AgendaItem[], values: Record<string, string>, invalid: string[], error?: string, status: 200 | 400 = 200) {
  const body = meetingFormView({ t: c.var.t, roundCode: round.code, agenda, values, invalid, rules: rulesText(c, deps), awardName: await awardNames(deps), today: deps.now() });
  return renderPage(c, { title: c.var.t("meeting_form.title", { code: round.code }), body, ...(error ? { notice: { kind: "error" as const, text: error } } : {}) }, status);
}
