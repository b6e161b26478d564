/**
 * A command-line tool queues on the installation's job engine: `people:erase` on PostgreSQL with
 * pg-boss (the default there) puts the council's notice of the erasure in pg-boss, where the
 * servers run it, not in the outbox tables nobody runs on such an installation.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { PERSONAL_DATA_ERASED_JOB } from "../../src/outbox/jobs.ts";
import { nominationOfHoa } from "../support/officer-scripts.ts";
import { PROJECT_ROOT, appEnv } from "../support/spawn-app.ts";
import { testAssistant } from "../support/test-assistant.ts";
import { createPostgresDatabase, POSTGRES_URL, tempDir } from "../support/test-databases.ts";

const run = promisify(execFile);

describe.skipIf(!POSTGRES_URL)("people:erase on a pg-boss installation", () => {
  let drop: () => Promise<void> = async () => undefined;
  afterAll(async () => drop());

  it("queues the erasure's notice to the council in pg-boss", async () => {
    const created = await createPostgresDatabase();
    drop = created.drop;
    const dir = tempDir();
    const a = await testAssistant({ databaseUrl: created.url, dataDir: dir });
    const officer = new MemoryChat(a.service, "can-bo-xoa");
    for (const line of nominationOfHoa()) await officer.say(line);
    const dossier = await a.db.dossier.findFirstOrThrow();
    const userId = dossier.submittedById!;
    await a.close();

    const { stdout } = await run(join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["src/cli/admin.ts", "people:erase", userId], {
      cwd: PROJECT_ROOT,
      env: appEnv(dir, { DATABASE_URL: created.url, DATA_DIR: dir }),
    });
    expect(stdout).toContain(userId);

    const client = new pg.Client({ connectionString: created.url });
    await client.connect();
    try {
      const boss = await client.query("SELECT data FROM pgboss.job WHERE name = $1", [PERSONAL_DATA_ERASED_JOB.kind]);
      expect(boss.rows.map((r: { data: unknown }) => r.data)).toEqual([{ dossierId: dossier.id }]);
      const outbox = await client.query(`SELECT count(*)::int AS n FROM "OutboxJob" WHERE "kind" = $1`, [PERSONAL_DATA_ERASED_JOB.kind]);
      expect(outbox.rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });
});
