/**
 * A commune's dossiers for the console's tests, made the way people make them: officers of xã Hà
 * Trung and of xã Tam Đường nominate in their chats (one with a photo, one sent despite a
 * criteria warning), the bot forwards them to the embedded council and hears back; then the
 * console is mounted beside the council on the harness's server, as src/main.ts mounts it.
 */
import sharp from "sharp";
import { createInvite } from "../../src/admin/invites.ts";
import type { ConsoleCouncil } from "../../src/console/console-deps.ts";
import { councilHarness, type Actor } from "./council-harness.ts";
import { mountTestConsole } from "./console-client.ts";
import { nominationOfHoa, sayAll } from "./officer-scripts.ts";

export const HA_TRUNG = "thanh-hoa/ha-trung";
export const TAM_DUONG = "lai-chau/tam-duong";

/** A landscape photo (a field under a sky with a sun), as a phone would send it. */
export async function fieldPhoto(): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
    <rect width="800" height="360" fill="#7cb7e8"/><circle cx="640" cy="110" r="60" fill="#f6d55c"/>
    <rect y="360" width="800" height="240" fill="#5a9a3c"/><path d="M0 420 L800 380 L800 600 L0 600 Z" fill="#4c8534"/>
    <rect x="350" y="300" width="120" height="90" fill="#b5651d"/><path d="M340 300 L410 250 L480 300 Z" fill="#8b2e16"/></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer());
}

/** Hoa's nomination with other answers: another name, the evaluation, and a photo as evidence. */
function nomination(opts: { name?: string; gender?: string; evaluation?: string; photo?: boolean } = {}): { before: string[]; after: string[] } {
  const lines = nominationOfHoa("lao dong tien tien", [opts.evaluation ?? "hoan thanh tot"]).map((l) => (l === "Nguyễn Thị Hoa" ? (opts.name ?? l) : l === "nu" ? (opts.gender ?? l) : l));
  // The evidence question is the third from the end ("bỏ qua", then the attestation and "gửi").
  const evidence = lines.length - 3;
  return opts.photo ? { before: lines.slice(0, evidence), after: lines.slice(evidence + 1) } : { before: lines, after: [] };
}

export async function consoleFixture(opts: { council?: ConsoleCouncil; databaseUrl?: string } = {}) {
  const h = await councilHarness(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {});
  // Before any request: a router takes no routes once it has matched one.
  const { app, sessions, consoleApp } = mountTestConsole(h.assistant, { app: h.app, ...(opts.council ? { council: opts.council } : {}) });
  const { db, clock } = h.assistant;
  const join = async (name: string, chatId: string, role?: "secretary" | "officer" | "admin", unitId: string | null = HA_TRUNG): Promise<Actor> => {
    const actor = h.actor(name, chatId);
    await actor.say(role ? (await createInvite(db, { role, unitId: role === "admin" ? null : unitId, now: clock.now() })).code : "xin chào");
    return actor;
  };
  const officer = await join("Cán bộ Hà Trung", "can-bo-ht", "officer");
  const officerTd = await join("Cán bộ Tam Đường", "can-bo-td", "officer", TAM_DUONG);
  const secretary = await join("Thư ký Hà Trung", "thu-ky-ht", "secretary");
  const secretaryTd = await join("Thư ký Tam Đường", "thu-ky-td", "secretary", TAM_DUONG);
  const admin = await join("Quản trị", "quan-tri", "admin");
  const citizen = await join("Người dân", "nguoi-dan");

  const withPhoto = nomination({ photo: true });
  await sayAll(officer, withPhoto.before);
  await officer.chat.upload([{ bytes: await fieldPhoto(), fileName: "hien-dat-lam-duong.jpg" }]);
  await sayAll(officer, ["xong", ...withPhoto.after]);
  clock.advance(86_400_000);
  await sayAll(officer, nomination({ name: "Lê Văn Nam", gender: "nam", evaluation: "hoan thanh nhiem vu" }).before);
  clock.advance(86_400_000);
  await sayAll(officerTd, nomination({ name: "Lò Thị Xuân" }).before);
  await h.settle();

  /** The sign-in link the person gets by typing "đăng nhập web" in their chat. */
  const linkFor = async (actor: Actor): Promise<string> => {
    const text = (await actor.say("đăng nhập web")).map((r) => r.text).join("\n");
    const link = /https?:\/\/\S+\/console\/login\?t=[A-Za-z0-9_-]{43}/.exec(text)?.[0];
    if (!link) throw new Error(`no console link in: ${text}`);
    return link;
  };
  return {
    h,
    app,
    /** The console app itself (its route table), and its sessions. */
    consoleApp,
    sessions,
    people: { officer, officerTd, secretary, secretaryTd, admin, citizen },
    /** TDKT-2026-000001: Hoa, with a photo; 000002: Nam, sent despite a criteria warning (Hà Trung); 000003: Xuân (Tam Đường). */
    codes: { hoa: "TDKT-2026-000001", nam: "TDKT-2026-000002", xuan: "TDKT-2026-000003" },
    linkFor,
    close: () => h.close(),
  };
}
