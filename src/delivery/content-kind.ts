import { createHash } from 'node:crypto';
import type { MessageEntity } from 'grammy/types';
import { LRUCache } from 'lru-cache';
import type { LinkPreview, UrlButton } from '../briefings/render.js';
import type { Lang } from '../i18n/index.js';
import type { Delivery, DeliveryContent } from '../store/deliveries.js';
import type { ChatRecord } from '../store/subscribers.js';

/**
 * One Bot API operation a send job performs for a reader: a new message (text or a copy of an admin's
 * message), or, for kinds that act on messages already sent, an edit or a deletion.
 */
export type Outgoing =
  | {
      method: 'text';
      text: string;
      /** Absent: Telegram entities, or HTML by default (see the API's `htmlByDefault`). */
      parseMode?: 'HTML';
      entities?: MessageEntity[];
      buttons?: UrlButton[][];
      linkPreview: LinkPreview;
    }
  | {
      method: 'photo';
      /** An https address or a Telegram file id. */
      photo: string;
      /** Telegram HTML within 1,024 characters; absent: the photo alone (its text follows). */
      caption?: string;
      parseMode?: 'HTML';
      buttons?: UrlButton[][];
    }
  | { method: 'copy'; fromChatId: number; messageId: number }
  /** Deletes the recorded message (only for kinds whose `acts` is `records`). */
  | { method: 'delete' };

/** Thrown by a kind when a delivery's content no longer exists (a briefing removed after publishing). */
export class ContentGoneError extends Error {}

/** Who a rendering is for. */
export interface Reader {
  chatId: number;
  lang: Lang;
  chat: ChatRecord;
}

/** What a kind renders for one reader. */
export interface Rendering {
  /** Parts in order; none: nothing for this reader (counted as skipped with `emptyReason`). */
  messages: Outgoing[];
  /** Why an empty rendering sends nothing (`empty digest`). */
  emptyReason?: string;
  /**
   * A field of the reader's chat hash written in the same step as the send record, once the message
   * is out (a digest's `lastDigest`): never written for a message that did not go out.
   */
  chatField?: { name: string; value: string };
}

/**
 * A kind of content the delivery engine can deliver. The engine pages the audience, paces, records
 * and counts; the kind says what its content is for one reader and how it must be treated. A kind is
 * one module plus one `register` call in the composition root.
 */
export interface ContentKind<C extends DeliveryContent = DeliveryContent> {
  readonly kind: C['kind'];
  /**
   * `new`: sends new messages to each reader; `records`: acts on the messages recorded for the
   * delivery's target (`{ kind: 'records' }`), part by part (edits them, deletes them), also for
   * readers who have since become inactive.
   */
  readonly acts: 'new' | 'records';
  /**
   * How `/correct` fixes what readers already have: `as-stored` re-renders the content as it is stored
   * now (a briefing after its fix), `with-text` needs the corrected text, `never` cannot be corrected.
   */
  readonly corrects: 'as-stored' | 'with-text' | 'never';
  /** Arrives silently at night for readers who keep quiet hours (breaking briefings). */
  readonly quietHours: boolean;
  /**
   * False when the rendering depends only on the delivery and the language: the engine then renders it
   * once per worker process and language (cached), not once per reader.
   */
  readonly perReader: boolean;
  /**
   * Key of the exactly-once send records (`sent:<key>`) when they are kept per content: a briefing has
   * one per briefing (it never reaches a reader twice across publications), a digest one per run. Only
   * one delivery of such content runs at a time. Without it, records are kept per delivery, under
   * `<recordPrefix>-<delivery id>`.
   */
  contentKey?(content: C): string;
  /** Prefix of per-delivery record keys (default `d`). */
  readonly recordPrefix?: string;
  /** A reason to skip this reader before rendering (a digest reader who moved to another slot). */
  skip?(d: Delivery<C>, chat: ChatRecord): string | undefined;
  /** The messages for one reader. Throws {@link ContentGoneError} when the content no longer exists. */
  render(d: Delivery<C>, reader: Reader): Promise<Rendering>;
}

/** Thrown for a delivery whose kind no module registered (a stale worker, a typo). */
export class UnknownContentKindError extends Error {}

/** Content kinds by name, and the engine's view of them. */
export interface ContentKinds {
  /** Adds a kind; a name can be registered once. */
  register<C extends DeliveryContent>(kind: ContentKind<C>): void;
  /** The kind of a delivery's content. */
  of(d: Pick<Delivery, 'content'>): ContentKind;
  /** Names registered, in registration order. */
  names(): string[];
  /** Key of the delivery's send records. */
  contentKey(d: Pick<Delivery, 'id' | 'content'>): string;
  /** The records key shared by every delivery of this content, if its kind keeps records per content. */
  sharedKey(content: DeliveryContent): string | undefined;
  /**
   * The messages for one reader, from the per-process cache when the kind allows it. `scope` names the
   * delivery the rendering is made for when that is not `d` itself (a correction rendering its
   * original): each scope gets a rendering of its own, so that a correction never reuses what was
   * rendered before the content was fixed.
   */
  render(d: Delivery, reader: Reader, scope?: string): Promise<Rendering>;
}

/**
 * The registry of content kinds. Renderings of kinds that are not `perReader` are cached per worker
 * process by delivery, language and scope (the correction rendering it) for a second, so that a
 * delivery to many readers renders about once per language and second, a content edited meanwhile
 * (a briefing's new revision) reaches the sends after it, and each correction renders the content as
 * it is when it runs.
 */
export function createContentKinds(opts: { cacheSize?: number; cacheTtlMs?: number } = {}): ContentKinds {
  const kinds = new Map<string, ContentKind>();
  // Kept a second: a briefing edited while a publication of it runs reaches the remaining sends within
  // it (its correction waits for that publication, so the copies sent meanwhile are corrected too).
  const cache = new LRUCache<string, Promise<Rendering>>({
    max: opts.cacheSize ?? 64,
    ttl: opts.cacheTtlMs ?? 1000,
  });

  function of(d: Pick<Delivery, 'content'>): ContentKind {
    const k = kinds.get(d.content.kind);
    if (!k) throw new UnknownContentKindError(`no content kind "${d.content.kind}" is registered`);
    return k;
  }

  return {
    register(kind) {
      if (kinds.has(kind.kind)) throw new Error(`content kind "${kind.kind}" is registered twice`);
      kinds.set(kind.kind, kind as unknown as ContentKind);
    },
    of,
    names: () => [...kinds.keys()],
    contentKey(d) {
      const k = of(d);
      return k.contentKey ? k.contentKey(d.content) : `${k.recordPrefix ?? 'd'}-${d.id}`;
    },
    sharedKey(content) {
      return of({ content }).contentKey?.(content);
    },
    render(d, reader, scope) {
      const k = of(d);
      if (k.perReader) return k.render(d, reader);
      // A correction of this delivery changes what its remaining sends carry: its text is in the key.
      const corrected = d.correction
        ? `c:${createHash('sha1').update(d.correction.text).digest('base64')}`
        : '';
      const key = `${d.id}|${reader.lang}|${scope ?? corrected}`;
      let p = cache.get(key);
      if (!p) {
        p = k.render(d, reader);
        cache.set(key, p);
        p.catch(() => cache.delete(key));
      }
      return p;
    },
  };
}
