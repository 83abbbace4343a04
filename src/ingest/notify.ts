/**
 * Telling the desk about a draft a feed or the CMS made: the draft card (src/telegram/draft-card.ts)
 * to every owner and editor, each in the language stored for them, one message per person per draft.
 * A person who cannot be reached (never opened the bot, blocked it) is logged and skipped; the draft
 * waits in the desk all the same.
 */
import type { InlineKeyboard } from 'grammy';
import type { Catalog } from '../catalog/types.js';
import { DEFAULT_LANG, type I18n } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { EditorStore } from '../store/editors.js';
import type { SubscriberStore } from '../store/subscribers.js';
import { type DraftCardInput, draftCard } from '../telegram/draft-card.js';

export interface NotifyDeps {
  /** The draft as the desk holds it (the desk's getDraft). */
  getDraft(id: string): Promise<DraftCardInput | undefined>;
  /** Telegram's sendMessage (HTML is the default parse mode of the program's Api). */
  send(chatId: number, text: string, markup: InlineKeyboard): Promise<unknown>;
  i18n: I18n;
  catalog: Catalog;
  adminIds: readonly number[];
  editors: Pick<EditorStore, 'list'>;
  subscribers: Pick<SubscriberStore, 'getChat'>;
  logger: Logger;
}

/** Sends the draft's card to every owner and editor; returns how many got it. */
export async function notifyDesk(deps: NotifyDeps, draftId: string): Promise<number> {
  const draft = await deps.getDraft(draftId);
  if (!draft) return 0;
  const people = new Set<number>([...deps.adminIds, ...(await deps.editors.list()).map((e) => e.id)]);
  let told = 0;
  for (const id of people) {
    const lang = (await deps.subscribers.getChat(id))?.lang ?? DEFAULT_LANG;
    const card = draftCard(deps.i18n, lang, draft, deps.catalog);
    try {
      await deps.send(id, card.text, card.reply_markup);
      told++;
    } catch (err) {
      deps.logger.warn({ err, userId: id, draftId }, 'could not show a new draft to a desk member');
    }
  }
  return told;
}
