/**
 * The commune offices' public phones for an installation on the national list
 * (`flows/catalogues/unit-phones.csv`, columns `code,phone`): the number a person who declines
 * consent is given to report by phone instead. The file is optional; a unit without a row has no
 * phone offered. The sample tree keeps its phones in units.yaml instead.
 */
import { parse } from "csv-parse/sync";

/** The phones file's name in the catalogues folder. */
export const UNIT_PHONES_FILE = "unit-phones.csv";

/** An office's phone, here and in units.yaml: digits, spaces, dots, brackets, + and -. */
export const OFFICE_PHONE = /^[0-9 .()+-]{8,20}$/;

/** Phone by unit code. Throws an error naming the file and line of a bad header, code or phone. */
export function readUnitPhones(csvText: string, file = UNIT_PHONES_FILE): Map<string, string> {
  const records = parse(csvText.replace(/^\uFEFF/, ""), { trim: true, relax_column_count: true }) as string[][];
  const [header, ...rows] = records;
  if (!header || header.join(",").toLowerCase() !== "code,phone") throw new Error(`${file}: the header must be code,phone`);
  const phones = new Map<string, string>();
  for (const [i, [code = "", phone = ""]] of rows.entries()) {
    if (!code && !phone) continue;
    const at = `${file}: line ${i + 2}`;
    if (!/^[0-9A-Z-]+$/i.test(code)) throw new Error(`${at}: "${code}" is not a unit code`);
    if (!OFFICE_PHONE.test(phone)) throw new Error(`${at}: "${phone}" is not a phone number (digits, spaces, dots, brackets, + and -)`);
    if (phones.has(code)) throw new Error(`${at}: code ${code} is listed twice`);
    phones.set(code, phone);
  }
  return phones;
}
