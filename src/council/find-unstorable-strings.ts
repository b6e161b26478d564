/**
 * Strings a JSON body may carry that the council's database cannot store: PostgreSQL refuses
 * U+0000 in `text` and `jsonb`, and lone UTF-16 surrogates (which `JSON.parse` produces from an
 * escaped `"\ud800"`) in `jsonb`; SQLite silently cuts text at a NUL. The council refuses such a
 * body with a validation problem (400) naming every offending path instead of failing with a 500
 * when it writes, which made a submitter retry for a day.
 */

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** One offending value: its dotted path (as in problem `errors`) and what is wrong with it. */
export interface UnstorableString {
  path: string;
  message: string;
}

/**
 * Every string (object keys included) in a parsed JSON value that contains a NUL or a lone
 * surrogate, at most `limit` of them, depth first. Pure.
 */
export function findUnstorableStrings(value: unknown, limit = 20): UnstorableString[] {
  const found: UnstorableString[] = [];
  const visit = (node: unknown, path: string[]): void => {
    if (found.length >= limit) return;
    if (typeof node === "string") {
      if (UNSTORABLE.test(node)) found.push({ path: path.join("."), message: "contains a NUL character or a lone UTF-16 surrogate" });
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, String(i)]));
    } else if (node !== null && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) {
        // The path names a bad key with U+FFFD in place of what cannot be stored.
        const shown = UNSTORABLE.test(key) ? key.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD") : key;
        if (shown !== key && found.length < limit) found.push({ path: [...path, shown].join("."), message: "the property name contains a NUL character or a lone UTF-16 surrogate" });
        visit(child, [...path, shown]);
      }
    }
  };
  visit(value, []);
  return found;
}
