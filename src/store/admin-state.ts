import { randomBytes } from 'node:crypto';
import type { MessageEntity } from 'grammy/types';
import type { Redis } from 'ioredis';
import type { DeliveryContent, Target } from './deliveries.js';
import { createKeys } from './keys.js';

/** A delivery an admin has previewed but not yet sent. Kept an hour. */
export interface Draft {
  content: DeliveryContent;
  target: Target;
  /** Human description of the target for messages ("हाथरस", "उत्तर प्रदेश", "सभी पाठक"). */
  targetLabel: string;
}

/** A new text for a sent delivery, previewed to its admin before every copy is edited. Kept an hour. */
export interface CorrectionDraft {
  deliveryId: string;
  text: string;
  entities?: MessageEntity[];
}

/** What the bot waits for next from an admin (a multi-step command). Kept ten minutes. */
export type Awaiting =
  | { kind: 'broadcast-pc' }
  | { kind: 'broadcast-message'; target: Target; targetLabel: string }
  | { kind: 'schedule-time'; draftId: string }
  | { kind: 'correction-text'; deliveryId: string }
  | { kind: 'editor-add' }
  | { kind: 'editor-confirm'; userId: number; name: string }
  /** /new: the editor's messages go into a draft (made with the first text; a photo sent first waits). */
  | { kind: 'desk-compose'; draftId?: string; photoFileId?: string }
  /** A draft's title, summary or "ये भी पढ़ें" typed anew. */
  | { kind: 'desk-field'; draftId: string; field: 'title' | 'summary' | 'also' }
  /** A seat to add to a draft, by name. */
  | { kind: 'desk-seat'; draftId: string }
  /** A time to publish a draft at. */
  | { kind: 'desk-time'; draftId: string }
  /** /edit: the new text of a published briefing. */
  | { kind: 'desk-edit-text'; briefingId: string }
  /** /edit: the new text, previewed, waiting for the editor's yes. */
  | {
      kind: 'desk-edit-confirm';
      briefingId: string;
      patch: { title: string; summary: string; body: string };
    };

const DRAFT_TTL = 3600;
const AWAIT_TTL = 600;

/** Drafts and pending admin input, in Redis so any bot process can take the next step. */
export function createAdminState(deps: { redis: Redis; prefix: string }) {
  const keys = createKeys(deps.prefix);
  const draftKey = keys.draft;
  const awaitKey = keys.adminAwait;
  return {
    async saveDraft(draft: Draft): Promise<string> {
      const id = randomBytes(6).toString('hex');
      await deps.redis.set(draftKey(id), JSON.stringify(draft), 'EX', DRAFT_TTL);
      return id;
    },
    async draft(id: string): Promise<Draft | undefined> {
      const v = await deps.redis.get(draftKey(id));
      return v ? (JSON.parse(v) as Draft) : undefined;
    },
    /** Takes a draft once: a second tap on "send now" finds nothing. */
    async takeDraft(id: string): Promise<Draft | undefined> {
      const v = await deps.redis.getdel(draftKey(id));
      return v ? (JSON.parse(v) as Draft) : undefined;
    },
    /** Saves a correction to confirm; its id starts with `c` (a draft's never does), and discard takes it too. */
    async saveCorrection(c: CorrectionDraft): Promise<string> {
      const id = `c${randomBytes(6).toString('hex')}`;
      await deps.redis.set(draftKey(id), JSON.stringify({ correction: c }), 'EX', DRAFT_TTL);
      return id;
    },
    /** Takes a correction once: a second tap finds nothing. */
    async takeCorrection(id: string): Promise<CorrectionDraft | undefined> {
      if (!id.startsWith('c')) return undefined;
      const v = await deps.redis.getdel(draftKey(id));
      return v ? (JSON.parse(v) as { correction: CorrectionDraft }).correction : undefined;
    },
    async setAwaiting(adminId: number, a: Awaiting): Promise<void> {
      await deps.redis.set(awaitKey(adminId), JSON.stringify(a), 'EX', AWAIT_TTL);
    },
    async awaiting(adminId: number): Promise<Awaiting | undefined> {
      const v = await deps.redis.get(awaitKey(adminId));
      return v ? (JSON.parse(v) as Awaiting) : undefined;
    },
    async clearAwaiting(adminId: number): Promise<void> {
      await deps.redis.del(awaitKey(adminId));
    },
  };
}

export type AdminState = ReturnType<typeof createAdminState>;
