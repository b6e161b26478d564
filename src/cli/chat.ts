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
import { parseArgs } from "node:util";
import { loadConfig, loadDotEnv } from "../config.ts";
import { exitOnConfigError } from "../exit-on-config-error.ts";
import { createLogger } from "../log.ts";
import { buildAssistant } from "../build-assistant.ts";
import { DocumentLinks, loadDocumentLinkKey } from "../documents/document-links.ts";
import { TerminalChannel } from "../channels/terminal/terminal-channel.ts";

const { values } = parseArgs({
  options: { user: { type: "string", default: "1" }, lang: { type: "string" } },
  allowPositionals: true,
});
loadDotEnv();
const config = exitOnConfigError(() => loadConfig());
const interactive = Boolean(process.stdin.isTTY);
// Logs go to stderr so that the conversation on stdout stays readable and scriptable.
const log = createLogger({ level: interactive ? "warn" : config.logLevel === "info" ? "warn" : config.logLevel, pretty: false, destination: process.stderr });
const assistant = await buildAssistant(config, { log });
// Documents are shown as links to the service (`npm start`, same DATA_DIR or DOCUMENT_LINK_SECRET).
const links = new DocumentLinks({ key: await loadDocumentLinkKey(config.dataDir, config.documents.linkSecret), baseUrl: config.documents.publicBaseUrl });
const terminal = new TerminalChannel({
  handler: assistant.service,
  chatId: values.user!,
  input: process.stdin,
  print: (line) => console.log(line),
  interactive,
  link: (id) => links.url(id, config.documents.linkTtlMs),
  greeting: "Trợ lý Thi đua – Khen thưởng (gõ /start để bắt đầu, Ctrl+D để thoát)",
});

if (values.lang === "vi" || values.lang === "en") await terminal.say(`ngôn ngữ ${values.lang}`);
await terminal.start();
await assistant.close();
