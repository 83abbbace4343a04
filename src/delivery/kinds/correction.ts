import type { DeliveryStore } from '../../store/deliveries.js';
import { ContentGoneError, type ContentKind, type ContentKinds } from '../content-kind.js';

/** Edits every message already sent for delivery `of` to that delivery's current content. */
export type CorrectionContent = { kind: 'correction'; of: string };

/**
 * Corrections: the target is the original's send records; each recorded part is edited to the
 * original's rendering as it is now (a fixed briefing, or the admin's corrected text). The original is
 * rendered in the correction's own cache scope: the rendering cached when it was first sent (or by an
 * earlier correction) is the stale text this correction exists to replace.
 */
export function correctionKind(deps: {
  deliveries: Pick<DeliveryStore, 'get'>;
  kinds: Pick<ContentKinds, 'render'>;
}): ContentKind<CorrectionContent> {
  return {
    kind: 'correction',
    acts: 'records',
    corrects: 'never',
    quietHours: false,
    // Delegates to the original's kind, whose rendering is cached (per correction) where it can be.
    perReader: true,
    recordPrefix: 'c',
    async render(d, reader) {
      const original = await deps.deliveries.get(d.content.of);
      if (!original) throw new ContentGoneError(`delivery ${d.content.of} not found`);
      return deps.kinds.render(original, reader, d.id);
    },
  };
}
