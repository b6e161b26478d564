/**
 * The council intake API end to end: the real service on 127.0.0.1 over a real migrated database
 * (a SQLite file always; PostgreSQL too when DATABASE_URL_POSTGRES is set), called only through
 * the typed client generated from the OpenAPI document. Every response body is checked against
 * the zod schemas of the contract (parsing must not drop anything, so no undeclared keys either).
 */
import { serve, type ServerType } from "@hono/node-server";
import pg from "pg";
import { Hono } from "hono";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { openDatabase, type Db } from "../../src/db/open-database.ts";
import { createHash } from "node:crypto";
import { createCouncilApp, type CouncilClient } from "../../src/council/council-app.ts";
import { EVENT_FEED_LOCK_KEY } from "../../src/council/app/event-feed-writer.ts";
import { canonicalJson } from "../../src/council/app/request-identity.ts";
import { createCouncilClient, type CouncilApiClient } from "../../src/council/council-client.ts";
import { buildCouncilOpenApi } from "../../src/council/build-council-openapi.ts";
import {
  PROBLEM_TYPES,
  changesPage,
  councilDossier,
  councilDossierDetail,
  dossierList,
  problem,
  type Change,
  type CouncilDossierView,
  type DossierDocument,
  type TransitionTarget,
} from "../../src/council/council-api-schemas.ts";
import { dossierPayloadV1, type DossierPayload } from "../../src/dossiers/dossier-payload.ts";
import { POSTGRES_URL, createPostgresDatabase, sqliteUrl } from "../support/test-databases.ts";
import { testClock, type TestClock } from "../support/test-assistant.ts";

const CLIENTS: CouncilClient[] = [
  { id: "bot", role: "submitter", token: "bot-token-7f3a9c2e51d04b86" },
  { id: "xa-ha-trung", role: "submitter", token: "xa-token-0c81e5b7a2f94d3e" },
  { id: "thuky", role: "staff", token: "thuky-token-5d2b8e61c7a04f93" },
];

const START = "2026-11-25T02:00:00.000Z";
/** Quiet, but keeps what the service logged as an error: no test may cause one. */
const errorsLogged: { o: object; msg: string | undefined }[] = [];
const log = {
  info() {},
  warn() {},
  error(o: object, msg?: string) {
    errorsLogged.push({ o, msg });
  },
};

interface Council {
  db: Db;
  clock: TestClock;
  baseUrl: string;
  bot: CouncilApiClient;
  otherSubmitter: CouncilApiClient;
  staff: CouncilApiClient;
  close(): Promise<void>;
}

/** Serves a fresh council app on a free loopback port over `db`. */
async function startCouncil(db: Db): Promise<Council> {
  const clock = testClock(START);
  const app = createCouncilApp({ db, clients: CLIENTS, now: clock.now, log });
  let server: ServerType | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => resolve(info.port));
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const client = (id: string) => createCouncilClient({ baseUrl, token: CLIENTS.find((c) => c.id === id)!.token });
  return {
    db,
    clock,
    baseUrl,
    bot: client("bot"),
    otherSubmitter: client("xa-ha-trung"),
    staff: client("thuky"),
    close: () => new Promise<void>((resolve, reject) => server!.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** Parses with the contract's schema and requires that nothing was dropped or changed. */
function expectValid<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.parse(value);
  expect(parsed).toEqual(value);
  return parsed;
}

let codeSeq = 100;
/** A unique reference code for this run, like the assistant gives. */
function nextCode(): string {
  return `TDKT-2026-${String(++codeSeq).padStart(6, "0")}`;
}

let keySeq = 0;
function newKey(label: string): string {
  return `${label}-${++keySeq}-${Math.random().toString(36).slice(2, 10)}`;
}

const ATTESTATION = "Tôi cam đoan thông tin trên là đúng sự thật và chịu trách nhiệm trước pháp luật.";

/** An individual nomination as the assistant builds it: Nguyễn Thị Hoa, Chiến sĩ thi đua cơ sở. */
function hoaNomination(code = nextCode(), unitId = "thanh-hoa/ha-trung/thon-tan-lap"): DossierPayload {
  return dossierPayloadV1.parse({
    schema: "tdkt.dossier",
    version: 1,
    code,
    kind: "NOMINATION_INDIVIDUAL",
    submittedAt: "2026-11-25T02:00:00.000Z",
    submittedBy: { userId: "user-cb-thon-tan-lap", channel: "telegram", name: "Lê Văn Nam" },
    flow: { id: "nomination-individual", revision: 1 },
    unit: { id: unitId, name: "Thôn Tân Lập, Xã Hà Trung", path: ["Tỉnh Thanh Hóa", "Xã Hà Trung", "Thôn Tân Lập"] },
    attachments: [
      { id: "att-1", sha256: "a".repeat(64), mime: "image/jpeg", size: 183422, fileName: "bao-cao-thanh-tich.jpg" },
    ],
    nomination: {
      nominee: {
        fullName: "Nguyễn Thị Hoa",
        gender: "NU",
        birthDate: "1985-03-05",
        nationalId: "038185001234",
        position: "Trưởng thôn Tân Lập",
        subjectCategory: "NGUOI_LAO_DONG_TRUC_TIEP",
      },
      award: { code: "CSTD_CO_SO", name: "Chiến sĩ thi đua cơ sở", grantedBy: "Chủ tịch UBND cấp xã" },
      achievementType: "THUONG_XUYEN",
      movement: "Cả nước chung sức xây dựng nông thôn mới",
      summary: "Vận động nhân dân hiến 1.200 m² đất làm đường giao thông nông thôn; thôn đạt chuẩn nông thôn mới kiểu mẫu năm 2026.",
      attestation: { text: ATTESTATION, at: "2026-11-25T02:00:00.000Z" },
    },
  });
}

/** A household nomination as the assistant builds it: hộ ông Nguyễn Văn Tư, Gia đình văn hóa. */
function tuHousehold(code = nextCode(), unitId = "thanh-hoa/ha-trung/thon-tan-lap"): DossierPayload {
  const unit = { id: unitId, name: "Thôn Tân Lập, Xã Hà Trung", path: ["Tỉnh Thanh Hóa", "Xã Hà Trung", "Thôn Tân Lập"] };
  return dossierPayloadV1.parse({
    schema: "tdkt.dossier",
    version: 1,
    code,
    kind: "NOMINATION_HOUSEHOLD",
    submittedAt: "2026-11-25T02:00:00.000Z",
    submittedBy: { userId: "user-cb-thon-tan-lap", channel: "telegram", name: "Lê Văn Nam" },
    flow: { id: "nomination-household", revision: 1 },
    unit,
    attachments: [],
    nomination: {
      household: { headName: "Nguyễn Văn Tư", memberCount: 5, unit },
      award: { code: "GIA_DINH_VAN_HOA", name: "Gia đình văn hóa", grantedBy: "Chủ tịch UBND xã Hà Trung" },
      achievementType: "THUONG_XUYEN",
      movement: null,
      summary: "Cả gia đình chấp hành tốt pháp luật, 2 cháu học sinh giỏi, tích cực tham gia vệ sinh thôn xóm.",
      attestation: { text: ATTESTATION, at: "2026-11-25T02:00:00.000Z" },
      year: 2026,
      criteriaAnswers: { pendingReview: false, priorAwards: null },
    },
  });
}

/** A good-deed report about a collective in another village. */
function goodDeedReport(code = nextCode(), unitId = "thanh-hoa/ha-trung/tieu-khu-2"): DossierPayload {
  return dossierPayloadV1.parse({
    schema: "tdkt.dossier",
    version: 1,
    code,
    kind: "GOOD_DEED_REPORT",
    submittedAt: "2026-11-25T03:00:00.000Z",
    submittedBy: { userId: "user-citizen-1", channel: "zalo", name: null },
    flow: { id: "good-deed-report", revision: 1 },
    unit: { id: unitId, name: "Tiểu khu 2, Xã Hà Trung", path: ["Tỉnh Thanh Hóa", "Xã Hà Trung", "Tiểu khu 2"] },
    attachments: [],
    goodDeedReport: {
      subject: { kind: "TAP_THE", name: "Đội thanh niên tình nguyện tiểu khu 2", phone: null },
      category: "CUU_NGUOI",
      story: "Trong trận lũ đêm 3/11, đội đã dùng thuyền đưa 14 hộ dân ra nơi an toàn.",
      occurredOn: "2026-11-03",
      reporter: { anonymous: true, name: null, phone: null },
      subjectConsent: "CHUA_HOI",
      dataConsentAt: "2026-11-25T03:00:00.000Z",
    },
  });
}

async function submit(client: CouncilApiClient, payload: DossierPayload, key = newKey("submit")): Promise<CouncilDossierView> {
  const { data, error, response } = await client.POST("/v1/dossiers", { params: { header: { "Idempotency-Key": key } }, body: { payload } });
  if (!data) throw new Error(`submit failed: ${response.status} ${JSON.stringify(error)}`);
  expect(response.status).toBe(201);
  return expectValid(councilDossier, data);
}

async function transition(council: Council, id: string, body: { to: TransitionTarget; reason?: string; fields?: { field: string; message: string }[] }) {
  return council.staff.POST("/v1/dossiers/{id}/transitions", { params: { path: { id } }, body });
}

/** The cursor after every change so far (read as staff). */
async function feedHead(council: Council): Promise<string> {
  let after = "0";
  for (;;) {
    const { data } = await council.staff.GET("/v1/changes", { params: { query: { after, limit: 500 } } });
    if (!data || data.changes.length === 0) return after;
    after = data.nextCursor;
  }
}

function expectProblem(response: Response, error: unknown, status: number, type: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const p = expectValid(problem, error);
  expect(p.status).toBe(status);
  expect(p.type).toBe(type);
  return p;
}

function councilSuite(open: () => Promise<{ db: Db; url: string; drop?: () => Promise<void> }>) {
  let council: Council;
  let dropDb: (() => Promise<void>) | undefined;
  let databaseUrl = "";

  beforeAll(async () => {
    const opened = await open();
    dropDb = opened.drop;
    databaseUrl = opened.url;
    council = await startCouncil(opened.db);
  });

  afterAll(async () => {
    await council?.close();
    await council?.db.$disconnect();
    await dropDb?.();
  });

  // Tests share the service; each starts at the same instant (25/11/2026 09:00 in Vietnam).
  beforeEach(() => council.clock.set(START));
  afterEach(() => {
    expect(errorsLogged.splice(0)).toEqual([]);
  });

  const rowsWithKey = (key: string) => council.db.councilDossier.count({ where: { idempotencyKey: key } });

  it("receives a nomination: 201, status received, a first history event, the payload kept", async () => {
    const payload = hoaNomination();
    const key = newKey("hoa");
    const dossier = await submit(council.bot, payload, key);
    expect(dossier).toMatchObject({
      code: payload.code,
      kind: "NOMINATION_INDIVIDUAL",
      unitId: "thanh-hoa/ha-trung/thon-tan-lap",
      status: "received",
      receivedAt: "2026-11-25T02:00:00.000Z",
      updatedAt: "2026-11-25T02:00:00.000Z",
      resubmissionOf: null,
      reason: null,
      returnedFields: [],
    });

    const { data, response } = await council.bot.GET("/v1/dossiers/{id}", { params: { path: { id: dossier.id } } });
    expect(response.status).toBe(200);
    const detail = expectValid(councilDossierDetail, data);
    expect(detail.payload).toEqual(payload);
    expect(detail.payload.kind === "NOMINATION_INDIVIDUAL" && detail.payload.nomination.nominee.fullName).toBe("Nguyễn Thị Hoa");
    expect(detail.history).toEqual([
      { seq: expect.any(Number), status: "received", at: "2026-11-25T02:00:00.000Z", actor: "bot", reason: null, fields: [], decision: null },
    ]);
    expect(await rowsWithKey(key)).toBe(1);
  });

  it("receives a household nomination, lists it by its kind, returns it for the head's name and records the chair's decision", async () => {
    const unit = `thanh-hoa/ha-trung/thon-tan-lap-${Math.random().toString(36).slice(2, 8)}`;
    const payload = tuHousehold(nextCode(), unit);
    const dossier = await submit(council.bot, payload);
    expect(dossier).toMatchObject({ code: payload.code, kind: "NOMINATION_HOUSEHOLD", unitId: unit, status: "received" });
    await submit(council.bot, hoaNomination(nextCode(), unit));

    const listed = await council.staff.GET("/v1/dossiers", { params: { query: { unitId: unit, kind: "NOMINATION_HOUSEHOLD" } } });
    expect(expectValid(dossierList, listed.data).items.map((d) => d.id)).toEqual([dossier.id]);
    const detail = expectValid(councilDossierDetail, (await council.bot.GET("/v1/dossiers/{id}", { params: { path: { id: dossier.id } } })).data);
    expect(detail.payload.kind === "NOMINATION_HOUSEHOLD" && detail.payload.nomination.household.headName).toBe("Nguyễn Văn Tư");

    const returned = await transition(council, dossier.id, { to: "returned", fields: [{ field: "nomination.household.headName", message: "Ghi đủ họ tên chủ hộ như trong căn cước" }] });
    expect(returned.response.status).toBe(200);
    expect(expectValid(councilDossier, returned.data).returnedFields).toEqual([{ field: "nomination.household.headName", message: "Ghi đủ họ tên chủ hộ như trong căn cước" }]);

    const next = await submit(council.bot, tuHousehold(nextCode(), unit));
    await transition(council, next.id, { to: "in_review" });
    await transition(council, next.id, { to: "recommended", reason: "Nhất trí 7/7" });
    const decided = await council.staff.POST("/v1/dossiers/{id}/decisions", {
      params: { path: { id: next.id } },
      body: { number: "130/QĐ-UBND", signedOn: "2026-12-05", signer: "Chủ tịch UBND xã Nguyễn Văn Bình", outcome: "granted" },
    });
    expect(expectValid(councilDossier, decided.data)).toMatchObject({ kind: "NOMINATION_HOUSEHOLD", status: "granted" });
  });

  it("answers a repeated request (same key, same body, any key order) with the first result and stores nothing", async () => {
    const payload = hoaNomination();
    const key = newKey("repeat");
    const first = await submit(council.bot, payload, key);
    const events = await council.db.councilDossierEvent.count({ where: { dossierId: first.id } });

    council.clock.advance(60_000);
    // The same body with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(payload).reverse()) as DossierPayload;
    const again = await council.bot.POST("/v1/dossiers", { params: { header: { "Idempotency-Key": key } }, body: { payload: reordered } });
    expect(again.response.status).toBe(201);
    expect(again.response.headers.get("idempotent-replayed")).toBe("true");
    expect(again.data).toEqual(first);
    expect(await rowsWithKey(key)).toBe(1);
    expect(await council.db.councilDossierEvent.count({ where: { dossierId: first.id } })).toBe(events);
  });

  /** Two papers as the bot lists them (contract 2.1), with links that expire at `expires`. */
  const papers = (code: string, expires = 1_800_000_000): DossierDocument[] =>
    (["BAO_CAO_THANH_TICH", "TO_TRINH"] as const).map((kind, i) => ({
      kind,
      version: 1,
      fileName: `${code}-${kind.toLowerCase()}.docx`,
      mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      sha256: createHash("sha256").update(`${code} ${kind}`).digest("hex"),
      size: 1000 + i,
      url: `https://tdkt.example.gov.vn/documents/doc-${code}-${i}?e=${expires}&s=${"x".repeat(43)}`,
    }));

  it("keeps a submission's papers and shows them on every view; a repeat whose links differ is the same request, other papers are not (422)", async () => {
    const payload = hoaNomination();
    const key = newKey("papers");
    const documents = papers(payload.code);
    const { data, response } = await council.bot.POST("/v1/dossiers", { params: { header: { "Idempotency-Key": key } }, body: { payload, documents } });
    expect(response.status).toBe(201);
    expect(expectValid(councilDossier, data).documents).toEqual(documents);
    const detail = await council.bot.GET("/v1/dossiers/{id}", { params: { path: { id: data!.id } } });
    expect(expectValid(councilDossierDetail, detail.data).documents).toEqual(documents);
    const listed = await council.bot.GET("/v1/dossiers", { params: { query: { limit: 100 } } });
    expect(expectValid(dossierList, listed.data).items.find((i) => i.id === data!.id)?.documents).toEqual(documents);

    council.clock.advance(3_600_000);
    const fresher = papers(payload.code, 1_800_003_600);
    const again = await council.bot.POST("/v1/dossiers", { params: { header: { "Idempotency-Key": key } }, body: { payload, documents: fresher } });
    expect(again.response.status).toBe(201);
    expect(again.response.headers.get("idempotent-replayed")).toBe("true");
    expect(again.data?.id).toBe(data!.id);
    for (const other of [documents.map((d) => ({ ...d, version: 2 })), documents.slice(1), undefined]) {
      const refused = await council.bot.POST("/v1/dossiers", { params: { header: { "Idempotency-Key": key } }, body: { payload, ...(other ? { documents: other } : {}) } });
      expectProblem(refused.response, refused.error, 422, PROBLEM_TYPES.idempotencyKeyReused);
    }
    expect(await rowsWithKey(key)).toBe(1);

    // A 2.0 client: no papers, an empty list, and its body hashed exactly as 2.0 hashed it.
    const older = hoaNomination();
    const plain = await submit(council.bot, older);
    expect(plain.documents).toEqual([]);
    const row = await council.db.councilDossier.findUniqueOrThrow({ where: { id: plain.id } });
    expect(row.bodyHash).toBe(createHash("sha256").update(canonicalJson({ payload: older })).digest("hex"));

    const invalid = await council.bot.POST("/v1/dossiers", {
      params: { header: { "Idempotency-Key": newKey("papers") } },
      body: { payload: hoaNomination(), documents: [{ ...documents[0]!, sha256: "ABC", size: -1 }, { ...documents[0]!, kind: "GIAY_KHEN" as never }] },
    });
    const p = expectProblem(invalid.response, invalid.error, 400, PROBLEM_TYPES.validation);
    expect(p.errors?.map((e) => e.path).sort()).toEqual(["documents.0.sha256", "documents.0.size", "documents.1.kind"]);
  });

  it("replaces a dossier's papers for its submitter (404 for another), with an event that keeps the status and the feed's meaning", async () => {
    const payload = hoaNomination();
    const submitted = await submit(council.bot, payload);
    expect((await transition(council, submitted.id, { to: "in_review", reason: "Đang xem xét" })).response.status).toBe(200);
    const head = await feedHead(council);
    council.clock.advance(60_000);
    const documents = papers(payload.code);
    const theirs = await council.otherSubmitter.POST("/v1/dossiers/{id}/documents", { params: { path: { id: submitted.id } }, body: { documents } });
    expectProblem(theirs.response, theirs.error, 404, PROBLEM_TYPES.notFound);

    const replaced = await council.bot.POST("/v1/dossiers/{id}/documents", { params: { path: { id: submitted.id } }, body: { documents } });
    expect(replaced.response.status).toBe(200);
    const view = expectValid(councilDossier, replaced.data);
    expect(view).toMatchObject({ status: "in_review", reason: "Đang xem xét", documents, updatedAt: "2026-11-25T02:01:00.000Z" });
    const { data: feed } = await council.bot.GET("/v1/changes", { params: { query: { after: head } } });
    expect(feed!.changes).toEqual([expect.objectContaining({ dossierId: submitted.id, status: "in_review", reason: "documents replaced: BAO_CAO_THANH_TICH v1, TO_TRINH v1" })]);

    // Staff may too; an empty list clears it.
    const cleared = await council.staff.POST("/v1/dossiers/{id}/documents", { params: { path: { id: submitted.id } }, body: { documents: [] } });
    expect(cleared.data).toMatchObject({ status: "in_review", reason: "Đang xem xét", documents: [] });
    const twice = await council.bot.POST("/v1/dossiers/{id}/documents", { params: { path: { id: submitted.id } }, body: { documents: [documents[0]!, documents[0]!] } });
    expectProblem(twice.response, twice.error, 400, PROBLEM_TYPES.validation);
  });

  it("refuses the same key with another body (422) and stores nothing new", async () => {
    const payload = hoaNomination();
    const key = newKey("reuse");
    const first = await submit(council.bot, payload, key);
    const other = { ...payload, code: nextCode() };
    const { error, response } = await council.bot.POST("/v1/dossiers", { params: { header: { "Idempotency-Key": key } }, body: { payload: other } });
    expectProblem(response, error, 422, PROBLEM_TYPES.idempotencyKeyReused);
    expect(await rowsWithKey(key)).toBe(1);
    expect(await council.db.councilDossier.count({ where: { code: other.code } })).toBe(0);
    // The key belongs to its client: another client may use the same key for its own dossier.
    const theirs = await submit(council.otherSubmitter, other, key);
    expect(theirs.id).not.toBe(first.id);
  });

  it("creates one dossier for concurrent identical requests", async () => {
    const payload = hoaNomination();
    const key = newKey("race");
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => council.bot.POST("/v1/dossiers", { params: { header: { "Idempotency-Key": key } }, body: { payload } })),
    );
    for (const a of answers) expect(a.response.status).toBe(201);
    const ids = new Set(answers.map((a) => a.data?.id));
    expect(ids.size).toBe(1);
    expect(await rowsWithKey(key)).toBe(1);
    const [id] = [...ids];
    expect(await council.db.councilDossierEvent.count({ where: { dossierId: id! } })).toBe(1);
  });

  it("rejects an invalid payload or a missing Idempotency-Key with a validation problem naming the path", async () => {
    const payload = hoaNomination();
    const key = newKey("invalid");
    const broken = { ...payload, code: "HS-123", nomination: { ...(payload as { nomination: object }).nomination, summary: 42 } } as unknown as DossierPayload;
    const { error, response } = await council.bot.POST("/v1/dossiers", { params: { header: { "Idempotency-Key": key } }, body: { payload: broken } });
    const p = expectProblem(response, error, 400, PROBLEM_TYPES.validation);
    expect(p.errors?.map((e) => e.path).sort()).toEqual(["payload.code", "payload.nomination.summary"]);
    expect(await rowsWithKey(key)).toBe(0);

    // A client that leaves the header out (the generated types would not let it).
    const missing = await council.bot.POST("/v1/dossiers", { params: { header: {} as { "Idempotency-Key": string } }, body: { payload } });
    const m = expectProblem(missing.response, missing.error, 400, PROBLEM_TYPES.validation);
    expect(m.errors?.map((e) => e.path)).toEqual(["Idempotency-Key"]);
    expect(await council.db.councilDossier.count({ where: { code: payload.code } })).toBe(0);
  });

  it("refuses a second dossier with the same reference code under another key (409 naming the first); a resubmission keeps the code", async () => {
    const payload = hoaNomination();
    const first = await submit(council.bot, payload);
    const key = newKey("dup");
    const dup = await council.bot.POST("/v1/dossiers", { params: { header: { "Idempotency-Key": key } }, body: { payload: { ...payload, submittedAt: "2026-11-25T02:05:00.000Z" } } });
    const p = expectProblem(dup.response, dup.error, 409, PROBLEM_TYPES.duplicateCode);
    expect(p.dossierId).toBe(first.id);
    expect(p.detail).toContain(first.id);
    expect(await rowsWithKey(key)).toBe(0);
    // Another client may use the same code for its own dossier.
    await submit(council.otherSubmitter, payload);

    // After a return, the resubmission keeps the code; a resubmission may not take another dossier's code.
    const other = await submit(council.bot, hoaNomination());
    const returned = await transition(council, first.id, { to: "returned", fields: [{ field: "nomination.summary", message: "Bổ sung." }] });
    expect(returned.response.status).toBe(200);
    const taking = await council.bot.POST("/v1/dossiers/{id}/resubmissions", {
      params: { path: { id: first.id }, header: { "Idempotency-Key": newKey("resub") } },
      body: { payload: hoaNomination(other.code) },
    });
    expect(expectProblem(taking.response, taking.error, 409, PROBLEM_TYPES.duplicateCode).dossierId).toBe(other.id);
    const resubmitted = await council.bot.POST("/v1/dossiers/{id}/resubmissions", {
      params: { path: { id: first.id }, header: { "Idempotency-Key": newKey("resub") } },
      body: { payload: hoaNomination(payload.code) },
    });
    expect(resubmitted.response.status).toBe(201);
    expect(resubmitted.data).toMatchObject({ code: payload.code, resubmissionOf: first.id });
  });

  it("refuses text with a NUL or a lone surrogate with a validation problem naming each path (not a 500)", async () => {
    const base = goodDeedReport();
    if (base.kind !== "GOOD_DEED_REPORT") throw new Error("unreachable");
    const payload = { ...base, goodDeedReport: { ...base.goodDeedReport, story: "Cứu\u0000 người", subject: { ...base.goodDeedReport.subject, name: "Đội \uD800" } } };
    const key = newKey("nul");
    const { error, response } = await council.bot.POST("/v1/dossiers", { params: { header: { "Idempotency-Key": key } }, body: { payload } });
    const p = expectProblem(response, error, 400, PROBLEM_TYPES.validation);
    expect(p.errors?.map((e) => e.path).sort()).toEqual(["payload.goodDeedReport.story", "payload.goodDeedReport.subject.name"]);
    expect(await rowsWithKey(key)).toBe(0);

    const stored = await submit(council.bot, goodDeedReport());
    const reason = await transition(council, stored.id, { to: "unfounded", reason: "Không\u0000 rõ" });
    expect(expectProblem(reason.response, reason.error, 400, PROBLEM_TYPES.validation).errors?.map((e) => e.path)).toEqual(["reason"]);
  });

  it("answers unknown routes and methods with a 404 problem document, also when mounted under /council", async () => {
    const mounted = new Hono();
    mounted.route("/council", createCouncilApp({ db: council.db, clients: CLIENTS, log }));
    const answers = [
      await fetch(`${council.baseUrl}/v1/nothing-here`),
      await fetch(`${council.baseUrl}/v1/dossiers`, { method: "DELETE" }),
      await mounted.request("/council/v1/nothing-here"),
      await mounted.request("/council/v1/dossiers/x/foo", { method: "PUT" }),
    ];
    for (const answer of answers) {
      expectProblem(answer, await answer.json(), 404, PROBLEM_TYPES.notFound);
    }
  });

  it("refuses a missing or unknown token with 401 and stores nothing", async () => {
    const payload = hoaNomination();
    const key = newKey("auth");
    const stranger = createCouncilClient({ baseUrl: council.baseUrl, token: "not-a-configured-token-000" });
    const wrong = await stranger.POST("/v1/dossiers", { params: { header: { "Idempotency-Key": key } }, body: { payload } });
    expectProblem(wrong.response, wrong.error, 401, PROBLEM_TYPES.unauthorized);
    expect(wrong.response.headers.get("www-authenticate")).toBe("Bearer");

    const none = await council.bot.POST("/v1/dossiers", {
      params: { header: { "Idempotency-Key": key } },
      body: { payload },
      headers: { Authorization: null },
    });
    expectProblem(none.response, none.error, 401, PROBLEM_TYPES.unauthorized);

    const list = await stranger.GET("/v1/changes");
    expectProblem(list.response, list.error, 401, PROBLEM_TYPES.unauthorized);
    expect(await rowsWithKey(key)).toBe(0);
    expect(await council.db.councilDossier.count({ where: { code: payload.code } })).toBe(0);
  });

  it("refuses a body over 1 MiB with 413 and stores nothing", async () => {
    const payload = hoaNomination();
    const huge = { ...payload, nomination: { ...(payload as { nomination: object }).nomination, summary: "Thành tích ".repeat(120_000) } } as DossierPayload;
    const key = newKey("huge");
    const { error, response } = await council.bot.POST("/v1/dossiers", { params: { header: { "Idempotency-Key": key } }, body: { payload: huge } });
    expectProblem(response, error, 413, PROBLEM_TYPES.payloadTooLarge);
    expect(await rowsWithKey(key)).toBe(0);
  });

  it("lets only staff move a dossier (403 for a submitter, nothing changed)", async () => {
    const dossier = await submit(council.bot, hoaNomination());
    const { error, response } = await council.bot.POST("/v1/dossiers/{id}/transitions", { params: { path: { id: dossier.id } }, body: { to: "recommended" } });
    expectProblem(response, error, 403, PROBLEM_TYPES.forbidden);
    const detail = await council.bot.GET("/v1/dossiers/{id}", { params: { path: { id: dossier.id } } });
    expect(detail.data?.status).toBe("received");
    expect(detail.data?.history).toHaveLength(1);
  });

  it("moves a dossier received → in_review → recommended, records who and why, and refuses what is not allowed (409)", async () => {
    const dossier = await submit(council.bot, hoaNomination());

    const refused = await transition(council, dossier.id, { to: "recommended" });
    expectProblem(refused.response, refused.error, 409, PROBLEM_TYPES.invalidTransition);

    council.clock.advance(3_600_000);
    const review = await transition(council, dossier.id, { to: "in_review" });
    expect(review.response.status).toBe(200);
    expect(expectValid(councilDossier, review.data)).toMatchObject({ status: "in_review", updatedAt: "2026-11-25T03:00:00.000Z", reason: null, returnedFields: [] });

    const noReason = await transition(council, dossier.id, { to: "not_recommended" });
    const p = expectProblem(noReason.response, noReason.error, 400, PROBLEM_TYPES.validation);
    expect(p.errors?.map((e) => e.path)).toEqual(["reason"]);

    council.clock.advance(3_600_000);
    const recommended = await transition(council, dossier.id, { to: "recommended", reason: "Hội đồng nhất trí 7/7" });
    expect(expectValid(councilDossier, recommended.data)).toMatchObject({ status: "recommended", reason: "Hội đồng nhất trí 7/7", decision: null });

    const afterAdvice = await transition(council, dossier.id, { to: "not_recommended", reason: "nhầm" });
    const final = expectProblem(afterAdvice.response, afterAdvice.error, 409, PROBLEM_TYPES.invalidTransition);
    expect(final.detail).toContain("recommended");

    const { data } = await council.bot.GET("/v1/dossiers/{id}", { params: { path: { id: dossier.id } } });
    const detail = expectValid(councilDossierDetail, data);
    expect(detail.status).toBe("recommended");
    expect(detail.history.map((h) => [h.status, h.actor, h.reason, h.at])).toEqual([
      ["received", "bot", null, "2026-11-25T02:00:00.000Z"],
      ["in_review", "thuky", null, "2026-11-25T03:00:00.000Z"],
      ["recommended", "thuky", "Hội đồng nhất trí 7/7", "2026-11-25T04:00:00.000Z"],
    ]);
    expect(detail.history[0]!.seq).toBeLessThan(detail.history[1]!.seq);

    const unknown = await transition(council, "khong-co-ho-so-nay", { to: "in_review" });
    expectProblem(unknown.response, unknown.error, 404, PROBLEM_TYPES.notFound);
  });

  it("records the chair's decision on a recommended nomination: granted, in the history and the feed, and nothing after it (409)", async () => {
    const head = await feedHead(council);
    const dossier = await submit(council.bot, hoaNomination());
    const early = await council.staff.POST("/v1/dossiers/{id}/decisions", {
      params: { path: { id: dossier.id } },
      body: { number: "125/QĐ-UBND", signedOn: "2026-12-01", signer: "Chủ tịch UBND xã Nguyễn Văn Bình", outcome: "granted" },
    });
    expect(expectProblem(early.response, early.error, 409, PROBLEM_TYPES.invalidTransition).detail).toContain("received");
    await transition(council, dossier.id, { to: "in_review" });
    const upwardTooEarly = await transition(council, dossier.id, { to: "forwarded_upward" });
    expectProblem(upwardTooEarly.response, upwardTooEarly.error, 409, PROBLEM_TYPES.invalidTransition);
    await transition(council, dossier.id, { to: "recommended", reason: "Nhất trí 7/7" });

    const bySubmitter = await council.bot.POST("/v1/dossiers/{id}/decisions", {
      params: { path: { id: dossier.id } },
      body: { number: "125/QĐ-UBND", signedOn: "2026-12-01", signer: "Chủ tịch UBND xã Nguyễn Văn Bình", outcome: "granted" },
    });
    expectProblem(bySubmitter.response, bySubmitter.error, 403, PROBLEM_TYPES.forbidden);
    const badDate = await council.staff.POST("/v1/dossiers/{id}/decisions", {
      params: { path: { id: dossier.id } },
      body: { number: "125/QĐ-UBND", signedOn: "2026-02-30", signer: "Chủ tịch UBND xã", outcome: "granted" },
    });
    expect(expectProblem(badDate.response, badDate.error, 400, PROBLEM_TYPES.validation).errors?.map((e) => e.path)).toEqual(["signedOn"]);

    const decided = await council.staff.POST("/v1/dossiers/{id}/decisions", {
      params: { path: { id: dossier.id } },
      body: { number: "125/QĐ-UBND", signedOn: "2026-12-01", signer: "Chủ tịch UBND xã Nguyễn Văn Bình", outcome: "granted" },
    });
    const decision = { number: "125/QĐ-UBND", signedOn: "2026-12-01", signer: "Chủ tịch UBND xã Nguyễn Văn Bình", outcome: "granted", level: "commune" };
    expect(expectValid(councilDossier, decided.data)).toMatchObject({ status: "granted", decision });

    const again = await council.staff.POST("/v1/dossiers/{id}/decisions", {
      params: { path: { id: dossier.id } },
      body: { number: "126/QĐ-UBND", signedOn: "2026-12-02", signer: "Chủ tịch UBND xã", outcome: "refused" },
    });
    expectProblem(again.response, again.error, 409, PROBLEM_TYPES.invalidTransition);
    const toGranted = await council.staff.POST("/v1/dossiers/{id}/transitions", { params: { path: { id: dossier.id } }, body: { to: "granted" as TransitionTarget } });
    expectProblem(toGranted.response, toGranted.error, 400, PROBLEM_TYPES.validation);

    const detail = expectValid(councilDossierDetail, (await council.bot.GET("/v1/dossiers/{id}", { params: { path: { id: dossier.id } } })).data);
    expect(detail.decision).toEqual(decision);
    expect(detail.history.map((h) => [h.status, h.decision])).toEqual([
      ["received", null],
      ["in_review", null],
      ["recommended", null],
      ["granted", decision],
    ]);
    const feed = expectValid(changesPage, (await council.bot.GET("/v1/changes", { params: { query: { after: head } } })).data);
    expect(feed.changes.filter((c) => c.dossierId === dossier.id).map((c) => [c.status, c.decision])).toEqual([
      ["received", null],
      ["in_review", null],
      ["recommended", null],
      ["granted", decision],
    ]);
  });

  it("routes an award beyond the commune upward: recommended → forwarded_upward → the upper level's decision (refused, with a reason)", async () => {
    const dossier = await submit(council.bot, hoaNomination());
    await transition(council, dossier.id, { to: "in_review" });
    await transition(council, dossier.id, { to: "recommended" });
    const forwarded = await transition(council, dossier.id, { to: "forwarded_upward", reason: "Tờ trình số 45/TTr-UBND" });
    expect(expectValid(councilDossier, forwarded.data)).toMatchObject({ status: "forwarded_upward", decision: null });
    const twice = await transition(council, dossier.id, { to: "forwarded_upward" });
    expectProblem(twice.response, twice.error, 409, PROBLEM_TYPES.invalidTransition);
    const decided = await council.staff.POST("/v1/dossiers/{id}/decisions", {
      params: { path: { id: dossier.id } },
      body: { number: "2031/QĐ-UBND", signedOn: "2026-12-03", signer: "Chủ tịch UBND tỉnh Thanh Hóa", outcome: "refused", reason: "Chưa đủ tiêu chuẩn" },
    });
    expect(expectValid(councilDossier, decided.data)).toMatchObject({
      status: "refused",
      reason: "Chưa đủ tiêu chuẩn",
      decision: { number: "2031/QĐ-UBND", signedOn: "2026-12-03", signer: "Chủ tịch UBND tỉnh Thanh Hóa", outcome: "refused", level: "upper" },
    });
  });

  it("verifies a good-deed report (verified → praised), never recommends or decides one (409), and wants a reason for unfounded", async () => {
    const report = await submit(council.bot, goodDeedReport());
    const recommend = await transition(council, report.id, { to: "recommended" });
    expectProblem(recommend.response, recommend.error, 409, PROBLEM_TYPES.invalidTransition);
    const noReason = await transition(council, report.id, { to: "unfounded" });
    expect(expectProblem(noReason.response, noReason.error, 400, PROBLEM_TYPES.validation).errors?.map((e) => e.path)).toEqual(["reason"]);
    const verified = await transition(council, report.id, { to: "verified", reason: "Cán bộ thôn xác minh tại chỗ" });
    expect(expectValid(councilDossier, verified.data).status).toBe("verified");
    const decide = await council.staff.POST("/v1/dossiers/{id}/decisions", {
      params: { path: { id: report.id } },
      body: { number: "1/QĐ-UBND", signedOn: "2026-12-01", signer: "Chủ tịch UBND xã", outcome: "granted" },
    });
    expectProblem(decide.response, decide.error, 409, PROBLEM_TYPES.invalidTransition);
    const praised = await transition(council, report.id, { to: "praised" });
    expect(expectValid(councilDossier, praised.data).status).toBe("praised");
    const filed = await transition(council, report.id, { to: "filed" });
    expectProblem(filed.response, filed.error, 409, PROBLEM_TYPES.invalidTransition);

    const nomination = await submit(council.bot, hoaNomination());
    const verifyNomination = await transition(council, nomination.id, { to: "verified" });
    expectProblem(verifyNomination.response, verifyNomination.error, 409, PROBLEM_TYPES.invalidTransition);
  });

  it("refuses to return a dossier for a field that is not in its payload (400 naming the path)", async () => {
    const dossier = await submit(council.bot, hoaNomination());
    const { error, response } = await transition(council, dossier.id, {
      to: "returned",
      fields: [
        { field: "nomination.summary", message: "Nêu rõ số liệu." },
        { field: "goodDeedReport.story", message: "Không áp dụng." },
      ],
    });
    const p = expectProblem(response, error, 400, PROBLEM_TYPES.validation);
    expect(p.errors).toEqual([{ path: "fields.1.field", message: "goodDeedReport.story does not exist in the payload" }]);
    expect(p.detail).toContain("goodDeedReport.story");

    const empty = await transition(council, dossier.id, { to: "returned", fields: [] });
    expectProblem(empty.response, empty.error, 400, PROBLEM_TYPES.validation);

    const { data } = await council.staff.GET("/v1/dossiers/{id}", { params: { path: { id: dossier.id } } });
    expect(data?.status).toBe("received");
    expect(data?.history).toHaveLength(1);
  });

  it("returns a dossier with two fields, takes a resubmission linked to it, and shows it in the original's history", async () => {
    const original = await submit(council.bot, hoaNomination());
    const fields = [
      { field: "nomination.summary", message: "Bổ sung số liệu cụ thể về kết quả vận động hiến đất." },
      { field: "nomination.nominee.birthDate", message: "Ngày sinh không khớp với CCCD." },
    ];
    council.clock.advance(60_000);
    const returned = await transition(council, original.id, { to: "returned", reason: "Cần bổ sung", fields });
    expect(expectValid(councilDossier, returned.data)).toMatchObject({ status: "returned", reason: "Cần bổ sung", returnedFields: fields });

    // Only a returned dossier can be resubmitted.
    const fresh = await submit(council.bot, hoaNomination());
    const notReturned = await council.bot.POST("/v1/dossiers/{id}/resubmissions", {
      params: { path: { id: fresh.id }, header: { "Idempotency-Key": newKey("resub") } },
      body: { payload: hoaNomination() },
    });
    expectProblem(notReturned.response, notReturned.error, 409, PROBLEM_TYPES.invalidTransition);

    // Someone else's dossier does not exist for this submitter.
    const foreign = await council.otherSubmitter.POST("/v1/dossiers/{id}/resubmissions", {
      params: { path: { id: original.id }, header: { "Idempotency-Key": newKey("resub") } },
      body: { payload: hoaNomination() },
    });
    expectProblem(foreign.response, foreign.error, 404, PROBLEM_TYPES.notFound);

    council.clock.advance(60_000);
    const corrected = hoaNomination(original.code);
    const key = newKey("resub");
    const resubmit = () =>
      council.bot.POST("/v1/dossiers/{id}/resubmissions", { params: { path: { id: original.id }, header: { "Idempotency-Key": key } }, body: { payload: corrected } });
    const first = await resubmit();
    expect(first.response.status).toBe(201);
    const second = expectValid(councilDossier, first.data);
    expect(second).toMatchObject({ status: "received", resubmissionOf: original.id, code: original.code });
    expect(second.id).not.toBe(original.id);

    // Repeating it is answered with the same result; a new resubmission of the same original is refused.
    const repeated = await resubmit();
    expect(repeated.response.status).toBe(201);
    expect(repeated.data).toEqual(second);
    const again = await council.bot.POST("/v1/dossiers/{id}/resubmissions", {
      params: { path: { id: original.id }, header: { "Idempotency-Key": newKey("resub") } },
      body: { payload: corrected },
    });
    const p = expectProblem(again.response, again.error, 409, PROBLEM_TYPES.invalidTransition);
    expect(p.detail).toContain(second.id);
    // The key of a resubmission cannot be replayed as a plain submission.
    const crossed = await council.bot.POST("/v1/dossiers", { params: { header: { "Idempotency-Key": key } }, body: { payload: corrected } });
    expectProblem(crossed.response, crossed.error, 422, PROBLEM_TYPES.idempotencyKeyReused);
    expect(await council.db.councilDossier.count({ where: { resubmissionOfId: original.id } })).toBe(1);

    const { data } = await council.bot.GET("/v1/dossiers/{id}", { params: { path: { id: original.id } } });
    const detail = expectValid(councilDossierDetail, data);
    expect(detail.status).toBe("returned");
    expect(detail.reason).toBe("Cần bổ sung");
    expect(detail.returnedFields).toEqual(fields);
    expect(detail.history.map((h) => [h.status, h.actor, h.reason, h.fields])).toEqual([
      ["received", "bot", null, []],
      ["returned", "thuky", "Cần bổ sung", fields],
      ["returned", "bot", `resubmitted as ${second.id}`, []],
    ]);
  });

  it("lists dossiers newest first with filters on status, kind, unit and dates, and pages with a cursor", async () => {
    const unit = `thanh-hoa/ha-trung/thon-dong-tam-${Math.random().toString(36).slice(2, 8)}`;
    const created: CouncilDossierView[] = [];
    for (let day = 1; day <= 5; day++) {
      council.clock.set(`2027-01-0${day}T02:00:00.000Z`);
      const payload = day % 2 === 0 ? goodDeedReport(nextCode(), unit) : hoaNomination(nextCode(), unit);
      created.push(await submit(day === 5 ? council.otherSubmitter : council.bot, payload));
    }
    await transition(council, created[0]!.id, { to: "in_review" });
    const newestFirst = [...created].reverse().map((d) => d.id);

    const all = await council.staff.GET("/v1/dossiers", { params: { query: { unitId: unit } } });
    expect(expectValid(dossierList, all.data).items.map((d) => d.id)).toEqual(newestFirst);
    expect(all.data?.nextCursor).toBeNull();

    const reports = await council.staff.GET("/v1/dossiers", { params: { query: { unitId: unit, kind: "GOOD_DEED_REPORT" } } });
    expect(reports.data?.items.map((d) => d.id)).toEqual([created[3]!.id, created[1]!.id]);

    const inReview = await council.staff.GET("/v1/dossiers", { params: { query: { unitId: unit, status: "in_review" } } });
    expect(inReview.data?.items.map((d) => d.id)).toEqual([created[0]!.id]);
    expect(inReview.data?.items[0]?.status).toBe("in_review");

    // from is inclusive, to exclusive; no unit filter: the dates alone single these out.
    const range = await council.staff.GET("/v1/dossiers", { params: { query: { from: "2027-01-02T02:00:00.000Z", to: "2027-01-04T02:00:00.000Z" } } });
    expect(range.data?.items.map((d) => d.id)).toEqual([created[2]!.id, created[1]!.id]);

    // Pages of two, following nextCursor, give every item once, in order.
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await council.staff.GET("/v1/dossiers", { params: { query: { unitId: unit, limit: 2, ...(cursor ? { cursor } : {}) } } });
      const list = expectValid(dossierList, page.data);
      expect(list.items.length).toBeLessThanOrEqual(2);
      seen.push(...list.items.map((d) => d.id));
      cursor = list.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined && pages < 10);
    expect(seen).toEqual(newestFirst);
    expect(pages).toBe(3);

    // A submitter sees only its own.
    const mine = await council.bot.GET("/v1/dossiers", { params: { query: { unitId: unit } } });
    expect(mine.data?.items.map((d) => d.id)).toEqual(newestFirst.slice(1));
    const theirs = await council.otherSubmitter.GET("/v1/dossiers", { params: { query: { unitId: unit } } });
    expect(theirs.data?.items.map((d) => d.id)).toEqual([created[4]!.id]);
    const hidden = await council.otherSubmitter.GET("/v1/dossiers/{id}", { params: { path: { id: created[0]!.id } } });
    expectProblem(hidden.response, hidden.error, 404, PROBLEM_TYPES.notFound);

    const badCursor = await council.staff.GET("/v1/dossiers", { params: { query: { cursor: "not-a-cursor" } } });
    expectProblem(badCursor.response, badCursor.error, 400, PROBLEM_TYPES.validation);
    const badLimit = await council.staff.GET("/v1/dossiers", { params: { query: { limit: 101 } } });
    expect(expectProblem(badLimit.response, badLimit.error, 400, PROBLEM_TYPES.validation).errors?.[0]?.path).toBe("limit");
  });

  it("publishes every status change in order from a cursor, each submitter seeing only its own", async () => {
    const head = await feedHead(council);
    council.clock.set("2027-02-01T01:00:00.000Z");
    const mine = await submit(council.bot, hoaNomination());
    const theirs = await submit(council.otherSubmitter, goodDeedReport());
    council.clock.advance(60_000);
    await transition(council, mine.id, { to: "in_review" });
    const fields = [{ field: "nomination.nominee.birthDate", message: "Ngày sinh không khớp với CCCD." }];
    await transition(council, mine.id, { to: "returned", reason: "Cần sửa ngày sinh", fields });
    await transition(council, theirs.id, { to: "duplicate", reason: "Trùng tin báo đã có" });

    const staffView = await council.staff.GET("/v1/changes", { params: { query: { after: head } } });
    const all = expectValid(changesPage, staffView.data);
    const summary = (c: Change) => [c.dossierId, c.status, c.reason];
    expect(all.changes.map(summary)).toEqual([
      [mine.id, "received", null],
      [theirs.id, "received", null],
      [mine.id, "in_review", null],
      [mine.id, "returned", "Cần sửa ngày sinh"],
      [theirs.id, "duplicate", "Trùng tin báo đã có"],
    ]);
    const cursors = all.changes.map((c) => Number(c.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(new Set(cursors).size).toBe(cursors.length);
    expect(all.nextCursor).toBe(all.changes.at(-1)!.cursor);
    expect(all.changes[3]).toMatchObject({ code: mine.code, fields, at: "2027-02-01T01:01:00.000Z" });

    // Nothing new after the last cursor; the cursor stays.
    const nothing = await council.staff.GET("/v1/changes", { params: { query: { after: all.nextCursor } } });
    expect(nothing.data).toEqual({ changes: [], nextCursor: all.nextCursor });

    // One at a time from the middle.
    const one = await council.staff.GET("/v1/changes", { params: { query: { after: all.changes[1]!.cursor, limit: 1 } } });
    expect(one.data?.changes.map(summary)).toEqual([[mine.id, "in_review", null]]);
    expect(one.data?.nextCursor).toBe(all.changes[2]!.cursor);

    const botView = await council.bot.GET("/v1/changes", { params: { query: { after: head } } });
    expect(expectValid(changesPage, botView.data).changes.map(summary)).toEqual([
      [mine.id, "received", null],
      [mine.id, "in_review", null],
      [mine.id, "returned", "Cần sửa ngày sinh"],
    ]);
    const otherView = await council.otherSubmitter.GET("/v1/changes", { params: { query: { after: head } } });
    expect(otherView.data?.changes.map(summary)).toEqual([
      [theirs.id, "received", null],
      [theirs.id, "duplicate", "Trùng tin báo đã có"],
    ]);

    const bad = await council.bot.GET("/v1/changes", { params: { query: { after: "-1" } } });
    expectProblem(bad.response, bad.error, 400, PROBLEM_TYPES.validation);
  });

  it("makes events visible in feed order: on PostgreSQL, writers of events wait for each other", async (ctx) => {
    if (!databaseUrl.startsWith("postgres")) ctx.skip();
    // Another writer of events holds the feed lock: a submission must wait for it, so that it
    // cannot draw a later seq and commit before an earlier one (a follower would skip that one).
    const holder = new pg.Client({ connectionString: databaseUrl });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT pg_advisory_xact_lock(${EVENT_FEED_LOCK_KEY})`);
      let settled = false;
      const pending = council.bot
        .POST("/v1/dossiers", { params: { header: { "Idempotency-Key": newKey("locked") } }, body: { payload: hoaNomination() } })
        .finally(() => {
          settled = true;
        });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(settled).toBe(false);
      await holder.query("COMMIT");
      expect((await pending).response.status).toBe(201);
    } finally {
      await holder.end();
    }
  });

  it("serves its OpenAPI 3.1 document without a token, and /healthz", async () => {
    const anonymous = createCouncilClient({ baseUrl: council.baseUrl, token: "" });
    const { data, response } = await anonymous.GET("/openapi.json", { headers: { Authorization: null } });
    expect(response.status).toBe(200);
    expect(data?.openapi).toBe("3.1.0");
    const schemas = (data?.components as { schemas: Record<string, unknown> }).schemas;
    expect(Object.keys(schemas)).toContain("DossierPayload");
    expect(data).toEqual(buildCouncilOpenApi());

    const health = await anonymous.GET("/healthz");
    expect(health.data).toEqual({ ok: true });
  });
}

describe("council intake API on SQLite", () => {
  councilSuite(async () => {
    const url = sqliteUrl();
    return { db: (await openDatabase(url)).db, url };
  });
});

describe.skipIf(!POSTGRES_URL)("council intake API on PostgreSQL", () => {
  councilSuite(async () => {
    const created = await createPostgresDatabase();
    return { db: (await openDatabase(created.url)).db, url: created.url, drop: created.drop };
  });
});
