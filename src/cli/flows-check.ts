/**
 * `npm run flows:check [-- <folder>]`: runs the same load pipeline as the app over `flows/` (or
 * the folder given, with its `catalogues/`) and exits non-zero with every problem listed, each
 * naming its file and step, when something is wrong.
 */
import { resolve } from "node:path";
import { FLOWS_DIR, loadFlowsDir } from "../flows/load-flow.ts";
import { loadCatalogues } from "../catalogues/load-catalogues.ts";
import { loadMeetingRules } from "../rounds/meeting-rules.ts";

const dir = process.argv[2] ? resolve(process.argv[2]) : FLOWS_DIR;
try {
  const flows = await loadFlowsDir(dir);
  const catalogues = await loadCatalogues(`${dir}/catalogues`);
  const meeting = await loadMeetingRules(`${dir}/catalogues`, catalogues.law.awards.map((a) => a.code));
  for (const f of flows) console.log(`✔ ${f.id} (revision ${f.revision}, ${f.steps.length} bước)`);
  console.log(`✔ danh mục: ${catalogues.awards.length} danh hiệu/hình thức, ${catalogues.units.length} đơn vị`);
  console.log(`✔ họp Hội đồng: túc số ${meeting.quorum.num}/${meeting.quorum.den}`);
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
}
