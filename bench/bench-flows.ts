/**
 * The flows folder the product runs the benchmark with: a copy of the real `flows/` (catalogues
 * and every other form included) in which `nomination-individual.yaml` is replaced by the frozen
 * 20-step bench form (bench/fixtures/nomination-individual.bench.yaml). `/dexuat` then starts the
 * bench form through the product's real loader, engine, validators and submission, and the
 * @grammyjs/conversations baseline reads the same file.
 */
import { cpSync, copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The bench form's file, shared by the product (through benchFlowsDir) and the baseline. */
export const BENCH_FORM_FILE = fileURLToPath(new URL("./fixtures/nomination-individual.bench.yaml", import.meta.url));
const FLOWS_DIR = fileURLToPath(new URL("../flows", import.meta.url));

/** Makes the folder; `remove()` deletes it. */
export function benchFlowsDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "tdkt-bench-flows-"));
  cpSync(FLOWS_DIR, dir, { recursive: true });
  copyFileSync(BENCH_FORM_FILE, join(dir, "nomination-individual.yaml"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
