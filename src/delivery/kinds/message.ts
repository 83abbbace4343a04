import type { MessageEntity } from 'grammy/types';
import type { Delivery } from '../../store/deliveries.js';
import type { ContentKind, Outgoing } from '../content-kind.js';

/** An admin's text message, kept with its entities so that its formatting survives exactly. */
export type TextContent = { kind: 'text'; text: string; entities?: MessageEntity[] };
/** Any other admin message (photo, video…), copied from the admin's chat. */
export type CopyContent = { kind: 'copy'; fromChatId: number; messageId: number };

/** A text as Telegram entities, never parsed as HTML. */
export function plainText(text: string, entities: MessageEntity[] | undefined): Outgoing {
  const out: Outgoing = { method: 'text', text, linkPreview: { is_disabled: true } };
  if (entities && entities.length > 0) out.entities = entities;
  return out;
}

/** An admin's text broadcast; a correction replaces its text. */
export const textKind: ContentKind<TextContent> = {
  kind: 'text',
  acts: 'new',
  corrects: 'with-text',
  quietHours: false,
  perReader: false,
  async render(d: Delivery<TextContent>) {
    const text = d.correction?.text ?? d.content.text;
    const entities = d.correction ? d.correction.entities : d.content.entities;
    return { messages: [plainText(text, entities)] };
  },
};

/**
 * An admin's media message, copied to each reader. It cannot be corrected: a copy's caption and media
 * are Telegram's, not a text of ours to edit, so a /correct is refused instead of reporting success.
 */
export const copyKind: ContentKind<CopyContent> = {
  kind: 'copy',
  acts: 'new',
  corrects: 'never',
  quietHours: false,
  perReader: false,
  async render(d: Delivery<CopyContent>) {
    return {
      messages: [{ method: 'copy', fromChatId: d.content.fromChatId, messageId: d.content.messageId }],
    };
  },
};
