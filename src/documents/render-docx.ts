/**
 * Fills a `.docx` template with docxtemplater: `{field}` tags, `{#list}…{/list}` loops (a table
 * row or whole paragraphs repeat), `{^list}…{/list}` for "when empty". A template is a Word file a
 * commune may replace; tags only read values, so a replaced template cannot run code. A value the
 * data leaves null prints as a dotted blank ("……") to be filled in by hand before signing.
 */
import Docxtemplater from "docxtemplater";
import inspectModule from "docxtemplater/js/inspect-module.js";
import type InspectModule from "docxtemplater/js/inspect-module.js";
import PizZip from "pizzip";

/** What a blank prints as: a dotted line the signer completes by hand. */
export const BLANK_TEXT = "……………";

/** A template Word could open but docxtemplater could not read (a broken or unbalanced tag). */
export class TemplateError extends Error {
  constructor(readonly template: string, readonly details: string[]) {
    super(`template ${template}: ${details.join("; ")}`);
    this.name = "TemplateError";
  }
}

function explain(template: string, err: unknown): TemplateError {
  const e = err as { properties?: { errors?: Array<{ properties?: { explanation?: string } ; message?: string }> }; message?: string };
  const details = e.properties?.errors?.map((x) => x.properties?.explanation ?? x.message ?? String(x)) ?? [e.message ?? String(err)];
  return new TemplateError(template, details);
}

/** The filled document's bytes. */
export function renderDocx(templateName: string, template: Uint8Array, data: Record<string, unknown>): Uint8Array {
  try {
    const doc = new Docxtemplater(new PizZip(template), { paragraphLoop: true, linebreaks: true, nullGetter: () => BLANK_TEXT });
    doc.render(data);
    return doc.getZip().generate({ type: "uint8array", compression: "DEFLATE" });
  } catch (err) {
    throw explain(templateName, err);
  }
}

/**
 * Every tag a template uses, as dotted paths: "nomineeName", "nominees", "nominees.name". The
 * README's field list is checked against these, so a replaced template that uses a field the data
 * does not provide is caught before a commune prints it.
 */
export function templateTags(templateName: string, template: Uint8Array): string[] {
  // The module exports a factory, though its typings describe a class.
  const inspect = (inspectModule as unknown as () => InspectModule.default)();
  try {
    new Docxtemplater(new PizZip(template), { paragraphLoop: true, linebreaks: true, modules: [inspect] });
  } catch (err) {
    throw explain(templateName, err);
  }
  const out: string[] = [];
  const walk = (tags: Record<string, unknown>, prefix: string) => {
    for (const [name, inner] of Object.entries(tags)) {
      out.push(prefix + name);
      if (inner && typeof inner === "object" && Object.keys(inner).length) walk(inner as Record<string, unknown>, `${prefix}${name}.`);
    }
  };
  walk(inspect.getAllTags(), "");
  return out.sort();
}
