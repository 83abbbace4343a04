import type { ContentKind } from '../content-kind.js';

/** Deletes every message recorded under send records `of` (a withdrawn briefing's copies). */
export type DeletionContent = { kind: 'deletion'; of: string };

/**
 * Deletions: the target is the send records of the content being taken back; each recorded part is
 * deleted. Telegram lets a bot delete its messages for 48 hours: older ones fail with their reason
 * and are counted as failed, so the editor learns how many copies stay.
 */
export const deletionKind: ContentKind<DeletionContent> = {
  kind: 'deletion',
  acts: 'records',
  corrects: 'never',
  quietHours: false,
  perReader: false,
  recordPrefix: 'x',
  async render() {
    return { messages: [{ method: 'delete' }] };
  },
};
