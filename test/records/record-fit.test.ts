/**
 * Flows and records stay in step: a flow that could produce an answer its record schema refuses,
 * or lacks a step the record needs, fails the load pipeline (start-up and `npm run flows:check`)
 * with the file and the step named. Each case edits a copy of the real `flows/` folder.
 */
import { execFile } from "node:child_process";
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { FLOWS_DIR, loadFlowsDir } from "../../src/flows/load-flow.ts";
import { tempDir } from "../support/test-databases.ts";
import { PROJECT_ROOT } from "../support/spawn-app.ts";

/** A copy of flows/ with `file` edited by `edit`; the edit must change the file. */
async function editedFlows(file: string, edit: (yaml: string) => string): Promise<string> {
  const dir = tempDir("tdkt-flows-");
  await cp(FLOWS_DIR, dir, { recursive: true });
  const before = await readFile(join(dir, file), "utf8");
  const after = edit(before);
  expect(after).not.toBe(before);
  await writeFile(join(dir, file), after);
  return dir;
}

async function loadError(dir: string): Promise<string> {
  const error = await loadFlowsDir(dir).then(
    () => null,
    (err: Error) => err,
  );
  expect(error, "the edited flows should be refused").not.toBeNull();
  return error!.message;
}

describe("the flow loader against the record schemas", () => {
  it("loads the product's flows, which fit their records", async () => {
    expect((await loadFlowsDir()).length).toBe(6);
  });

  it("refuses an option the council's payload does not know, naming file, step and value", async () => {
    const dir = await editedFlows("nomination-individual.yaml", (y) =>
      y.replace(
        `      - value: DOT_XUAT\n        label: { vi: "Đột xuất", en: "Ad hoc" }\n        aliases: ["dot xuat", "khen dot xuat", "dot suat", "dot xuat dung cam", "ad hoc"]\n`,
        `      - value: DOT_XUAT\n        label: { vi: "Đột xuất", en: "Ad hoc" }\n        aliases: ["dot xuat", "khen dot xuat", "dot suat", "dot xuat dung cam", "ad hoc"]\n      - value: NIEN_HAN\n        label: { vi: "Niên hạn", en: "Length of service" }\n`,
      ),
    );
    const message = await loadError(dir);
    expect(message).toContain("flows/nomination-individual.yaml:");
    expect(message).toContain('step[id=achievementType]: option value "NIEN_HAN" is refused by record nomination-individual');
    // Only that file is wrong.
    expect(message).not.toContain("flows/nomination-collective.yaml");
  });

  it("refuses a text limit longer than the record keeps", async () => {
    const dir = await editedFlows("council-review.yaml", (y) => y.replace("    minLength: 5\n    maxLength: 500\n", "    minLength: 5\n    maxLength: 2000\n"));
    const message = await loadError(dir);
    expect(message).toContain("flows/council-review.yaml:");
    expect(message).toMatch(/step\[id=note\]: a text of 2000 characters \(maxLength 2000\) is refused by record council-review \(field note: at most 1000 characters\)/);

    const summary = await editedFlows("nomination-collective.yaml", (y) => y.replace("    minLength: 50\n    maxLength: 1500\n", "    minLength: 50\n    maxLength: 5000\n"));
    expect(await loadError(summary)).toContain("step[id=summary]: a text of 5000 characters (maxLength 5000) is refused by record nomination-collective");
  });

  it("refuses a number limit the record cannot take (a collective of no members)", async () => {
    const dir = await editedFlows("nomination-collective.yaml", (y) => y.replace("    kind: number\n    min: 2\n", "    kind: number\n    min: 0\n"));
    expect(await loadError(dir)).toContain("step[id=memberCount]: min 0 is refused by record nomination-collective");
  });

  it("refuses a flow without a step the record type needs", async () => {
    const dir = await editedFlows("nomination-individual.yaml", (y) => y.replace(/  - id: fullName\n[\s\S]*?(?=  - id: gender\n)/, ""));
    const message = await loadError(dir);
    expect(message).toContain("flows/nomination-individual.yaml:");
    expect(message).toContain('record nomination-individual needs a step with id "fullName"');
  });

  it("refuses a required answer made optional, and a step whose answer no record field keeps", async () => {
    const optional = await editedFlows("good-deed-report.yaml", (y) => y.replace("  - id: story\n    kind: text\n", "  - id: story\n    kind: text\n    optional: true\n"));
    expect(await loadError(optional)).toContain("step[id=story]: optional (a skipped answer) is refused by record good-deed-report");

    const extra = await editedFlows("good-deed-report.yaml", (y) => y.replace("  - id: story\n", '  - id: witness\n    kind: text\n    prompt: { vi: "Ai chứng kiến?", en: "Who saw it?" }\n\n  - id: story\n'));
    expect(await loadError(extra)).toContain('step[id=witness]: record good-deed-report has no field "witness", so this answer would be lost');
  });

  it("refuses a step of a kind whose answers do not fit the field (a text where a phone number goes)", async () => {
    const dir = await editedFlows("good-deed-report.yaml", (y) => y.replace("  - id: reporterPhone\n    kind: phone\n", "  - id: reporterPhone\n    kind: text\n"));
    expect(await loadError(dir)).toMatch(/step\[id=reporterPhone\]: a text of 1 characters \(minLength 1\) is refused by record good-deed-report/);
  });

  it("npm run flows:check exits non-zero with the located problem", async () => {
    const dir = await editedFlows("nomination-individual.yaml", (y) => y.replace(`      - value: NU\n        label: { vi: "Nữ", en: "Female" }\n`, `      - value: NU\n        label: { vi: "Nữ", en: "Female" }\n      - value: KHAC\n        label: { vi: "Khác", en: "Other" }\n`));
    const result = await promisify(execFile)(join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["src/cli/flows-check.ts", dir], { cwd: PROJECT_ROOT }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(result?.code).toBe(1);
    expect(result?.stderr).toContain("flows/nomination-individual.yaml:");
    expect(result?.stderr).toContain('step[id=gender]: option value "KHAC" is refused by record nomination-individual');
  });
});
