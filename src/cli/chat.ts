/**
 * `npm run chat -- --user ID [--lang vi|en]`: the terminal chat. Interactive in a terminal; when
 * standard input is not a terminal it reads one message per line, prints every reply, and exits
 * at the end of input, so a whole flow can be scripted:
 *
 *   printf '/start\n1\n…' | npm run chat -- --user 1
 *
 * A line `/file PATH` sends that file (a photo or PDF) as an attachment. Documents sent with a reply
 * ("tải hồ sơ") are printed as their file names and signed links to the running service.
 */
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { loadConfig, loadDotEnv } from "../config.ts";
import { exitOnConfigError } from "../exit-on-config-error.ts";
import { createLogger } from "../log.ts";
import { buildAssistant } from "../build-assistant.ts";
import { documentLinkLines, renderText } from "../channels/render-text.ts";
import { DocumentLinks, loadDocumentLinkKey } from "../documents/document-links.ts";
import type { ChannelCapabilities, InboundMessage } from "../channels/channel-port.ts";

const TERMINAL: ChannelCapabilities = { buttons: false, maxTextLength: 4000 };

const { values } = parseArgs({
  options: { user: { type: "string", default: "1" }, lang: { type: "string" } },
  allowPositionals: true,
});
const user = values.user!;
loadDotEnv();
const config = exitOnConfigError(() => loadConfig());
const interactive = Boolean(process.stdin.isTTY);
// Logs go to stderr so that the conversation on stdout stays readable and scriptable.
const log = createLogger({ level: interactive ? "warn" : config.logLevel === "info" ? "warn" : config.logLevel, pretty: false, destination: process.stderr });
const assistant = await buildAssistant(config, { log });
// Documents are shown as links to the service (`npm start`, same DATA_DIR or DOCUMENT_LINK_SECRET).
const links = new DocumentLinks({ key: await loadDocumentLinkKey(config.dataDir, config.documents.linkSecret), baseUrl: config.documents.publicBaseUrl });

async function send(line: string): Promise<void> {
  const base: Omit<InboundMessage, "text" | "files"> = { channel: "terminal", chatId: user, senderId: user, messageId: randomUUID() };
  const file = /^\/file\s+(.+)$/.exec(line.trim());
  let message: InboundMessage;
  if (file) {
    const path = file[1]!.trim();
    const bytes = await readFile(path).catch(() => null);
    if (!bytes) {
      console.log(`(không đọc được tệp ${path})`);
      return;
    }
    message = { ...base, files: [{ bytes: new Uint8Array(bytes), fileName: path.split("/").pop()! }] };
  } else {
    message = { ...base, text: line };
  }
  const replies = await assistant.service.handle(message);
  for (const reply of replies) {
    for (const part of renderText(reply, TERMINAL)) console.log(`${interactive ? "🤖 " : ""}${part}\n`);
    const documents = documentLinkLines(reply, (id) => links.url(id, config.documents.linkTtlMs));
    if (documents) console.log(`${documents}\n`);
  }
}

if (values.lang === "vi" || values.lang === "en") await send(`ngôn ngữ ${values.lang}`);

const rl = createInterface({ input: process.stdin, terminal: interactive });
if (interactive) {
  console.log("Trợ lý Thi đua – Khen thưởng (gõ /start để bắt đầu, Ctrl+D để thoát)\n");
  rl.setPrompt("> ");
  rl.prompt();
}
for await (const line of rl) {
  if (line.trim() === "") {
    if (interactive) rl.prompt();
    continue;
  }
  if (!interactive) console.log(`> ${line}`);
  await send(line);
  if (interactive) rl.prompt();
}
await assistant.close();
