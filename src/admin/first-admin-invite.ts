/**
 * The first administrator of a fresh installation: while nobody holds the admin role, the service
 * makes one invitation for it at start. Its code must not end up where logs go (files kept for
 * months, log collectors, other operators), so it is shown once: on the terminal when a person
 * watches standard output, else in a file only the service's user can read
 * (`<DATA_DIR>/admin-invite.txt`, mode 0600), and the log says only where it is. A restart while
 * it is active shows nothing again; `npm run admin -- invite --role admin` makes another.
 */
import { mkdir, open, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Db } from "../db/open-database.ts";
import type { Logger } from "../log.ts";
import { createInvite, listInvites, revokeInvite } from "./invites.ts";

/** Hours the first administrator invitation can be redeemed. */
export const FIRST_ADMIN_INVITE_HOURS = 24;
/** The file under the data directory that holds the code when standard output is no terminal. */
export const FIRST_ADMIN_INVITE_FILE = "admin-invite.txt";
/** Recorded as the creator of the invitation. */
const CREATOR = "system";
const ANOTHER = "npm run admin -- invite --role admin";

export interface FirstAdminInviteDeps {
  db: Db;
  now: Date;
  /** Whether standard output is a terminal (`process.stdout.isTTY`): a person sees it, no log file keeps it. */
  isTTY: boolean;
  dataDir: string;
  log: Logger;
  /** Writes a line on the terminal, bypassing the logger. */
  print: (line: string) => void;
  /** The web chat's address, for the instructions. */
  webUrl: string;
}

export type FirstAdminInviteOutcome =
  | { kind: "admin-exists" }
  | { kind: "active"; expiresAt: Date; file: string | null }
  | { kind: "printed"; expiresAt: Date }
  | { kind: "written"; expiresAt: Date; file: string };

/**
 * Makes and shows the first administrator invitation when there is no administrator and no
 * active admin invitation; see the module comment. Once an administrator exists, the file is
 * removed and any admin invitation this function made and nobody used is revoked.
 */
export async function issueFirstAdminInvite(deps: FirstAdminInviteDeps): Promise<FirstAdminInviteOutcome> {
  const { db, now, log } = deps;
  const file = join(deps.dataDir, FIRST_ADMIN_INVITE_FILE);
  const invites = await listInvites(db, now);
  if ((await db.userRole.count({ where: { role: "admin" } })) > 0) {
    for (const i of invites) if (i.role === "admin" && i.createdBy === CREATOR && i.status === "active") await revokeInvite(db, i.code, now, CREATOR);
    if (await exists(file)) {
      await rm(file, { force: true });
      log.info({ file }, "an administrator exists: removed the first administrator invitation file");
    }
    return { kind: "admin-exists" };
  }
  const active = invites.find((i) => i.role === "admin" && i.status === "active");
  if (active) {
    const kept = (await exists(file)) ? file : null;
    log.info(
      { expiresAt: active.expiresAt, ...(kept ? { file: kept } : {}) },
      kept
        ? `Mã mời quản trị đang chờ dùng, xem tệp ${kept}`
        : `Đã có mã mời quản trị còn hiệu lực (chỉ hiện một lần khi tạo); muốn mã mới, chạy: ${ANOTHER}`,
    );
    return { kind: "active", expiresAt: active.expiresAt, file: kept };
  }
  const { code, expiresAt } = await createInvite(db, { role: "admin", hours: FIRST_ADMIN_INVITE_HOURS, createdBy: CREATOR, now });
  const text = [
    `Mã mời quản trị: ${code}`,
    `Hết hạn: ${expiresAt.toISOString()} (UTC), dùng được một lần.`,
    `Gõ mã này trong web chat (${deps.webUrl}) hoặc gửi /start ${code} cho bot Telegram để trở thành quản trị viên.`,
    `Mã mới: ${ANOTHER}`,
  ];
  if (deps.isTTY) {
    await rm(file, { force: true });
    for (const line of text) deps.print(line);
    log.info({ expiresAt }, "first administrator invitation shown on the terminal (not logged)");
    return { kind: "printed", expiresAt };
  }
  await writePrivate(deps.dataDir, file, `${text.join("\n")}\n`);
  log.info({ file, expiresAt }, `Mã mời quản trị đã được ghi vào tệp ${file} (chỉ người dùng chạy dịch vụ đọc được)`);
  return { kind: "written", expiresAt, file };
}

/**
 * Writes a file readable by its owner only: created afresh with O_EXCL (never through a link
 * someone left there) and set to 0600 explicitly, since the mode given at creation is reduced
 * by the umask.
 */
async function writePrivate(dir: string, file: string, content: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await rm(file, { force: true });
  const handle = await open(file, "wx", 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(content, "utf8");
  } finally {
    await handle.close();
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
