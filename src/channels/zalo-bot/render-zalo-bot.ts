/**
 * Pure rendering of outgoing messages for the Zalo Bot Platform: no buttons there, so choices
 * become numbered lines (or "[ Gửi | Huỷ ]" for words to type, in the summary where numbers pick
 * an answer to edit), and text is split within Zalo's 2,000 characters per message.
 */
import type { ChannelCapabilities, OutgoingMessage } from "../channel-port.ts";
import { documentLinkLines, renderText, splitText } from "../render-text.ts";

export const ZALO_BOT_CAPABILITIES: ChannelCapabilities = { buttons: false, maxTextLength: 2000 };

/**
 * The text parts to send for one message, in order; each is 1–2,000 characters (Zalo refuses empty
 * text). The platform has no file message: documents follow as their signed download links, one
 * line each, made by `link`.
 */
export function renderZaloBot(message: OutgoingMessage, link?: (id: string) => string): string[] {
  const links = documentLinkLines(message, link);
  const parts = [...renderText(message, ZALO_BOT_CAPABILITIES), ...(links ? splitText(links, ZALO_BOT_CAPABILITIES.maxTextLength) : [])];
  return parts.filter((part) => part.trim() !== "");
}
