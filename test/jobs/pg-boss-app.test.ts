/**
 * The app on PostgreSQL runs its jobs on pg-boss (the default there), with real processes: a
 * good-deed report is submitted over the web chat's HTTP API, its forward-dossier job is one of
 * pg-boss's jobs (no outbox row), and the embedded council receives it: the dossier is FORWARDED
 * and its job done. A second server on the same database forwards nothing twice.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/open-database.ts";
import { FORWARD_DOSSIER_JOB } from "../../src/outbox/jobs.ts";
import { PgBossJobs } from "../../src/jobs/pg-boss-jobs.ts";
import { createLogger } from "../../src/log.ts";
import { POSTGRES_URL, createPostgresDatabase, tempDir } from "../support/test-databases.ts";
import { WebChatClient } from "../support/web-chat-client.ts";
import { killAllChildren, startServer, stopChild, waitForExit } from "../support/spawn-app.ts";

afterEach(killAllChildren);
afterAll(killAllChildren);

describe.skipIf(!POSTGRES_URL)("the app's jobs on pg-boss", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it("forwards a report submitted in the web chat through pg-boss, once, with two servers on the database", async () => {
    const { url, drop } = await createPostgresDatabase();
    cleanups.push(drop);
    const env = { DATABASE_URL: url, COUNCIL_FORWARD_INTERVAL_SECONDS: "1" };
    const first = await startServer(tempDir("tdkt-pgboss-"), 60_000, env);
    const second = await startServer(tempDir("tdkt-pgboss-"), 60_000, env);
    expect(first.logs.find((l) => l.msg === "jobs engine")).toMatchObject({ engine: "pg-boss" });

    const chat = new WebChatClient(first.url);
    const steps: Array<[input: { text: string } | { press: string }, expected: string]> = [
      [{ text: "/start" }, "Báo gương người tốt, việc tốt"],
      [{ press: "flow:good-deed-report" }, "Câu 1:"],
      [{ text: "có" }, "Câu 2:"],
      [{ text: "mot nguoi" }, "Câu 3:"],
      [{ text: "Đặng Văn Hùng" }, "Câu 4:"],
      [{ text: "bỏ qua" }, "Câu 5:"],
      [{ text: "cuu nguoi" }, "Câu 6:"],
      [{ text: "Chiều 20/11, anh Hùng đã nhảy xuống sông Hoạt cứu hai em học sinh bị đuối nước, rồi đưa các em lên bờ an toàn." }, "Câu 7:"],
      [{ text: "hôm qua" }, "xảy ra ở"],
      [{ text: "tk2 ha trung" }, "ảnh"],
      [{ text: "xong" }, "ẩn danh"],
      [{ text: "ko" }, "Họ và tên của bạn"],
      [{ text: "Lê Thị Mai" }, "Số điện thoại của bạn"],
      [{ text: "+84 912.345.678" }, "đồng ý cho công khai"],
      [{ text: "chua hoi" }, "Vui lòng kiểm tra lại"],
      [{ press: "SUBMIT" }, "Mã tin báo:"],
    ];
    for (const [input, expected] of steps) {
      const replies = "text" in input ? await chat.say(input.text) : await chat.press(input.press);
      expect(replies.map((r) => [r.text, ...(r.choices ?? []).map((c) => c.label)].join("\n")).join("\n"), `after ${JSON.stringify(input)}\n${first.stderr()}`).toContain(expected);
    }

    const { db } = await openDatabase(url);
    cleanups.push(() => db.$disconnect());
    const jobs = await PgBossJobs.open({ url, log: createLogger({ level: "silent", pretty: false }), kinds: [FORWARD_DOSSIER_JOB.kind], concurrentKinds: [FORWARD_DOSSIER_JOB.kind] });
    cleanups.push(() => jobs.stop());
    const dossier = await db.dossier.findFirstOrThrow();
    const key = `${FORWARD_DOSSIER_JOB.kind}:${dossier.id}`;
    const end = Date.now() + 30_000;
    while ((await jobs.statusOf(db, FORWARD_DOSSIER_JOB, key)) !== "DONE" && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    expect(await jobs.statusOf(db, FORWARD_DOSSIER_JOB, key)).toBe("DONE");
    expect(await db.dossier.findUniqueOrThrow({ where: { id: dossier.id } })).toMatchObject({ status: "FORWARDED", councilDossierId: expect.any(String) });
    expect(await db.outboxJob.count()).toBe(0);
    // One attempt in all: one of the two servers ran it.
    const ran = [...first.logs, ...second.logs].filter((l) => l.msg === "job done" && l.kind === FORWARD_DOSSIER_JOB.kind);
    expect(ran).toHaveLength(1);

    for (const server of [first, second]) {
      await stopChild(server.child, "SIGTERM");
      expect(await waitForExit(server.child)).toEqual({ code: 0, signal: null });
    }
  }, 120_000);
});
