/**
 * A nomination's papers travel with it to the council (contract 2.1), through the real bot and the
 * embedded council on 127.0.0.1: the forwarder lists the DOCX papers with signed links, the
 * council stores the list and fetches each file over HTTP from the bot's /documents route, a
 * retried forward (fresh links) is still one dossier, a resubmission carries its own papers, a
 * changed list is sent with replaceDossierDocuments, and a broken template does not hold the
 * dossier back.
 */
import { createHash } from "node:crypto";
import { cp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createInvite } from "../../src/admin/invites.ts";
import { createCouncilClient } from "../../src/council/council-client.ts";
import { COUNCIL_DOCUMENT_LINK_TTL_MS, documentsForCouncil } from "../../src/council/documents-for-council.ts";
import { enqueueSendDossierDocuments } from "../../src/council/send-dossier-documents-job.ts";
import { SEND_DOSSIER_DOCUMENTS_JOB } from "../../src/outbox/jobs.ts";
import { DOCX_MEDIA_TYPE, TEMPLATES_DIR } from "../../src/documents/dossier-documents.ts";
import { councilHarness, type Actor } from "../support/council-harness.ts";
import { tempDir } from "../support/test-databases.ts";
import { nominationOfHoa, sayAll } from "../support/officer-scripts.ts";

let harness: Awaited<ReturnType<typeof councilHarness>> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const HOA = nominationOfHoa();
const THREE_KINDS = ["BAO_CAO_THANH_TICH", "TO_TRINH", "BIEN_BAN"];

async function officerOf(h: NonNullable<typeof harness>): Promise<Actor> {
  const officer = h.actor("Cán bộ thôn", "can-bo-1");
  await officer.say((await createInvite(h.assistant.db, { role: "officer", unitId: "thanh-hoa/ha-trung", now: h.assistant.clock.now() })).code);
  return officer;
}

async function councilDetail(h: NonNullable<typeof harness>, code: string) {
  const { data: list } = await h.staff.GET("/v1/dossiers", { params: { query: { limit: 100 } } });
  const item = list!.items.find((i) => i.code === code);
  if (!item) throw new Error(`the council has no ${code}`);
  const { data } = await h.staff.GET("/v1/dossiers/{id}", { params: { path: { id: item.id } } });
  return data!;
}

/** A harness where the officer's nomination of Hoa has gone to the council; its view there. */
async function forwardedHoa() {
  const h = (harness = await councilHarness());
  const officer = await officerOf(h);
  expect(await sayAll(officer, HOA)).toContain("TDKT-2026-000001");
  await h.settle();
  expect(await h.deadJobs()).toEqual([]);
  return { h, officer, detail: await councilDetail(h, "TDKT-2026-000001") };
}

/** GETs a document link as the council would: a plain HTTP request, no token. */
async function download(url: string) {
  const res = await fetch(url);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get("content-type"), bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}

describe("the dossier's papers at the council", () => {
  it("a forwarded nomination arrives with its three DOCX papers, each fetched from the bot's link and matching its sha256 and size", async () => {
    const { h, detail } = await forwardedHoa();
    expect(detail.documents.map((d) => [d.kind, d.version, d.mediaType])).toEqual(THREE_KINDS.map((k) => [k, 1, DOCX_MEDIA_TYPE]));
    expect(detail.documents.map((d) => d.fileName)).toEqual([
      "TDKT-2026-000001-bao-cao-thanh-tich.docx",
      "TDKT-2026-000001-to-trinh.docx",
      "TDKT-2026-000001-bien-ban-hop-hoi-dong.docx",
    ]);
    for (const d of detail.documents) {
      expect(new URL(d.url).host).toBe(new URL(h.councilUrl).host);
      const got = await download(d.url);
      expect(got.status).toBe(200);
      expect(got.type).toBe(DOCX_MEDIA_TYPE);
      expect(Buffer.from(got.bytes.subarray(0, 2)).toString("latin1")).toBe("PK");
      expect(got.sha256).toBe(d.sha256);
      expect(got.bytes.byteLength).toBe(d.size);
    }
    // The list is on every view of the dossier, and is what the bot stored.
    const { data: list } = await h.client.GET("/v1/dossiers", { params: { query: {} } });
    expect(list!.items[0]!.documents).toEqual(detail.documents);
    const local = await h.assistant.db.dossier.findUniqueOrThrow({ where: { code: "TDKT-2026-000001" } });
    const stored = await h.assistant.documents.versions(local.id);
    expect(detail.documents.map((d) => d.sha256).sort()).toEqual(stored.filter((s) => s.mediaType === DOCX_MEDIA_TYPE).map((s) => s.sha256).sort());
    const audit = await h.assistant.db.auditLog.findFirstOrThrow({ where: { action: "dossier.forwarded", entityId: local.id } });
    expect(audit.data).toMatchObject({ documents: 3 });

    // The links work for 30 days, then answer 404.
    h.assistant.clock.advance(COUNCIL_DOCUMENT_LINK_TTL_MS - 60_000);
    expect((await download(detail.documents[0]!.url)).status).toBe(200);
    h.assistant.clock.advance(2 * 60_000);
    expect((await download(detail.documents[0]!.url)).status).toBe(404);
  });

  it("a forward retried after a crash sends fresh links and the council answers it as the same request: one dossier", async () => {
    const h = (harness = await councilHarness());
    const officer = await officerOf(h);
    await sayAll(officer, HOA);
    const sent: Array<{ body: { documents?: Array<{ url: string }> }; status: number; replayed: boolean }> = [];
    const recording = createCouncilClient({
      baseUrl: h.councilUrl,
      token: "bot-token-0123456789abcdef",
      fetch: async (input, init) => {
        const req = new Request(input, init);
        const body = JSON.parse(await req.clone().text()) as (typeof sent)[number]["body"];
        const res = await fetch(req);
        sent.push({ body, status: res.status, replayed: res.headers.get("Idempotent-Replayed") === "true" });
        return res;
      },
    });
    const job = await h.assistant.db.outboxJob.findFirstOrThrow({ where: { kind: "forward-dossier" } });
    const claimed = (attempt: number) => ({ id: job.id, kind: job.kind, payload: job.payload, attempt });

    // The process dies after the council stored the dossier, before the local commit.
    const dying = h.forwarder({ client: recording, afterCouncilAccepted: async () => { throw new Error("killed"); } });
    await expect(dying(claimed(1))).rejects.toThrow("killed");
    expect((await h.assistant.db.dossier.findFirstOrThrow()).status).toBe("QUEUED");
    h.assistant.clock.advance(3_600_000);
    expect(await h.forwarder({ client: recording })(claimed(2))).toEqual({ type: "done", httpStatus: 201 });

    expect(sent.map((s) => [s.status, s.replayed])).toEqual([[201, false], [201, true]]);
    const [first, second] = sent.map((s) => s.body.documents!);
    expect(first).toHaveLength(3);
    // Same papers, links signed an hour apart.
    expect(second!.map(({ url: _url, ...rest }) => rest)).toEqual(first!.map(({ url: _url, ...rest }) => rest));
    expect(second!.map((d) => d.url)).not.toEqual(first!.map((d) => d.url));
    const { data: list } = await h.staff.GET("/v1/dossiers", { params: { query: {} } });
    expect(list!.items).toHaveLength(1);
    const local = await h.assistant.db.dossier.findFirstOrThrow();
    expect(local).toMatchObject({ status: "FORWARDED", councilDossierId: list!.items[0]!.id });
    await h.settle();
    expect(await h.deadJobs()).toEqual([]);

    // The same key with other papers (another sha256) is another request: refused.
    const documents = (await councilDetail(h, local.code)).documents;
    const other = documents.map((d, i) => (i === 0 ? { ...d, sha256: "0".repeat(64) } : d));
    const refused = await h.client.POST("/v1/dossiers", { params: { header: { "Idempotency-Key": local.id } }, body: { payload: local.payload as never, documents: other } });
    expect(refused.response.status).toBe(422);
    // Without the papers it is another request too: the list is part of the request's identity.
    const bare = await h.client.POST("/v1/dossiers", { params: { header: { "Idempotency-Key": local.id } }, body: { payload: local.payload as never } });
    expect(bare.response.status).toBe(422);
  });

  it("a resubmission after a return carries the corrected dossier's own papers", async () => {
    const { h, officer, detail: first } = await forwardedHoa();
    const returned = await h.staff.POST("/v1/dossiers/{id}/transitions", {
      params: { path: { id: first.id } },
      body: { to: "returned", reason: "Cần bổ sung", fields: [{ field: "nomination.summary", message: "Cần nêu số liệu cụ thể" }] },
    });
    expect(returned.response.status).toBe(200);
    await h.settle();
    await officer.say("Năm 2026 vận động 45 hộ hiến 1.200 m² đất làm đường, thu gom rác thải đạt 100%, thôn đạt chuẩn văn hóa.");
    const done = await officer.say("gửi");
    expect(done[0]!.text).toContain("TDKT-2026-000002");
    await h.settle();
    expect(await h.deadJobs()).toEqual([]);

    const again = await councilDetail(h, "TDKT-2026-000002");
    expect(again.resubmissionOf).toBe(first.id);
    expect(again.documents.map((d) => [d.kind, d.version])).toEqual(THREE_KINDS.map((k) => [k, 1]));
    expect(again.documents.every((d) => d.fileName.startsWith("TDKT-2026-000002-"))).toBe(true);
    // The new summary is in the new báo cáo: other bytes than the returned dossier's.
    const report = (list: typeof first.documents) => list.find((d) => d.kind === "BAO_CAO_THANH_TICH")!;
    expect(report(again.documents).sha256).not.toBe(report(first.documents).sha256);
    const got = await download(report(again.documents).url);
    expect(got.sha256).toBe(report(again.documents).sha256);
    // The returned dossier keeps the papers it was sent with.
    expect((await councilDetail(h, "TDKT-2026-000001")).documents).toEqual(first.documents);
  });

  it("after the council recommends, then the chair decides, the change queues the job that sends the list with the draft quyết định, then its new version; the feed tells nobody", async () => {
    const { h, detail: before } = await forwardedHoa();
    for (const to of ["in_review", "recommended"] as const) {
      await h.staff.POST("/v1/dossiers/{id}/transitions", { params: { path: { id: before.id } }, body: { to } });
    }
    await h.settle();
    const local = await h.assistant.db.dossier.findUniqueOrThrow({ where: { code: "TDKT-2026-000001" } });
    expect(local.status).toBe("RECOMMENDED");

    // The status change queued the job in its transaction; queuing the same occasion again does nothing.
    const told = h.narrative.length;
    await h.assistant.db.$transaction((tx) => enqueueSendDossierDocuments(tx, local.id, "RECOMMENDED", h.assistant.clock.now()));
    await h.settle();
    expect(await h.deadJobs()).toEqual([]);
    expect(await h.assistant.db.outboxJob.count({ where: { kind: SEND_DOSSIER_DOCUMENTS_JOB.kind } })).toBe(1);

    const after = await councilDetail(h, "TDKT-2026-000001");
    expect(after.documents.map((d) => [d.kind, d.version])).toEqual([...THREE_KINDS.map((k) => [k, 1]), ["DU_THAO_QUYET_DINH", 1]]);
    expect(after.status).toBe("recommended");
    expect(after.history.at(-1)).toMatchObject({ status: "recommended", actor: "bot", reason: "documents replaced: BAO_CAO_THANH_TICH v1, TO_TRINH v1, BIEN_BAN v1, DU_THAO_QUYET_DINH v1" });
    expect(after.reason).toBe(before.reason ?? null);
    const draft = after.documents.at(-1)!;
    expect((await download(draft.url)).sha256).toBe(draft.sha256);
    // The event repeats the status: the bot's follower reads it and changes nothing.
    expect(h.narrative.length).toBe(told);
    expect((await h.assistant.db.dossier.findUniqueOrThrow({ where: { id: local.id } })).status).toBe("RECOMMENDED");

    // The chair decides: the draft quyết định is filled with the decision, a new version.
    await h.staff.POST("/v1/dossiers/{id}/decisions", { params: { path: { id: before.id } }, body: { number: "125/QĐ-UBND", signedOn: "2026-11-29", signer: "Chủ tịch UBND xã Lê Văn Bình", outcome: "granted" } });
    await h.settle();
    expect(await h.assistant.db.outboxJob.count({ where: { kind: SEND_DOSSIER_DOCUMENTS_JOB.kind } })).toBe(2);
    const decided = await councilDetail(h, "TDKT-2026-000001");
    expect(decided.status).toBe("granted");
    expect(decided.documents.map((d) => [d.kind, d.version])).toEqual([...THREE_KINDS.map((k) => [k, 1]), ["DU_THAO_QUYET_DINH", 2]]);
    expect(decided.documents.at(-1)!.sha256).not.toBe(draft.sha256);
    const made = await documentsForCouncil({ documents: h.assistant.documents, links: h.links }, await h.assistant.db.dossier.findUniqueOrThrow({ where: { id: local.id } }));
    if (!made.ok) throw new Error(made.error);

    // A list that is not one: every offending value is named.
    const bad = await h.client.POST("/v1/dossiers/{id}/documents", {
      params: { path: { id: before.id } },
      body: { documents: [{ ...draft, sha256: "XYZ" }, made.documents[0]!, { ...made.documents[0]!, url: "ftp://127.0.0.1/x" }] },
    });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.errors?.map((e) => e.path).sort()).toEqual(["documents.0.sha256", "documents.2.kind", "documents.2.url"]);
    const nobody = await h.client.POST("/v1/dossiers/{id}/documents", { params: { path: { id: "no-such-dossier" } }, body: { documents: [] } });
    expect(nobody.response.status).toBe(404);
  });

  it("a broken replaced template does not hold the dossier back: it is forwarded without papers and the failure is recorded", async () => {
    const templatesDir = tempDir();
    await cp(TEMPLATES_DIR, templatesDir, { recursive: true });
    await writeFile(join(templatesDir, "to-trinh.docx"), "not a Word file");
    const h = (harness = await councilHarness({ templatesDir }));
    const officer = await officerOf(h);
    expect(await sayAll(officer, HOA)).toContain("TDKT-2026-000001");
    await h.settle();
    expect(await h.deadJobs()).toEqual([]);
    const detail = await councilDetail(h, "TDKT-2026-000001");
    expect(detail.documents).toEqual([]);
    const local = await h.assistant.db.dossier.findUniqueOrThrow({ where: { code: "TDKT-2026-000001" } });
    expect(local.status).not.toBe("QUEUED");
    const failed = await h.assistant.db.auditLog.findMany({ where: { action: "dossier.documents_failed", entityId: local.id } });
    expect(failed).toHaveLength(1);
    expect(failed[0]!.data).toMatchObject({ attempt: 1, error: expect.stringMatching(/\S/) });
  });
});
