/**
 * `npm run flows:check`: runs the same load pipeline as the app over `flows/` and the
 * catalogues, and exits non-zero with every problem listed when something is wrong.
 */
import { loadFlowsDir } from "../flows/load-flow.ts";
import { loadCatalogues } from "../catalogues/load-catalogues.ts";

try {
  const flows = await loadFlowsDir();
  const catalogues = await loadCatalogues();
  for (const f of flows) console.log(`✔ ${f.id} (revision ${f.revision}, ${f.steps.length} bước)`);
  console.log(`✔ danh mục: ${catalogues.awards.length} danh hiệu/hình thức, ${catalogues.units.length} đơn vị`);
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
}
