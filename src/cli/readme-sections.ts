/**
 * `npm run readme:sections` (also `law:readme`, `documents:readme`): rewrites README.md's
 * generated sections, the list of awards (from flows/catalogues) and the fields document templates
 * may use (from src/documents/document-fields.ts). `--check` writes nothing and exits 1 when
 * README.md is out of date (the test suite checks the same).
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { loadCatalogues } from "../catalogues/load-catalogues.ts";
import { replaceFieldsSection } from "../documents/document-fields.ts";
import { renderLawSection, replaceLawSection } from "../law/render-law-section.ts";

const README = fileURLToPath(new URL("../../README.md", import.meta.url));

const { law } = await loadCatalogues();
const before = await readFile(README, "utf8");
const after = replaceFieldsSection(replaceLawSection(before, renderLawSection(law)));
if (process.argv.includes("--check")) {
  if (after !== before) {
    console.error("README.md: a generated section (awards, template fields) is out of date; run npm run readme:sections");
    process.exit(1);
  }
  console.log("✔ README.md: danh mục khen thưởng và trường của mẫu văn bản đã khớp");
} else if (after !== before) {
  await writeFile(README, after);
  console.log("README.md: đã cập nhật các phần sinh tự động");
}
