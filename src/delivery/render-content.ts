import type { MessageEntity } from 'grammy/types';
import type { Redis } from 'ioredis';
import { type LinkPreview, renderBriefing, type UrlButton } from '../briefings/render.js';
import type { Catalog } from '../catalog/types.js';
import { digestForReader } from '../digest/reader-digest.js';
import type { I18n, Lang } from '../i18n/index.js';
import type { BriefingStore } from '../store/briefings.js';
import type { Delivery, DeliveryStore } from '../store/deliveries.js';

/** One message to send (or to put in place of a sent one). */
export type Outgoing =
  | {
      method: 'text';
      text: string;
      parseMode?: 'HTML';
      entities?: MessageEntity[];
      buttons?: UrlButton[][];
      linkPreview: LinkPreview;
    }
  | { method: 'copy'; fromChatId: number; messageId: number };

export interface ContentRendererDeps {
  briefings: BriefingStore;
  deliveries: Pick<DeliveryStore, 'get'>;
  catalog: Catalog;
  i18n: I18n;
  /** The bot's username, for deep links (known after getMe). */
  botUsername: () => string;
  /** Cache size (deliveries × languages). */
  cacheSize?: number;
  /**
   * What digests need: the store's Redis (each reader's PCs, last digest and briefing ids come in one
   * call; the briefings from a cache shared by all readers) and DIGEST_TZ.
   */
  digest: {
    redis: Redis;
    prefix: string;
    tz: string;
    /** Clock (tests); a digest covers briefings published up to now. */
    now?: () => number;
  };
}

/** Thrown when a delivery's content no longer exists (a briefing removed after publishing). */
export class ContentGoneError extends Error {}

/**
 * Renders what a delivery sends, per reader language, with a small cache: the same delivery renders
 * once per worker per language, not once per recipient.
 */
export function createContentRenderer(deps: ContentRendererDeps) {
  const cache = new Map<string, Promise<Outgoing[]>>();
  const max = deps.cacheSize ?? 64;

  async function renderDelivery(d: Delivery, lang: Lang): Promise<Outgoing[]> {
    const c = d.content;
    switch (c.kind) {
      case 'briefing': {
        const found = await deps.briefings.getForReading(c.briefingId);
        if (!found) throw new ContentGoneError(`briefing ${c.briefingId} not found`);
        const r = renderBriefing(found.briefing, {
          lang,
          i18n: deps.i18n,
          catalog: deps.catalog,
          botUsername: deps.botUsername(),
          related: found.related,
        });
        return r.parts.map((text, i) => {
          const last = i === r.parts.length - 1;
          const out: Outgoing = {
            method: 'text',
            text,
            parseMode: 'HTML',
            linkPreview: last ? r.linkPreview : { is_disabled: true },
          };
          if (last && r.buttons.length > 0) out.buttons = r.buttons;
          return out;
        });
      }
      case 'text': {
        const text = d.correction?.text ?? c.text;
        const entities = d.correction ? d.correction.entities : c.entities;
        const out: Outgoing = { method: 'text', text, linkPreview: { is_disabled: true } };
        if (entities && entities.length > 0) out.entities = entities;
        return [out];
      }
      case 'copy':
        return [{ method: 'copy', fromChatId: c.fromChatId, messageId: c.messageId }];
      case 'correction': {
        const original = await deps.deliveries.get(c.of);
        if (!original) throw new ContentGoneError(`delivery ${c.of} not found`);
        return renderDelivery(original, lang);
      }
      case 'digest': {
        // Digests are composed per reader (renderDigest); only an admin's corrected text is shared.
        if (!d.correction) throw new Error(`digest ${d.id} renders per reader: use renderDigest`);
        const out: Outgoing = { method: 'text', text: d.correction.text, linkPreview: { is_disabled: true } };
        if (d.correction.entities && d.correction.entities.length > 0) out.entities = d.correction.entities;
        return [out];
      }
    }
  }

  return {
    /** Messages for `delivery` in `lang` (cached by delivery, content version and language). */
    render(d: Delivery, lang: Lang): Promise<Outgoing[]> {
      const k = `${d.id}|${lang}|${d.correction ? 'c' : ''}`;
      let p = cache.get(k);
      if (!p) {
        p = renderDelivery(d, lang);
        cache.set(k, p);
        p.catch(() => cache.delete(k));
        if (cache.size > max) cache.delete(cache.keys().next().value as string);
      }
      return p;
    },
    /**
     * One reader's digest for a digest run: no message when nothing is new for them. `asOf` is the time
     * it covers up to, to be kept as the reader's last digest once it is sent. Never cached.
     */
    async renderDigest(
      d: Delivery,
      lang: Lang,
      chatId: number,
    ): Promise<{ messages: Outgoing[]; asOf: number }> {
      const c = d.content;
      if (c.kind !== 'digest') throw new Error(`delivery ${d.id} is not a digest`);
      const dg = deps.digest;
      const asOf = (dg.now ?? Date.now)();
      const text = await digestForReader(
        {
          source: deps.briefings,
          i18n: deps.i18n,
          catalog: deps.catalog,
          botUsername: deps.botUsername(),
          tz: dg.tz,
        },
        { chatId, lang },
        c,
        asOf,
      );
      const messages: Outgoing[] =
        text === undefined
          ? []
          : [{ method: 'text', text, parseMode: 'HTML', linkPreview: { is_disabled: true } }];
      return { messages, asOf };
    },

    /** Forgets cached renderings (after a correction or a content sync). */
    clear(): void {
      cache.clear();
    },
  };
}

export type ContentRenderer = ReturnType<typeof createContentRenderer>;
