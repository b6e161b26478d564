/**
 * `npm run dossier -- <command>`: a dossier's papers from the terminal, for the commune office
 * that prints and signs them. Output is Vietnamese; an expected failure is one line on stderr and
 * exit code 1.
 *
 *   documents <mã hồ sơ> [--out <thư mục>] [--no-pdf]   the dossier's documents (DOCX, and PDF
 *                                                       when LibreOffice is installed), stored as
 *                                                       versions and written to the folder
 *   list --unit <id> --year <năm> [--out <thư mục>]     the tờ trình and biên bản for every open
 *                                                       nomination of a unit and year
 *   versions <mã hồ sơ>                                  every stored version of its documents,
 *                                                       with those of the dossiers it corrected
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildAssistant } from "../build-assistant.ts";
import { loadConfig, loadDotEnv } from "../config.ts";
import { detectPdfConverter } from "../documents/pdf-converter.ts";
import { DOCUMENT_KIND_NAMES, type DocumentKind } from "../documents/dossier-documents.ts";
import { exitOnConfigError } from "../exit-on-config-error.ts";
import { createLogger } from "../log.ts";
import { toIsoDate } from "../time/local-date.ts";
import { localDateInVietnam } from "../time/vietnam-time.ts";

const USAGE = `Giấy tờ hồ sơ khen thưởng: npm run dossier -- <lệnh> [tùy chọn]

  documents <mã hồ sơ> [--out <thư mục>] [--no-pdf]
                       báo cáo thành tích, tờ trình, biên bản (và dự thảo quyết định khi Hội đồng đã đề nghị)
                       dạng DOCX, kèm PDF khi máy có LibreOffice; mặc định ghi vào ./out
  list --unit <id đơn vị> --year <năm> [--out <thư mục>]
                       tờ trình kèm danh sách và biên bản cho mọi hồ sơ đề nghị của đơn vị trong năm
  versions <mã hồ sơ>  các phiên bản đã lưu, gồm cả hồ sơ trước khi sửa theo yêu cầu của Hội đồng

--help: hiện hướng dẫn này.`;

class CliError extends Error {}

loadDotEnv();
const config = exitOnConfigError(() => loadConfig());
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: "string", default: "./out" }, "no-pdf": { type: "boolean", default: false }, unit: { type: "string" }, year: { type: "string" }, help: { type: "boolean", default: false } },
});
const [command, code] = positionals;
if (values.help || !command) {
  console.log(USAGE);
  process.exit(command || values.help ? 0 : 1);
}

const log = createLogger({ level: "warn", pretty: false });
const pdf = values["no-pdf"] || command !== "documents" ? null : await detectPdfConverter({ program: config.documents.soffice });
const assistant = await buildAssistant(config, { log, pdf });

function kindName(kind: string): string {
  return DOCUMENT_KIND_NAMES[kind as DocumentKind]?.vi ?? kind;
}

async function findDossier(input: string | undefined) {
  if (!input) throw new CliError("Thiếu mã hồ sơ, ví dụ: npm run dossier -- documents TDKT-2026-000123");
  const dossier = await assistant.documents.findNominationDossier(input.trim().toUpperCase());
  if (!dossier) throw new CliError(`Không tìm thấy hồ sơ đề nghị khen thưởng ${input} (tin báo người tốt, việc tốt không có giấy tờ).`);
  return dossier;
}

async function run(): Promise<void> {
  const out = resolve(values.out);
  if (command === "documents") {
    const dossier = await findDossier(code);
    if (!values["no-pdf"] && !pdf) console.log("Không tạo PDF: máy chưa cài LibreOffice (gói libreoffice-writer-nogui). Chỉ ghi DOCX.");
    const stored = await assistant.documents.ensure(dossier, { pdf: pdf !== null });
    await mkdir(out, { recursive: true });
    for (const doc of stored) {
      const file = await assistant.documents.read(doc.id);
      if (!file) throw new CliError(`Tệp của ${doc.fileName} không còn trong thư mục dữ liệu.`);
      await writeFile(join(out, doc.fileName), file.bytes);
      console.log(`${join(values.out, doc.fileName)}  (${kindName(doc.kind)}, phiên bản ${doc.version})`);
    }
    return;
  }
  if (command === "list") {
    const year = Number(values.year);
    if (!values.unit || !Number.isInteger(year)) throw new CliError("Cần --unit <id đơn vị> và --year <năm>, ví dụ: --unit thanh-hoa/ha-trung --year 2026");
    if (assistant.units.chain(values.unit).length === 0) throw new CliError(`Không có đơn vị ${values.unit}. Xem danh sách: npm run admin -- units:list`);
    const docs = await assistant.documents.forUnitYear(values.unit, year, toIsoDate(localDateInVietnam(new Date())));
    if (docs.length === 0) throw new CliError(`Đơn vị ${values.unit} chưa có hồ sơ đề nghị nào của năm ${year}.`);
    await mkdir(out, { recursive: true });
    for (const doc of docs) {
      await writeFile(join(out, doc.fileName), doc.bytes);
      console.log(`${join(values.out, doc.fileName)}  (${kindName(doc.kind)})`);
    }
    return;
  }
  if (command === "versions") {
    const chain = [];
    for (let dossier: Awaited<ReturnType<typeof findDossier>> | null = await findDossier(code); dossier; ) {
      chain.push(dossier);
      dossier = dossier.resubmissionOfId ? await assistant.db.dossier.findUnique({ where: { id: dossier.resubmissionOfId } }) : null;
    }
    for (const dossier of chain) {
      const versions = await assistant.documents.versions(dossier.id);
      console.log(`${dossier.code}: ${versions.length ? "" : "chưa tạo giấy tờ"}`);
      for (const v of versions) console.log(`  ${kindName(v.kind)} phiên bản ${v.version} (${v.mediaType === "application/pdf" ? "PDF" : "DOCX"}, ${v.createdAt.toISOString()}) sha256 ${v.sha256.slice(0, 12)}…`);
    }
    return;
  }
  throw new CliError(`Không có lệnh “${command}”.\n\n${USAGE}`);
}

try {
  await run();
} catch (err) {
  if (!(err instanceof CliError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
} finally {
  await assistant.close();
}
