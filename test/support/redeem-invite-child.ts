/**
 * A second process for the invitation race test: opens the database, waits until the agreed
 * moment (so two such processes start their transactions together), redeems the code and prints
 * the result as JSON. Arguments: database URL, code, user id, start time (ms since epoch).
 */
import { openDatabase } from "../../src/db/open-database.ts";
import { redeemInvite } from "../../src/admin/invites.ts";

const [url, code, userId, startAt] = process.argv.slice(2) as [string, string, string, string];
const { db } = await openDatabase(url);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const result = await redeemInvite(db, { code, userId, now: new Date("2026-11-25T03:00:00Z") });
process.stdout.write(`${JSON.stringify(result)}\n`);
await db.$disconnect();
