/**
 * The console for tests: `createConsoleApp` mounted under /console of a Hono app, as src/main.ts
 * mounts it, on a test assistant's real services and clock; and a client that talks to it the way
 * a browser does (the page's Origin on POSTs, the cookies the server sets kept and sent back).
 */
import { Hono } from "hono";
import type { Assistant } from "../../src/build-assistant.ts";
import { createConsoleApp } from "../../src/console/console-app.ts";
import type { ConsoleCouncil } from "../../src/console/console-deps.ts";
import { ConsoleSessions } from "../../src/console/console-sessions.ts";
import { CONSOLE_PATH } from "../../src/console/console-paths.ts";
import { createLogger } from "../../src/log.ts";

/** Mounts the console on `app` (a new one by default) with the assistant's services. */
export function mountTestConsole(assistant: Assistant & { clock: { now: () => Date } }, opts: { app?: Hono; council?: ConsoleCouncil; idleMs?: number } = {}) {
  const app = opts.app ?? new Hono();
  const sessions = new ConsoleSessions({ db: assistant.db, now: assistant.clock.now, idleMs: opts.idleMs ?? 8 * 3_600_000, serializeWrites: assistant.serializeWrites });
  const consoleApp = createConsoleApp({
    db: assistant.db,
    units: assistant.units,
    flows: assistant.flows,
    i18n: assistant.i18n,
    links: assistant.consoleLinks,
    sessions,
    failedAttempts: assistant.failedAttempts,
    documents: assistant.documents,
    meetingRules: assistant.meetingRules,
    shareReference: assistant.shareReference,
    files: assistant.files,
    runContext: (now) => assistant.service.runContext(now),
    postings: assistant.postings,
    council: opts.council ?? { external: false },
    allowedHosts: ["127.0.0.1", "localhost"],
    secureCookies: false,
    serializeWrites: assistant.serializeWrites,
    now: assistant.clock.now,
    log: createLogger({ level: "silent", pretty: false }),
  });
  app.route(CONSOLE_PATH, consoleApp);
  return { app, sessions, consoleApp };
}

/** What a request answered. */
export interface ConsoleAnswer {
  status: number;
  text: string;
  headers: Headers;
}

/** A browser of the console: `fetch` is the app's own (`app.request`) or a real one. */
export class ConsoleClient {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly fetcher: (url: string, init: RequestInit) => Promise<Response>,
    private readonly origin = "http://127.0.0.1",
  ) {}

  static of(app: Hono): ConsoleClient {
    return new ConsoleClient(async (url, init) => app.request(url, init));
  }

  get(path: string): Promise<ConsoleAnswer> {
    return this.send(path, { method: "GET" });
  }

  /** A form post from the console's own page (unless `headers` says otherwise). */
  post(path: string, form: Record<string, string | string[]>, headers: Record<string, string> = { origin: this.origin }): Promise<ConsoleAnswer> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    return this.send(path, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
  }

  /** Opens a sign-in link (its path and query, whatever host it names) and presses "Đăng nhập". */
  async signIn(link: string): Promise<ConsoleAnswer> {
    const url = new URL(link);
    await this.get(`${url.pathname}${url.search}`);
    return this.post(url.pathname, { t: url.searchParams.get("t") ?? "" });
  }

  private async send(path: string, init: RequestInit): Promise<ConsoleAnswer> {
    const headers = new Headers(init.headers);
    headers.set("host", new URL(this.origin).host);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await this.fetcher(`${this.origin}${path}`, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, value] = pair!.split("=") as [string, string];
      if (attributes.some((a) => /max-age=0\b/i.test(a.trim())) || value === "") this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    return { status: res.status, text: await res.text(), headers: res.headers };
  }
}
