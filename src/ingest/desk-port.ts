/**
 * What the ingest needs from the desk (src/usecases/desk.ts, the desk contract): make a draft, publish
 * one, and tell the editors about a new one. The ingest takes these as a port so that the poller and
 * the CMS API stay plain functions the tests can drive, and so that the composition root decides how
 * editors are told (the desk card, sent by the worker's Telegram API).
 */
import type { Audience } from '../briefings/types.js';

/** The draft fields the ingest fills (a subset of the desk's `DraftFields`). */
export interface IngestDraftFields {
  title: string;
  summary: string;
  /** Restricted Markdown, as `Briefing.body`. */
  body: string;
  audience?: Audience;
  suggestedAudience?: Audience;
  photo?: { kind: 'url'; url: string };
  sourceUrl?: string;
}

export type IngestOrigin =
  | { kind: 'feed'; feedId: string; itemKey: string }
  | { kind: 'api'; tokenId: string; externalId: string };

/** Who acts for the ingest: trusted feeds and API tokens act as `system`. */
export interface IngestActor {
  id: string;
  role: 'system';
}

export interface IngestDesk {
  createDraft(actor: IngestActor, fields: IngestDraftFields, origin: IngestOrigin): Promise<{ id: string }>;
  publishDraft(
    actor: IngestActor,
    draftId: string,
    when: { kind: 'now' } | { kind: 'at'; atMs: number },
  ): Promise<{ briefingId: string; deliveryId?: string | undefined }>;
  /** The draft's state, for the API's status: open or published (with its briefing) or discarded. */
  getDraft(
    draftId: string,
  ): Promise<{ status: 'open' | 'published' | 'discarded'; briefingId?: string } | undefined>;
  /** Tells every editor and owner about a new draft (one message each); failures are logged, not thrown. */
  notifyEditors(draftId: string): Promise<void>;
}
