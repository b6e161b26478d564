/**
 * The digest service counts in the database (GROUP BY, and only the dossiers listed one by one
 * loaded whole); the text must be the one buildDigest writes over every dossier in scope. Both
 * are taken from one database with dossiers of every kind, waiting, finished, returned and
 * forwarded upward, in scope and out of it, before and after the previous digest, overdue, due
 * today, due soon and not yet due, more than are listed in a section; on SQLite and, when
 * DATABASE_URL_POSTGRES is set, on PostgreSQL.
 */
import { describe, expect, it } from "vitest";
import { benchFlowsDir } from "../../bench/bench-flows.ts";
import { copyDossiers } from "../../bench/copy-dossiers.ts";
import { BENCH_TURNS } from "../../bench/nomination-turns.ts";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { testAssistant } from "../support/test-assistant.ts";
import { onEachDatabase } from "../support/test-databases.ts";

const HA_TRUNG = "thanh-hoa/ha-trung";
const STATUSES = ["QUEUED", "FORWARDED", "RECEIVED", "IN_REVIEW", "RETURNED", "RESUBMITTED", "RECOMMENDED", "GRANTED", "FORWARDED_UPWARD", "VERIFIED", "NOT_RECOMMENDED"];
const KINDS = ["NOMINATION_INDIVIDUAL", "NOMINATION_INDIVIDUAL", "NOMINATION_INDIVIDUAL", "GOOD_DEED_REPORT", "NOMINATION_COLLECTIVE", "NOMINATION_HOUSEHOLD"];
const CATEGORIES = [null, "NGUOI_LAO_DONG_TRUC_TIEP", "NONG_DAN", "LANH_DAO_QUAN_LY", "DOANH_NHAN", "KHAC", "CONG_CHUC_VIEN_CHUC"];
const DAY = 86_400_000;

function suite(name: string, databaseUrl: () => Promise<string | undefined>) {
  describe(name, () => {
    it("says what buildDigest says over every dossier in scope, counting in the database", async () => {
      const flows = benchFlowsDir();
      const url = await databaseUrl();
      const a = await testAssistant({ flowsDir: flows.dir, ...(url ? { databaseUrl: url } : {}) });
      try {
        const chat = new MemoryChat(a.service, "officer");
        for (const turn of BENCH_TURNS) await chat.say(turn);
        const now = a.clock.now();
        await copyDossiers(a.db, { count: 150, series: 7, status: (k) => STATUSES[k % STATUSES.length]!, forward: false, now });
        const outside = a.units.units.find((u) => !a.units.isWithin(u.id, HA_TRUNG) && u.parentId)!.id;
        const dossiers = await a.db.dossier.findMany({ orderBy: { code: "asc" } });
        for (const [k, d] of dossiers.entries()) {
          await a.db.dossier.update({
            where: { id: d.id },
            data: {
              kind: KINDS[k % KINDS.length]!,
              ...(k % 13 === 5 ? { unitId: outside } : {}),
              // Forwarded 0 to 40 days ago, or not yet: overdue, due today, due soon and not due.
              forwardedAt: k % 4 === 0 ? null : new Date(now.getTime() - (k % 41) * DAY),
            },
          });
          if (d.nominationId) {
            await a.db.nomination.update({ where: { id: d.nominationId }, data: { subjectCategory: CATEGORIES[k % CATEGORIES.length]!, gender: k % 3 === 0 ? "NU" : "NAM" } });
          }
        }
        const secretary = await a.db.user.create({ data: { fullName: "Thư ký Hà Trung", roles: { create: { role: "secretary", unitId: HA_TRUNG } } } });
        const all = await a.db.user.create({ data: { fullName: "Thư ký tỉnh", roles: { create: { role: "secretary" } } } });

        for (const userId of [secretary.id, all.id]) {
          const counted = await a.digests.compose(userId, now);
          const listed = await a.digests.compose(userId, now, "items");
          expect(counted!.text).toBe(listed!.text);
        }
        const first = (await a.digests.compose(secretary.id, now))!.text;
        expect(first).toMatch(/MỚI \(1[0-9]{2}\)/);
        expect(first).toMatch(/và \d+ hồ sơ khác/);
        expect(first).toMatch(/quá hạn/i);

        // After a digest, only what was submitted since is new.
        await a.db.digest.create({ data: { userId: secretary.id, periodKey: "2026-11-15", createdAt: new Date(now.getTime() - 10 * DAY), content: "" } });
        const counted = await a.digests.compose(secretary.id, now);
        const listed = await a.digests.compose(secretary.id, now, "items");
        expect(counted!.text).toBe(listed!.text);
        expect(counted!.text).not.toBe(first);
      } finally {
        await a.close();
        flows.remove();
      }
    }, 60_000);
  });
}

onEachDatabase("digest counting", suite);
