/**
 * DOCX to PDF through LibreOffice (`soffice --headless --convert-to pdf`, Debian package
 * libreoffice-writer-nogui), when it is installed. Detected once at start and reported in the log;
 * without it the product still makes the DOCX files (the primary output, which communes edit and
 * sign in Word) and says that PDFs are skipped.
 *
 * Each conversion runs in its own temporary folder with its own LibreOffice profile, so two
 * conversions at once do not fight over one profile lock, and at most `concurrency` run at a time.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface PdfConverter {
  /** "LibreOffice 7.4.7.2 …", as the program reports itself. */
  readonly version: string;
  toPdf(docx: Uint8Array): Promise<Uint8Array>;
}

/** The LibreOffice program to use, or null when none is installed (`SOFFICE_PATH` names another). */
export async function detectPdfConverter(opts: { program?: string; timeoutMs?: number; concurrency?: number } = {}): Promise<PdfConverter | null> {
  const program = opts.program ?? "soffice";
  let version: string;
  try {
    const { stdout } = await run(program, ["--version"], { timeout: 30_000 });
    version = stdout.trim();
  } catch {
    return null;
  }
  const timeout = opts.timeoutMs ?? 120_000;
  let running = 0;
  const waiting: Array<() => void> = [];
  const limit = Math.max(1, opts.concurrency ?? 2);
  const slot = async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
  return {
    version,
    toPdf: (docx) =>
      slot(async () => {
        const dir = await mkdtemp(join(tmpdir(), "tdkt-pdf-"));
        try {
          const input = join(dir, "document.docx");
          await writeFile(input, docx);
          const profile = pathToFileURL(join(dir, "profile")).href;
          await run(program, [`-env:UserInstallation=${profile}`, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, input], { timeout });
          return new Uint8Array(await readFile(join(dir, "document.pdf")));
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
  };
}
