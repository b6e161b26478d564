/**
 * Reads a DOCX back as text for assertions and golden files: the package is unzipped (PizZip) and
 * `word/document.xml` walked paragraph by paragraph; a table row prints as its cells joined by
 * " | ". Empty paragraphs are dropped and spaces collapsed, so the golden shows content, not layout.
 */
import PizZip from "pizzip";

function decode(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

function paragraphText(xml: string): string {
  const parts: string[] = [];
  for (const m of xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>|<w:tab\/>/g)) parts.push(m[1] !== undefined ? decode(m[1]) : " ");
  return parts.join("").replace(/\s+/g, " ").trim();
}

/** The document's text, one line per paragraph or table row. */
export function docxText(bytes: Uint8Array): string {
  const xml = new PizZip(bytes).file("word/document.xml")?.asText();
  if (!xml) throw new Error("not a DOCX: word/document.xml is missing");
  const body = xml.slice(xml.indexOf("<w:body>"));
  const lines: string[] = [];
  // Top-level tables and paragraphs in order; a table's rows become lines of cells.
  for (const m of body.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>|<w:p[ >][\s\S]*?<\/w:p>/g)) {
    const chunk = m[0];
    if (chunk.startsWith("<w:tbl>")) {
      for (const row of chunk.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)) {
        const cells = [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => [...c[0].matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => paragraphText(p[0])).filter(Boolean).join(" / "));
        if (cells.some(Boolean)) lines.push(cells.join(" | ").trimEnd());
      }
    } else {
      const text = paragraphText(chunk);
      if (text) lines.push(text);
    }
  }
  return lines.join("\n");
}
