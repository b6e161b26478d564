/**
 * Who may call which console route, over every route the console app has: the test reads the
 * app's own route table, so a route added later is checked without being listed here (a route
 * whose parameters this test cannot fill fails it). An officer, a citizen, a secretary of another
 * commune, someone with an expired or a reused link, and a browser without a cookie are each
 * refused on every route, and see nothing of the dossier; the commune's secretary gets each one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRound } from "../../src/rounds/review-rounds.ts";
import { ConsoleClient } from "../support/console-client.ts";
import { consoleFixture, HA_TRUNG } from "../support/console-fixture.ts";
import { recordObjection } from "../../src/posting/objections.ts";

let f: Awaited<ReturnType<typeof consoleFixture>>;
let round: { id: string; code: string };
beforeAll(async () => {
  f = await consoleFixture();
  // A round of xã Hà Trung with Hoa's dossier, its list posted, and an objection to it.
  const { db, clock, postings } = f.h.assistant;
  const secretaryId = (await db.channelIdentity.findFirstOrThrow({ where: { externalId: "thu-ky-ht" } })).userId;
  round = await db.$transaction((tx) => createRound(tx, { unitId: HA_TRUNG, kind: "TONG_KET_NAM", year: 2026, title: "Bình xét thi đua năm 2026", deadline: "2026-12-31", createdById: secretaryId, now: clock.now() }));
  await db.dossier.update({ where: { code: f.codes.hoa }, data: { roundId: round.id } });
  const published = await postings.publish({ roundId: round.id, ...postings.defaultPeriod(), actorId: secretaryId });
  if (!published.ok) throw new Error(`posting refused: ${published.reason}`);
  const citizenId = (await db.channelIdentity.findFirstOrThrow({ where: { externalId: "nguoi-dan" } })).userId;
  const today = postings.defaultPeriod().startsOn;
  await db.$transaction((tx) => recordObjection(tx, { dossierCode: f.codes.hoa, content: "Bà Hoa chưa hiến đất như báo cáo", anonymous: false, channel: "memory", reporterUserId: citizenId, today, now: clock.now() }));
}, 240_000);
afterAll(async () => {
  await f?.close();
});

/** Routes anyone may call: the stylesheet, the script, and the sign-in page and its button. */
const PUBLIC = ["GET /console.css", "GET /console.js", "GET /login", "POST /login"];

/** What the commune's secretary gets where it is not 200: a form refused as incomplete, nothing to act on yet, a round opened. */
const OWN_STATUS: Record<string, number> = {
  "POST /rounds": 303,
  "POST /rounds/:round/meeting": 400,
  "POST /rounds/:round/recommend": 409,
  "POST /rounds/:round/dossiers": 400,
  "POST /rounds/:round/posting/objections/:id/answer": 303,
  "POST /dossiers/:code/objections/:id/answer": 303,
  // The list's upload posted as a plain form carries no file: the page asks for one.
  "POST /rounds/:round/import": 400,
};

/** The forms posted: an entry, a round for the commune (another commune's secretary is refused it). */
const FORMS: Record<string, Record<string, string>> = {
  "POST /dossiers/:code/entries": { action: "IN_REVIEW" },
  "POST /rounds": { unit: HA_TRUNG, kind: "TONG_KET_NAM", year: "2026", title: "Bình xét thi đua năm 2026", movement: "", deadline: "2026-12-31" },
};

/** A request for each console route, with its parameters filled for Hoa's dossier (xã Hà Trung). */
async function routeRequests(): Promise<Array<{ route: string; method: string; path: string; form?: Record<string, string | string[]> }>> {
  const db = f.h.assistant.db;
  const dossier = await db.dossier.findUniqueOrThrow({ where: { code: f.codes.hoa } });
  const file = await db.attachment.findFirstOrThrow({ where: { nominationId: dossier.nominationId! } });
  const document = await db.dossierDocument.findFirstOrThrow({ where: { dossierId: dossier.id } });
  const objection = await db.objection.findFirstOrThrow({ where: { dossierId: dossier.id } });
  const papers = await f.h.assistant.documents.forRound(round.id, "2026-12-05");
  const paper = papers.find((p) => p.kind === "BIEN_BAN")!;
  const values: Record<string, string> = { code: dossier.code, fileId: file.id, documentId: document.id, round: round.code, file: paper.fileName, id: objection.id };
  const period = f.h.assistant.postings.defaultPeriod();
  // The first step of each posting form is a confirmation page; an answer is recorded and redirects.
  const forms: Record<string, Record<string, string>> = {
    ...FORMS,
    "POST /rounds/:round/posting": period,
    "POST /rounds/:round/posting/close": { result: "CO_Y_KIEN_DA_XU_LY", note: "Đã trả lời ý kiến." },
    "POST /rounds/:round/posting/objections/:id/answer": { answer: "Hội đồng đã kiểm tra." },
    "POST /dossiers/:code/objections/:id/answer": { answer: "Hội đồng đã kiểm tra." },
  };
  // The app registers its middleware with `use` (method ALL) and its routes with GET and POST.
  const routes = f.consoleApp.routes.filter((r) => r.method !== "ALL").filter((r, i, all) => all.findIndex((o) => o.method === r.method && o.path === r.path) === i);
  return routes
    .map((r) => {
      const route = `${r.method} ${r.path}`;
      const path = r.path === "/*" ? "/no-such-page" : r.path.replace(/:(\w+)/g, (_, name: string) => {
        if (!(name in values)) throw new Error(`${route}: this test does not know a value for :${name}; add one`);
        return values[name]!;
      });
      const method = r.method;
      // The lists and exports are asked for the commune explicitly: another commune's secretary must be refused, not shown an empty list.
      const query = (["/", "/rounds", "/rounds/new"].includes(r.path) || r.path.startsWith("/export.")) && r.method === "GET" ? `?unit=${encodeURIComponent(HA_TRUNG)}` : r.path.endsWith("/files/:fileId") ? "?size=thumb" : "";
      return { route, method, path: `/console${path === "/" ? "" : path}${query}`, ...(forms[route] ? { form: forms[route] } : {}) };
    });
}

async function call(client: ConsoleClient, r: Awaited<ReturnType<typeof routeRequests>>[number]) {
  return r.method === "POST" ? client.post(r.path, r.form ?? {}) : client.get(r.path);
}

describe("console authorisation", () => {
  it("knows every route of the console app", async () => {
    const requests = await routeRequests();
    const routes = requests.map((r) => r.route).filter((r) => !PUBLIC.includes(r));
    expect(routes.sort()).toEqual([
      "GET /", "GET /*", "GET /dossiers/:code", "GET /dossiers/:code/documents/:documentId", "GET /dossiers/:code/files/:fileId", "GET /export.csv", "GET /export.xlsx",
      "GET /rounds", "GET /rounds/:round", "GET /rounds/:round/documents.zip", "GET /rounds/:round/documents/:file", "GET /rounds/:round/import", "GET /rounds/:round/import/template.xlsx", "GET /rounds/:round/meeting", "GET /rounds/:round/posting", "GET /rounds/new",
      "POST /*", "POST /dossiers/:code/entries", "POST /dossiers/:code/objections/:id/answer", "POST /logout", "POST /rounds", "POST /rounds/:round/close", "POST /rounds/:round/dossiers", "POST /rounds/:round/import", "POST /rounds/:round/meeting",
      "POST /rounds/:round/posting", "POST /rounds/:round/posting/close", "POST /rounds/:round/posting/objections/:id/answer", "POST /rounds/:round/recommend",
    ]);
  });

  it("refuses an officer, a citizen, another commune's secretary, an expired or reused link and no cookie on every route", async () => {
    const { people, sessions, h } = f;
    const userOf = async (chatId: string) => (await h.assistant.db.channelIdentity.findFirstOrThrow({ where: { externalId: chatId } })).userId;
    const withSession = async (chatId: string) => {
      // A session made directly: the role is checked on each request, not only at sign-in.
      const client = ConsoleClient.of(f.app);
      client.cookies.set("tdkt_console", await sessions.open(await userOf(chatId)));
      return client;
    };

    const otherSecretary = ConsoleClient.of(f.app);
    expect((await otherSecretary.signIn(await f.linkFor(people.secretaryTd))).status).toBe(303);

    const used = await f.linkFor(people.secretary);
    expect((await ConsoleClient.of(f.app).signIn(used)).status).toBe(303);
    const reused = ConsoleClient.of(f.app);
    expect((await reused.signIn(used)).status).toBe(400);

    const late = await f.linkFor(people.secretary);
    h.assistant.clock.advance(11 * 60_000);
    const expired = ConsoleClient.of(f.app);
    expect((await expired.signIn(late)).status).toBe(400);

    // An officer's or a citizen's link (issued by no channel, which refuse them) signs nobody in.
    const officerLink = await h.assistant.consoleLinks.issue(await userOf("can-bo-ht"));
    const officerSignIn = ConsoleClient.of(f.app);
    expect((await officerSignIn.signIn(officerLink.url)).status).toBe(403);
    expect(officerSignIn.cookies.has("tdkt_console")).toBe(false);

    const refused: Array<[string, ConsoleClient, number[]]> = [
      ["officer", await withSession("can-bo-ht"), [403]],
      ["citizen", await withSession("nguoi-dan"), [403]],
      ["another commune's secretary", otherSecretary, [403, 404]],
      ["reused link", reused, [401]],
      ["expired link", expired, [401]],
      ["no cookie", ConsoleClient.of(f.app), [401]],
    ];
    // Signing out ends one's own session (anyone's): last, and another commune's secretary may.
    const requests = (await routeRequests()).sort((a, b) => Number(a.route === "POST /logout") - Number(b.route === "POST /logout"));
    for (const r of requests.filter((x) => !PUBLIC.includes(x.route))) {
      for (const [who, client, statuses] of refused) {
        const answer = await call(client, r);
        if (who === "another commune's secretary" && r.route === "POST /logout") {
          expect(answer.status).toBe(200);
          continue;
        }
        expect(statuses, `${who}: ${r.route} answered ${answer.status}`).toContain(answer.status);
        expect(answer.text, `${who}: ${r.route}`).not.toContain("Nguyễn Thị Hoa");
        expect(answer.headers.get("content-type"), `${who}: ${r.route}`).toContain("text/html");
      }
    }
    expect(await h.assistant.db.outboxJob.count({ where: { kind: "council-transition" } })).toBe(0);
    expect(await h.assistant.db.objection.count({ where: { answer: { not: null } } })).toBe(0);
    expect(await h.assistant.db.publicPosting.count({ where: { status: "OPEN" } })).toBe(1);

    // The commune's own secretary gets every one of them (the refusals above are about who asks).
    const secretary = ConsoleClient.of(f.app);
    await secretary.signIn(await f.linkFor(people.secretary));
    for (const r of requests.filter((x) => !PUBLIC.includes(x.route) && x.route !== "POST /logout")) {
      expect((await call(secretary, r)).status, r.route).toBe(r.path.endsWith("/no-such-page") ? 404 : (OWN_STATUS[r.route] ?? 200));
    }
    expect((await call(secretary, requests.find((r) => r.route === "POST /logout")!)).status).toBe(200);
  });

  it("refuses a form posted from another site, even with the secretary's cookie", async () => {
    const secretary = ConsoleClient.of(f.app);
    await secretary.signIn(await f.linkFor(f.people.secretary));
    for (const headers of [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, {}] as Array<Record<string, string>>) {
      const answer = await secretary.post(`/console/dossiers/${f.codes.hoa}/entries`, { action: "IN_REVIEW", confirm: "1", nonce: "n".repeat(43) }, headers);
      expect(answer.status).toBe(403);
    }
    expect((await secretary.post("/console/logout", {}, { origin: "https://evil.example" })).status).toBe(403);
    expect((await secretary.get("/console")).status).toBe(200);
    expect(await f.h.assistant.db.outboxJob.count({ where: { kind: "council-transition" } })).toBe(0);
  });

  it("answers only its own host names", async () => {
    const answer = await f.app.request("http://evil.example/console/login", { headers: { host: "evil.example" } });
    expect(answer.status).toBe(403);
  });
});
