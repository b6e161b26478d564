/**
 * `npm run admin -- <command>`: the administrator's command line for units, invitations and the
 * people who hold roles. Output is Vietnamese; an error is one line on stderr and exit code 1.
 * The catalogue's units are written to the database first (as `npm start` does), so the unit tree
 * the configuration serves (UNITS_PROVINCES of the national list, else the sample
 * `flows/catalogues/units.yaml`) can be referred to before the service ever ran.
 */
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { loadConfig, loadDotEnv, type Config } from "../config.ts";
import { exitOnConfigError } from "../exit-on-config-error.ts";
import { terminalSafeText } from "../text/normalize-inbound-text.ts";
import { openDatabase, providerOf, type Db } from "../db/open-database.ts";
import { createLogger } from "../log.ts";
import { seedCatalogues } from "../db/seed-catalogues.ts";
import { loadCatalogues } from "../catalogues/load-catalogues.ts";
import { importUnitRows, importUnitsCsv, importUnitsXlsx } from "../admin/import-units-csv.ts";
import { progressLine } from "../admin/progress-line.ts";
import { UNIT_KINDS, type UnitLevel } from "../admin/unit-kinds.ts";
import { createInvite, INVITE_ROLES, InviteError, listInvites, normalizeInviteCode, revokeInvite, type InviteRole, type InviteStatus } from "../admin/invites.ts";
import { listPeople, REVOCABLE_ROLES, revokeRole, type RevocableRole } from "../admin/people.ts";
import { erasePerson } from "../privacy/erase-person.ts";
import { useJobs } from "../jobs/jobs-in-use.ts";
import { openJobs } from "../jobs/open-jobs.ts";
import { FileStore } from "../attachments/file-store.ts";
import { formatDateTimeInVietnam, localDateInVietnam } from "../time/vietnam-time.ts";
import { toIsoDate } from "../time/local-date.ts";
import { CONSOLE_LINK_MINUTES, ConsoleLinks } from "../console/console-links.ts";
import { loadConsoleViewer } from "../console/console-viewer.ts";
import { unitDisplayName } from "../catalogues/unit-name.ts";

/** Recorded as the actor of what the command line does. */
const ACTOR = "admin-cli";

const USAGE = `Quản trị trợ lý Thi đua – Khen thưởng: npm run admin -- <lệnh> [tùy chọn]

Đơn vị hành chính:
  units:add --code <mã> --name <tên> --kind <loại> [--parent <mã cha>] [--valid-from <ngày>] [--valid-to <ngày>]
                                  thêm hoặc sửa một đơn vị (loại: ${Object.keys(UNIT_KINDS).join(", ")})
  units:import <tệp.csv|tệp.xlsx> nhập đơn vị từ tệp CSV hoặc Excel (cột code,name,kind,parent_code,valid_from,valid_to;
                                  danh sách thôn, tổ dân phố của một xã: parent_code là mã xã)
  units:list [--parent <id|mã>]   liệt kê đơn vị cấp cao nhất, hoặc các đơn vị trực thuộc một đơn vị
  units:list --tree [--parent <id|mã>] [--depth <số cấp>]
                                  in cây đơn vị: tỉnh → xã → thôn, tổ dân phố

Mã mời và người dùng:
  invite --role officer|secretary|admin [--unit <id|mã đơn vị>] [--hours 72]
                                  tạo mã mời dùng một lần
  invites                         liệt kê mã mời
  invites:revoke <mã mời>         thu hồi một mã mời chưa dùng
  people [--all]                  liệt kê người có vai trò (--all: cả người dân)
  people:revoke <userId> <vai trò>  thu hồi vai trò officer, secretary hoặc admin
  people:erase <userId>           xóa dữ liệu cá nhân của một người theo yêu cầu (hồ sơ đã gửi được giữ, bỏ tên)

Trang quản lý hồ sơ (/console):
  console-link --user <userId>    in một liên kết đăng nhập dùng một lần (${CONSOLE_LINK_MINUTES} phút) cho thư ký Hội đồng hoặc quản trị viên

Ngày viết yyyy-mm-dd hoặc dd/mm/yyyy. --help: hiện hướng dẫn này.`;

/** An expected failure: printed as one line, exit code 1. */
class CliError extends Error {}

const ROLE_NAMES: Record<string, string> = {
  citizen: "người dân",
  officer: "cán bộ",
  secretary: "thư ký Hội đồng",
  admin: "quản trị viên",
};
const STATUS_NAMES: Record<InviteStatus, string> = { active: "còn hiệu lực", used: "đã dùng", expired: "hết hạn", revoked: "đã thu hồi" };

/** Unit validity dates are calendar days stored at UTC midnight. */
function day(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

function parse<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: "boolean" } }, allowPositionals: true, strict: true });
  } catch (err) {
    const { code, message } = err as NodeJS.ErrnoException;
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new CliError(`Tùy chọn không rõ: ${option} (xem --help)`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new CliError(`Tùy chọn ${option} cần một giá trị (xem --help)`);
    throw new CliError(`${message.split("\n")[0]} (xem --help)`);
  }
}

/** Writes the configured scope's units (and the awards) into the database, as `npm start` does. */
async function seed(db: Db, config: Config): Promise<void> {
  await seedCatalogues(db, await loadCatalogues(undefined, config.unitsScope));
}

/** A unit by id, else by code. */
async function findUnit(db: Db, ref: string) {
  return (
    (await db.administrativeUnit.findUnique({ where: { id: ref } })) ??
    (await db.administrativeUnit.findUnique({ where: { code: ref.toUpperCase() } }))
  );
}

const unitLabel = unitDisplayName;

async function unitsAdd(db: Db, config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    code: { type: "string" },
    name: { type: "string" },
    kind: { type: "string" },
    parent: { type: "string" },
    "valid-from": { type: "string" },
    "valid-to": { type: "string" },
  });
  if (positionals.length) throw new CliError(`units:add không nhận tham số "${positionals[0]}" (dùng --code, --name, --kind, --parent)`);
  const missing = (["code", "name", "kind"] as const).filter((k) => !values[k]);
  if (missing.length) throw new CliError(`units:add cần ${missing.map((k) => `--${k}`).join(", ")}`);
  await seed(db, config);
  const result = await importUnitRows(
    db,
    [
      {
        line: 0,
        code: values.code ?? "",
        name: values.name ?? "",
        kind: values.kind ?? "",
        parentCode: values.parent ?? "",
        validFrom: values["valid-from"] ?? "",
        validTo: values["valid-to"] ?? "",
      },
    ],
    { by: ACTOR, source: "cli" },
  );
  const refused = result.rejected[0];
  if (refused) throw new CliError(`Không thêm được đơn vị: ${refused.problems.join("; ")}`);
  const unit = await db.administrativeUnit.findUnique({ where: { code: (values.code ?? "").trim().toUpperCase() } });
  console.log(`${result.updated ? "Đã cập nhật" : "Đã thêm"} ${unit ? `${unitLabel(unit)} (id ${unit.id}, mã ${unit.code})` : values.code}.`);
  return 0;
}

/** The unit files units:import reads, by extension. */
const IMPORT_FORMATS = [".csv", ".xlsx"];

async function unitsImport(db: Db, config: Config, args: string[]): Promise<number> {
  const { positionals } = parse(args, {});
  const [file, ...more] = positionals;
  if (!file || more.length) throw new CliError("units:import cần đúng một tệp CSV hoặc Excel: npm run admin -- units:import <tệp.csv|tệp.xlsx>");
  const format = extname(file).toLowerCase();
  if (!IMPORT_FORMATS.includes(format)) {
    throw new CliError(`units:import chỉ đọc tệp .csv hoặc .xlsx, không đọc ${format ? `tệp ${format}` : "tệp không có đuôi"} (${file}): lưu bảng tính dưới dạng CSV UTF-8 hoặc Excel .xlsx`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`Không đọc được tệp ${file}: ${code === "ENOENT" ? "không có tệp này" : code === "EISDIR" ? "đây là một thư mục" : (code ?? (err as Error).message)}`);
  }
  await seed(db, config);
  const opts = { by: ACTOR, onProgress: progressLine(process.stderr) };
  const result = format === ".xlsx" ? await importUnitsXlsx(db, bytes, opts) : await importUnitsCsv(db, bytes.toString("utf8"), opts);
  console.log(`Đã nhập ${result.imported} đơn vị (${result.created} mới, ${result.updated} cập nhật).`);
  if (result.rejected.length === 0) return 0;
  console.log(`${result.rejected.length} dòng bị từ chối:`);
  for (const r of result.rejected) console.log(`  ${r.reason}`);
  return 1;
}

async function unitsList(db: Db, config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { parent: { type: "string" }, tree: { type: "boolean" }, depth: { type: "string" } });
  if (positionals.length) throw new CliError(`units:list không nhận tham số "${positionals[0]}" (dùng --parent <id|mã>, --tree, --depth <số cấp>)`);
  if (values.depth !== undefined && !values.tree) throw new CliError("--depth chỉ dùng cùng --tree");
  const depth = values.depth === undefined ? Number.POSITIVE_INFINITY : Number(values.depth);
  if (depth !== Number.POSITIVE_INFINITY && !(Number.isInteger(depth) && depth >= 1)) throw new CliError(`--depth "${values.depth}" phải là một số nguyên từ 1 trở lên`);
  await seed(db, config);
  const parent = values.parent ? await findUnit(db, values.parent) : null;
  if (values.parent && !parent) throw new CliError(`Không có đơn vị ${values.parent}`);
  if (values.tree) {
    await printTree(db, parent?.id ?? null, depth);
  } else {
    if (parent) console.log(`Trực thuộc ${unitLabel(parent)} (${parent.id}):`);
    const units = await db.administrativeUnit.findMany({
      where: { parentId: parent?.id ?? null },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      include: { _count: { select: { children: true } } },
    });
    if (units.length === 0) console.log("(không có đơn vị nào)");
    for (const u of units) {
      const children = u._count.children ? ` · ${u._count.children} đơn vị trực thuộc` : "";
      console.log(`${unitLabel(u)} · id ${u.id}${u.code ? ` · mã ${u.code}` : ""}${validity(u)}${children}`);
    }
  }
  if (!parent) console.log(await unitsSummary(db));
  return 0;
}

/** " · hiệu lực từ 01/07/2025 đến …", or nothing for a unit without dates. */
function validity(u: { validFrom: Date | null; validTo: Date | null }): string {
  if (!u.validFrom && !u.validTo) return "";
  return ` · hiệu lực ${u.validFrom ? `từ ${day(u.validFrom)}` : ""}${u.validFrom && u.validTo ? " " : ""}${u.validTo ? `đến ${day(u.validTo)}` : ""}`;
}

/** How the units of a level are counted in the tree ("12 thôn/tổ") and in the summary line. */
const LEVEL_COUNT: Record<UnitLevel, { tree: string; summary: string }> = {
  TINH: { tree: "tỉnh/thành phố", summary: "tỉnh, thành phố" },
  HUYEN: { tree: "huyện", summary: "huyện" },
  XA: { tree: "xã/phường", summary: "xã, phường, đặc khu" },
  THON: { tree: "thôn/tổ", summary: "thôn, tổ dân phố" },
};

/**
 * Prints the unit tree under `rootId` (the root itself first), or the whole tree, indented two
 * spaces a level: "Xã Hà Trung · mã 15271 · 12 thôn/tổ", with the end date of a unit that has
 * one. Siblings by code, then name (numbers in order: "Tiểu khu 2" before "Tiểu khu 10"); at most `depth` levels, the first printed counting as one.
 */
async function printTree(db: Db, rootId: string | null, depth: number): Promise<void> {
  const units = await db.administrativeUnit.findMany({
    select: { id: true, code: true, name: true, localTypeName: true, level: true, parentId: true, validTo: true },
  });
  type Unit = (typeof units)[number];
  const byCodeThenName = (a: Unit, b: Unit) =>
    a.code !== b.code
      ? a.code === null ? 1 : b.code === null ? -1 : a.code.localeCompare(b.code, "en", { numeric: true })
      : a.name.localeCompare(b.name, "vi", { numeric: true }) || a.id.localeCompare(b.id);
  const children = new Map<string | null, Unit[]>();
  for (const u of units) {
    const siblings = children.get(u.parentId);
    if (siblings) siblings.push(u);
    else children.set(u.parentId, [u]);
  }
  for (const list of children.values()) list.sort(byCodeThenName);
  const roots = rootId === null ? (children.get(null) ?? []) : units.filter((u) => u.id === rootId);
  if (roots.length === 0) console.log("(không có đơn vị nào)");
  const print = (u: Unit, level: number): void => {
    const below = children.get(u.id) ?? [];
    const counts = (Object.keys(LEVEL_COUNT) as UnitLevel[])
      .map((l) => [l, below.filter((c) => c.level === l).length] as const)
      .filter(([, n]) => n > 0)
      .map(([l, n]) => ` · ${n.toLocaleString("vi-VN")} ${LEVEL_COUNT[l].tree}`)
      .join("");
    const ended = u.validTo ? ` · hiệu lực đến ${day(u.validTo)}` : "";
    console.log(`${"  ".repeat(level - 1)}${unitLabel(u)}${u.code ? ` · mã ${u.code}` : ""}${counts}${ended}`);
    if (level < depth) for (const c of below) print(c, level + 1);
  };
  for (const r of roots) print(r, 1);
}

/** "Đang có hiệu lực: 34 tỉnh, thành phố; 3.321 xã, phường, đặc khu; 120 thôn, tổ dân phố." (today, in Vietnam). */
async function unitsSummary(db: Db): Promise<string> {
  const today = new Date(`${toIsoDate(localDateInVietnam(new Date()))}T00:00:00Z`);
  const inForce = { AND: [{ OR: [{ validFrom: null }, { validFrom: { lte: today } }] }, { OR: [{ validTo: null }, { validTo: { gte: today } }] }] };
  const levels = ["TINH", "XA", "THON"] as const;
  const counts = await Promise.all(levels.map((level) => db.administrativeUnit.count({ where: { level, ...inForce } })));
  return `Đang có hiệu lực: ${levels.map((l, i) => `${counts[i]!.toLocaleString("vi-VN")} ${LEVEL_COUNT[l].summary}`).join("; ")}.`;
}

async function invite(db: Db, config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { role: { type: "string" }, unit: { type: "string" }, hours: { type: "string" } });
  if (positionals.length) throw new CliError(`invite không nhận tham số "${positionals[0]}"`);
  const role = values.role as InviteRole | undefined;
  if (!role || !INVITE_ROLES.includes(role)) throw new CliError("invite cần --role officer, secretary hoặc admin");
  const hours = values.hours === undefined ? undefined : Number(values.hours.replace(",", "."));
  if (hours !== undefined && !(Number.isFinite(hours) && hours > 0)) throw new CliError(`--hours "${values.hours}" phải là một số giờ lớn hơn 0`);
  let unitId: string | null = null;
  let unitText = "";
  if (values.unit) {
    await seed(db, config);
    const unit = await findUnit(db, values.unit);
    if (!unit) throw new CliError(`Không có đơn vị ${values.unit} (dùng id hoặc mã, xem units:list)`);
    unitId = unit.id;
    unitText = ` · ${unitLabel(unit)} (${unit.id})`;
  }
  const now = new Date();
  let created: { code: string; expiresAt: Date };
  try {
    created = await createInvite(db, { role, unitId, createdBy: ACTOR, now, ...(hours !== undefined ? { hours } : {}) });
  } catch (err) {
    if (err instanceof InviteError) throw new CliError(`Không tạo được mã mời: ${err.message}`);
    throw err;
  }
  const { code, expiresAt } = created;
  console.log(`Mã mời: ${code}`);
  console.log(`Vai trò: ${ROLE_NAMES[role]} (${role})${unitText}`);
  console.log(`Hết hạn: ${formatDateTimeInVietnam(expiresAt)} (giờ Việt Nam). Dùng được một lần.`);
  console.log("Cách dùng:");
  console.log(`  • Telegram: gửi /start ${code} cho bot, hoặc mở https://t.me/<tên bot>?start=${code}${config.telegram ? "" : " (Telegram chưa được cấu hình)"}`);
  console.log(`  • Zalo hoặc trò chuyện trên web: gõ ${code}`);
  return 0;
}

async function invites(db: Db, args: string[]): Promise<number> {
  const { positionals } = parse(args, {});
  if (positionals.length) throw new CliError(`invites không nhận tham số "${positionals[0]}"`);
  const list = await listInvites(db, new Date());
  if (list.length === 0) {
    console.log("(chưa có mã mời nào)");
    return 0;
  }
  for (const i of list) {
    const unit = i.unitId ? ` · ${i.unitName ?? i.unitId}` : "";
    const when =
      i.status === "used" ? `dùng ${formatDateTimeInVietnam(i.usedAt!)} bởi ${i.usedBy}` : i.status === "revoked" ? `thu hồi ${formatDateTimeInVietnam(i.revokedAt!)}` : `hạn ${formatDateTimeInVietnam(i.expiresAt)}`;
    console.log(`${i.code} · ${ROLE_NAMES[i.role] ?? i.role}${unit} · ${STATUS_NAMES[i.status]} · ${when}`);
  }
  return 0;
}

async function invitesRevoke(db: Db, args: string[]): Promise<number> {
  const { positionals } = parse(args, {});
  const text = positionals.join(" ");
  if (!text) throw new CliError("invites:revoke cần mã mời: npm run admin -- invites:revoke INV-XXXX-XXXX-XXXX-X");
  if (!normalizeInviteCode(text)) throw new CliError(`"${text}" không phải mã mời (dạng INV-XXXX-XXXX-XXXX-X)`);
  const result = await revokeInvite(db, text, new Date(), ACTOR);
  if (!result.ok) {
    const why = { unknown: "không có mã mời này", used: "mã đã được dùng (thu hồi vai trò bằng people:revoke)", revoked: "mã đã bị thu hồi trước đó" }[result.reason];
    throw new CliError(`Không thu hồi được ${normalizeInviteCode(text)}: ${why}`);
  }
  console.log(`Đã thu hồi mã mời ${result.code}.`);
  return 0;
}

async function people(db: Db, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { all: { type: "boolean" } });
  if (positionals.length) throw new CliError(`people không nhận tham số "${positionals[0]}"`);
  const list = await listPeople(db, { includeCitizens: values.all ?? false });
  if (list.length === 0) {
    console.log(values.all ? "(chưa có ai)" : "(chưa có ai có vai trò ngoài người dân)");
    return 0;
  }
  // Display names are what people chose on their channel: printed without escape sequences,
  // controls or bidi overrides, which could recolour, clear or rewrite the operator's terminal.
  const safe = terminalSafeText;
  for (const p of list) {
    const names = p.identities.map((i) => `${i.displayName === null ? "(không tên)" : safe(i.displayName)} [${i.channel}]`).join(", ") || "(chưa liên kết kênh nào)";
    console.log(`${safe(p.userId)} · ${names}`);
    for (const r of p.roles) {
      const unit = r.unitId ? ` · ${safe(r.unitName ?? r.unitId)}` : "";
      console.log(`    ${ROLE_NAMES[r.role] ?? r.role} (${r.role})${unit} · từ ${formatDateTimeInVietnam(r.grantedAt)}${r.grantedBy ? `, cấp bởi ${safe(r.grantedBy)}` : ""}`);
    }
  }
  return 0;
}

async function peopleRevoke(db: Db, args: string[]): Promise<number> {
  const { positionals } = parse(args, {});
  const [userId, role, ...more] = positionals;
  if (!userId || !role || more.length) throw new CliError("people:revoke cần <userId> <vai trò>: npm run admin -- people:revoke <userId> officer");
  if (!(REVOCABLE_ROLES as readonly string[]).includes(role)) throw new CliError(`vai trò "${role}" không thu hồi được (officer, secretary hoặc admin)`);
  const result = await revokeRole(db, { userId, role: role as RevocableRole, by: ACTOR, now: new Date() });
  if (!result.ok) {
    const why = { unknown_user: `không có người dùng ${userId}`, no_role: `người dùng ${userId} không có vai trò ${role}`, not_revocable: `vai trò ${role} không thu hồi được` }[result.reason];
    throw new CliError(`Không thu hồi được: ${why}`);
  }
  console.log(`Đã thu hồi vai trò ${ROLE_NAMES[role]} (${role}) của ${userId}.`);
  return 0;
}

async function peopleErase(db: Db, config: Config, args: string[]): Promise<number> {
  const { positionals } = parse(args, {});
  const [userId, ...more] = positionals;
  if (!userId || more.length) throw new CliError("people:erase cần <userId>: npm run admin -- people:erase <userId>");
  // The council's notice of the erasure is queued on the installation's engine, where its server runs it.
  const jobs = await openJobs(config, { db, provider: providerOf(config.databaseUrl), log: createLogger({ level: "silent", pretty: false }) });
  useJobs(jobs);
  const result = await erasePerson({ db, files: new FileStore(config.filesDir) }, { userId, now: new Date(), by: ACTOR }).finally(() => jobs.stop());
  if (!result.ok) throw new CliError(`Không xóa được: không có người dùng ${userId}`);
  const c = result.counts;
  console.log(
    `${result.alreadyErased ? "Người dùng này đã được xóa trước đó; đã xóa lại phần còn sót" : "Đã xóa dữ liệu cá nhân"} của ${userId}: ${c.drafts} biểu mẫu, ${c.attachments} tệp (${result.filesRemoved} tệp trên đĩa), ${c.identities} tài khoản trò chuyện. ${c.dossiers} hồ sơ đã gửi được giữ, đã bỏ tên và số điện thoại người gửi; Hội đồng sẽ được báo.`,
  );
  return 0;
}

async function consoleLink(db: Db, config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { user: { type: "string" } });
  if (positionals.length || !values.user) throw new CliError("console-link cần --user <userId>: npm run admin -- console-link --user <userId> (xem people)");
  const userId = values.user;
  // The same rule as the console's own check: an administrator, or a secretary bound to a unit.
  if (!(await loadConsoleViewer(db, userId))) {
    throw new CliError(`Người dùng ${userId} không dùng được trang quản lý hồ sơ: cần là quản trị viên, hoặc thư ký Hội đồng đã được gán đơn vị (xem people)`);
  }
  const now = new Date();
  const links = new ConsoleLinks({ db, baseUrl: config.documents.publicBaseUrl, now: () => now, serializeWrites: (work) => work() });
  const { url, expiresAt } = await links.issue(userId);
  await db.auditLog.create({ data: { at: now, actorId: ACTOR, action: "console.link_issued", entity: "User", entityId: userId, data: { channel: "cli" } } });
  console.log(`Liên kết đăng nhập (dùng một lần): ${url}`);
  console.log(`Hết hạn: ${formatDateTimeInVietnam(expiresAt)} (giờ Việt Nam). Mở liên kết rồi bấm “Đăng nhập”; không gửi liên kết này qua kênh người khác đọc được.`);
  return 0;
}

const COMMANDS: Record<string, (db: Db, config: Config, args: string[]) => Promise<number>> = {
  "units:add": (db, c, a) => unitsAdd(db, c, a),
  "units:import": (db, c, a) => unitsImport(db, c, a),
  "units:list": (db, c, a) => unitsList(db, c, a),
  invite: (db, c, a) => invite(db, c, a),
  invites: (db, _c, a) => invites(db, a),
  "invites:revoke": (db, _c, a) => invitesRevoke(db, a),
  people: (db, _c, a) => people(db, a),
  "people:revoke": (db, _c, a) => peopleRevoke(db, a),
  "people:erase": (db, c, a) => peopleErase(db, c, a),
  "console-link": (db, c, a) => consoleLink(db, c, a),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    console.log(USAGE);
    return command === undefined ? 1 : 0;
  }
  const run = COMMANDS[command];
  if (!run) throw new CliError(`Không có lệnh "${command}" (xem npm run admin -- --help)`);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  loadDotEnv();
  const config = exitOnConfigError(() => loadConfig());
  const { db } = await openDatabase(config.databaseUrl);
  try {
    return await run(db, config, args);
  } finally {
    await db.$disconnect();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  const message = err instanceof CliError ? err.message : `Lỗi: ${(err as Error).message ?? String(err)}`;
  console.error(message.split("\n")[0]);
  process.exitCode = 1;
}
