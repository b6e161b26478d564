/**
 * Real processes for tests: the web server (`src/main.ts`) and the terminal chat
 * (`src/cli/chat.ts`), started the way a person starts them, on a database the test chooses.
 *
 * Every child is started in its own process group and remembered until it exits, so
 * {@link killAllChildren} (called from `afterEach`/`afterAll`) can make sure no test leaves a
 * process behind, even one the `tsx` launcher started on its own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** The project root, which is the working directory of every child. */
export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

const TSX_BIN = join(PROJECT_ROOT, "node_modules", ".bin", "tsx");

/** Children started by this module that have not exited yet. */
const running = new Set<ChildProcess>();

/**
 * The environment of a child: only what a process needs to run (PATH, HOME, temp folder, locale)
 * plus the app's configuration, set in full so that neither the test runner's variables nor a
 * developer's `.env` (which never overrides a variable that is already set) change what is tested.
 */
export function appEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited: NodeJS.ProcessEnv = {};
  for (const key of ["PATH", "HOME", "TMPDIR", "LANG", "SYSTEMROOT"]) {
    const value = process.env[key];
    if (value !== undefined) inherited[key] = value;
  }
  return {
    ...inherited,
    DATABASE_URL: `file:${join(dataDir, "t.db")}`,
    DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    LOG_PRETTY: "false",
    DEFAULT_LOCALE: "vi",
    TRUST_LOCAL_CHANNELS: "true",
    ...extra,
  };
}

function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves once the child has exited (at once when it already has). */
export async function waitForExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (!exited(child)) await once(child, "exit");
  return { code: child.exitCode, signal: child.signalCode };
}

/** Sends `signal` to the child's whole process group and waits until the child has exited. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  if (exited(child)) return;
  const exit = once(child, "exit");
  try {
    process.kill(-child.pid!, signal);
  } catch {
    child.kill(signal);
  }
  await exit;
}

/** Kills every child this module started that is still running; for `afterEach`/`afterAll`. */
export async function killAllChildren(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child, "SIGKILL")));
}

/** A running web server and what it printed. */
export interface RunningServer {
  child: ChildProcess;
  /** Where it listens, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every JSON log line printed on stdout so far. */
  logs: Array<Record<string, unknown>>;
  stderr(): string;
}

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Starts `node --import tsx src/main.ts` on the given data folder, on a free port of 127.0.0.1,
 * and resolves once `GET /healthz` answers (whatever LOG_LEVEL the test sets). Rejects (and kills
 * the process) when it does not answer within `timeoutMs` or exits first; the error carries stderr.
 */
export async function startServer(dataDir: string, timeoutMs = 30_000, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: PROJECT_ROOT,
      env: appEnv(dataDir, { HOST: "127.0.0.1", PORT: String(port), ...extraEnv }),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    }),
  );
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const logs: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // not a log line
    }
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited(child)) {
      throw new Error(`server exited before listening (code ${child.exitCode}, signal ${child.signalCode}); stderr:\n${stderr || "(empty)"}`);
    }
    if (await fetch(`${url}/healthz`).then((res) => res.ok, () => false)) break;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`server did not answer /healthz within ${timeoutMs} ms; stderr:\n${stderr || "(empty)"}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { child, url, logs, stderr: () => stderr };
}

/** What a finished terminal chat printed. */
export interface ChatRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `tsx src/cli/chat.ts ...args` with standard input piped (so not a terminal), writes the
 * script one message per line, closes standard input and waits for the process to exit. Kills it
 * after `timeoutMs` and rejects with what it printed so far.
 */
export async function runChat(args: string[], lines: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ChatRun> {
  const child = track(
    spawn(TSX_BIN, ["src/cli/chat.ts", ...args], {
      cwd: PROJECT_ROOT,
      env,
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    }),
  );
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  // "close" comes after "exit" once stdout and stderr are drained: waiting for "exit" alone could
  // miss the last replies on a loaded machine.
  const closed = once(child, "close");
  child.stdin!.end(lines.map((l) => `${l}\n`).join(""));

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stopChild(child);
  }, timeoutMs);
  await closed;
  const { code, signal } = { code: child.exitCode, signal: child.signalCode };
  clearTimeout(timer);
  if (timedOut) throw new Error(`chat ${args.join(" ")} did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  return { code, signal, stdout, stderr };
}
