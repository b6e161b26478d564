/**
 * `npm run law:readme`: rewrites README.md's list of awards (between the law:awards markers)
 * from flows/catalogues. `--check` writes nothing and exits 1 when README.md is out of date (the
 * test suite checks the same).
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { loadCatalogues } from "../catalogues/load-catalogues.ts";
import { renderLawSection, replaceLawSection } from "../law/render-law-section.ts";

const README = fileURLToPath(new URL("../../README.md", import.meta.url));

const { law } = await loadCatalogues();
const before = await readFile(README, "utf8");
const after = replaceLawSection(before, renderLawSection(law));
if (process.argv.includes("--check")) {
  if (after !== before) {
    console.error("README.md: the list of awards is out of date; run npm run law:readme");
    process.exit(1);
  }
  console.log("✔ README.md: danh mục khen thưởng khớp với flows/catalogues");
} else if (after !== before) {
  await writeFile(README, after);
  console.log("README.md: danh mục khen thưởng đã cập nhật");
}
