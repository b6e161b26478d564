/**
 * What text from outside may contain once it is inside. People and attackers alike send text
 * through chat channels: a NUL byte (U+0000), a lone UTF-16 surrogate or a control character is
 * harmless to read but cannot be stored everywhere (PostgreSQL refuses NUL in `text` and in `jsonb`,
 * and lone surrogates in `jsonb`), and bidirectional overrides make a name or a file name display
 * as something else ("hoso\u202Efdp.exe" shows as "hosoexe.pdf"). So every piece of text a channel
 * hands over is normalised once, at the boundary, before anything reads or stores it.
 *
 * Pure functions; each is idempotent (`f(f(s)) === f(s)`) and never throws.
 */

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** C0 controls except tab (U+0009) and newline (U+000A), DEL, and the C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** Bidirectional embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/g;
/**
 * Terminal escape sequences: CSI (`ESC [ … final`), OSC/DCS/APC/PM/SOS strings up to BEL or ST,
 * and the two-character escapes. Removed whole, so that no printable remnant such as "[31m" stays.
 */
const ESCAPE_SEQUENCE = /\u001B(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[ -/]*[0-~]?)/g;

/**
 * Text as a channel received it, made safe to store and to show: lone surrogates dropped, CRLF and
 * CR turned into LF, C0 and C1 controls dropped except newline and tab, bidi embeddings, overrides
 * and isolates dropped, then Unicode NFC. Meaning is otherwise kept (no trimming, no case change):
 * validators apply their own normalisation ({@link ../text/fold-text.ts}) on top.
 *
 * Removal comes before NFC, so a combining mark that followed a removed control composes with the
 * letter before it and the result is NFC.
 */
export function normalizeInboundText(text: string): string {
  return text
    .replace(LONE_SURROGATE, "")
    .replace(/\r\n?/g, "\n")
    .replace(CONTROL, "")
    .replace(BIDI_CONTROL, "")
    .normalize("NFC");
}

/** Longest file name kept, in code points (extension included). */
export const MAX_FILE_NAME_LENGTH = 120;
/** Longest extension kept with its dot, in code points; a longer "extension" is just part of the name. */
const MAX_EXTENSION_LENGTH = 12;

/**
 * A file name a person sent, made safe to store, show and use as a download name: normalised like
 * text, no path (everything up to the last `/` or `\` is dropped, as the name of the file is what
 * follows), no characters Windows refuses in names (`<>:"|?*`, replaced with `_`), whitespace runs
 * (newlines and tabs too) collapsed to one space, no leading dots or spaces (no hidden file, no
 * `..`), at most {@link MAX_FILE_NAME_LENGTH} code points with the extension kept when the name is
 * shortened. Returns undefined when nothing usable remains.
 */
export function sanitizeFileName(name: string): string | undefined {
  const base = normalizeInboundText(name).split(/[/\\]/).at(-1) ?? "";
  const cleaned = base
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\s+/gu, " ")
    .replace(/^[.\s]+/u, "")
    .trimEnd();
  if (cleaned === "") return undefined;
  const chars = Array.from(cleaned);
  if (chars.length <= MAX_FILE_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 ? Array.from(cleaned.slice(dot)) : [];
  const keep = extension.length > 1 && extension.length <= MAX_EXTENSION_LENGTH ? extension : [];
  const stem = chars.slice(0, MAX_FILE_NAME_LENGTH - keep.length).join("").trimEnd();
  return stem + keep.join("");
}

/**
 * Text that came from outside, made safe to print on an operator's terminal on one line: escape
 * sequences removed whole, then {@link normalizeInboundText}, then newlines and tabs turned into
 * spaces. A name cannot move the cursor, recolour or clear the screen, set the window title, or
 * reorder what follows it on the line.
 */
export function terminalSafeText(text: string): string {
  return normalizeInboundText(text.replace(ESCAPE_SEQUENCE, "")).replace(/[\n\t]/g, " ");
}
