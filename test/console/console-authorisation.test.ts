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

let f: Awaited<ReturnType<typeof consoleFixture>>;
beforeAll(async () => {
  f = await consoleFixture();
}, 240_000);
afterAll(async () => {
  await f?.close();
});

/** Routes anyone may call: the stylesheet, and the sign-in page and its button. */
const PUBLIC = ["GET /console.css", "GET /login", "POST /login"];

/** A request for each console route, with its parameters filled for Hoa's dossier (xã Hà Trung). */
async function routeRequests(): Promise<Array<{ route: string; method: string; path: string; form?: Record<string, string | string[]> }>> {
  const db = f.h.assistant.db;
  const dossier = await db.dossier.findUniqueOrThrow({ where: { code: f.codes.hoa } });
  const file = await db.attachment.findFirstOrThrow({ where: { nominationId: dossier.nominationId! } });
  const document = await db.dossierDocument.findFirstOrThrow({ where: { dossierId: dossier.id } });
  const values: Record<string, string> = { code: dossier.code, fileId: file.id, documentId: document.id };
  // A round's routes name the round by its code, as a dossier's name the dossier.
  const round = (await db.reviewRound.findFirst({ where: { unitId: HA_TRUNG } })) ??
    (await db.$transaction((tx) => createRound(tx, { unitId: HA_TRUNG, kind: "TONG_KET_NAM", year: 2026, title: "Bình xét thi đua năm 2026", deadline: "2026-12-20", createdById: "thu-ky", now: f.h.assistant.clock.now() })));
  // The app registers its middleware with `use` (method ALL) and its routes with GET and POST.
  const routes = f.consoleApp.routes.filter((r) => r.method !== "ALL").filter((r, i, all) => all.findIndex((o) => o.method === r.method && o.path === r.path) === i);
  return routes
    .map((r) => {
      const route = `${r.method} ${r.path}`;
      const path = r.path === "/*" ? "/no-such-page" : r.path.replace(/:(\w+)/g, (_, name: string) => {
        if (!(name in values)) throw new Error(`${route}: this test does not know a value for :${name}; add one`);
        return r.path.startsWith("/rounds/") && name === "code" ? round.code : values[name]!;
      });
      const method = r.method;
      // The list is asked for the commune explicitly: another commune's secretary must be refused, not shown an empty list.
      const query = r.path === "/" ? `?unit=${encodeURIComponent(HA_TRUNG)}` : r.path.endsWith("/files/:fileId") ? "?size=thumb" : "";
      return { route, method, path: `/console${path === "/" ? "" : path}${query}`, ...(r.path.endsWith("/entries") ? { form: { action: "IN_REVIEW" } } : {}) };
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
      "GET /",
      "GET /*",
      "GET /dossiers/:code",
      "GET /dossiers/:code/documents/:documentId",
      "GET /dossiers/:code/files/:fileId",
      "GET /rounds/:code/import",
      "GET /rounds/:code/import/template.xlsx",
      "POST /*",
      "POST /dossiers/:code/entries",
      "POST /logout",
      "POST /rounds/:code/import",
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
        expect(answer.text, `${who}: ${r.route}`).not.toContain("Bình xét thi đua năm 2026");
      }
    }
    expect(await h.assistant.db.outboxJob.count({ where: { kind: "council-transition" } })).toBe(0);

    // The commune's own secretary gets every one of them (the refusals above are about who asks).
    const secretary = ConsoleClient.of(f.app);
    await secretary.signIn(await f.linkFor(people.secretary));
    for (const r of requests.filter((x) => !PUBLIC.includes(x.route) && x.route !== "POST /logout")) {
      // The list's upload posted as a plain form carries no file: the page asks for one.
      const expected = r.path.endsWith("/no-such-page") ? 404 : r.route === "POST /rounds/:code/import" ? 400 : 200;
      expect((await call(secretary, r)).status, r.route).toBe(expected);
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
