/**
 * Pure rendering of an outgoing message for Telegram: text split within Telegram's 4,096
 * characters, choices as an inline keyboard on the last part. Callback data is
 * `<scope>:<index>` (a few bytes, far below Telegram's 64): the service checks the scope against
 * the question it is asking now, so a button of another question or another draft is refused.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { ChannelCapabilities, OutgoingMessage } from "../channel-port.ts";
import { splitText } from "../render-text.ts";

export const TELEGRAM_CAPABILITIES: ChannelCapabilities = { buttons: true, maxTextLength: 4096 };

export interface TelegramOutgoing {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

/** Labels up to this length go two to a row; longer ones get a row of their own. */
const SHORT_LABEL = 18;

export function renderTelegram(message: OutgoingMessage): TelegramOutgoing[] {
  const parts = splitText(message.text, TELEGRAM_CAPABILITIES.maxTextLength);
  if (!message.choices?.length) return parts.map((text) => ({ text }));
  const scope = message.scope ?? "x0000000";
  const rows: InlineKeyboardButton[][] = [];
  message.choices.forEach((choice, index) => {
    const button: InlineKeyboardButton = { text: choice.label, callback_data: `${scope}:${index}` };
    const last = rows[rows.length - 1];
    const short = choice.label.length <= SHORT_LABEL;
    if (short && last && last.length === 1 && (last[0]!.text.length <= SHORT_LABEL)) last.push(button);
    else rows.push([button]);
  });
  const out: TelegramOutgoing[] = parts.map((text) => ({ text }));
  out[out.length - 1] = { ...out[out.length - 1]!, reply_markup: { inline_keyboard: rows } };
  return out;
}

/** The question message after a button was pressed: the chosen answer shown, the keyboard gone. */
export function answeredQuestionText(questionText: string, label: string): string {
  return `${questionText}\n\n➡️ ${label}`.slice(0, TELEGRAM_CAPABILITIES.maxTextLength);
}
