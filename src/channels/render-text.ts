/**
 * Renders an outgoing message for a channel without buttons (terminal, Zalo personal account):
 * choices become numbered lines the person answers by typing the number (or keywords, for the
 * summary), and text longer than the channel allows is split at paragraph or line breaks.
 */
import type { ChannelCapabilities, OutgoingMessage } from "./channel-port.ts";

/** The text parts to send, in order, each within `caps.maxTextLength`. */
export function renderText(message: OutgoingMessage, caps: ChannelCapabilities): string[] {
  let text = message.text;
  if (message.choices?.length && !caps.buttons) {
    text += message.keywordChoices
      ? `\n[ ${message.choices.map((c) => c.label).join(" | ")} ]`
      : `\n${message.choices.map((c, i) => `${i + 1}. ${c.label}`).join("\n")}`;
  }
  return splitText(text, caps.maxTextLength);
}

/**
 * A reply's documents as text, for channels that cannot send a file: one line per document, its
 * file name and the signed download link (`link`), or the name alone when there is no link.
 * Empty when the message has no documents.
 */
export function documentLinkLines(message: OutgoingMessage, link?: (id: string) => string): string {
  return (message.documents ?? []).map((d) => (link ? `📄 ${d.fileName}: ${link(d.id)}` : `📄 ${d.fileName}`)).join("\n");
}

/** Splits at the last paragraph break, line break or space before the limit; never mid-word if avoidable. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = window.lastIndexOf("\n\n");
    if (cut < max / 2) cut = window.lastIndexOf("\n");
    if (cut < max / 2) cut = window.lastIndexOf(" ");
    if (cut <= 0) cut = max;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}
