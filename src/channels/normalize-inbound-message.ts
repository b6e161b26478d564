/**
 * The one place where text from every channel is made safe (see
 * {@link ../text/normalize-inbound-text.ts}). The conversation service applies it first thing in
 * `handle`, the single entry every channel (web, Telegram, Zalo, Zalo Bot Platform, terminal,
 * memory) goes through: one call covers every channel, including the next one, where a call in
 * each channel's to-inbound mapping could be forgotten in one of them.
 */
import type { InboundFile, InboundMessage } from "./channel-port.ts";
import { normalizeInboundText, sanitizeFileName } from "../text/normalize-inbound-text.ts";

/**
 * The message with its text, choice, sender name, file names and ids normalised (NFC, no NUL,
 * other controls, lone surrogates or bidi controls; file names without a path). Ids from real
 * channels are unchanged by this; a forged one with a NUL could not be stored otherwise. A file
 * name with nothing usable left is dropped, and so is a sender name. Pure.
 */
export function normalizeInboundMessage(msg: InboundMessage): InboundMessage {
  const out: InboundMessage = {
    ...msg,
    chatId: normalizeInboundText(msg.chatId),
    senderId: normalizeInboundText(msg.senderId),
    messageId: normalizeInboundText(msg.messageId),
  };
  if (msg.text !== undefined) out.text = normalizeInboundText(msg.text);
  if (msg.choice !== undefined) out.choice = normalizeInboundText(msg.choice);
  if (msg.button !== undefined) out.button = { ...msg.button, scope: normalizeInboundText(msg.button.scope) };
  if (msg.senderName !== undefined) {
    const name = normalizeInboundText(msg.senderName).replace(/\s+/gu, " ").trim();
    if (name === "") delete out.senderName;
    else out.senderName = name;
  }
  if (msg.files !== undefined) out.files = msg.files.map(normalizeFile);
  return out;
}

function normalizeFile(file: InboundFile): InboundFile {
  if (file.fileName === undefined) return file;
  const { fileName: raw, ...rest } = file;
  const fileName = sanitizeFileName(raw);
  return fileName === undefined ? rest : { ...rest, fileName };
}
