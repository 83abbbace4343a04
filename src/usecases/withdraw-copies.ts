import type { ContentKinds } from '../delivery/content-kind.js';
import { briefingContentKey } from '../delivery/kinds/briefing.js';
import type { DeliveryService } from '../delivery/service.js';
import type { AuditLog } from '../store/audit.js';
import type { BriefingStore } from '../store/briefings.js';
import type { Delivery, DeliveryStore } from '../store/deliveries.js';
import type { Actor } from './deliveries.js';

/**
 * The second step of a withdrawal: deletes the copies readers received of a briefing already
 * withdrawn, where Telegram still allows it (48 hours). Runs as a deletion delivery over the send
 * records, after any delivery of the briefing still running (cancelled by the withdrawal) has stopped;
 * its `failed` count is how many copies could not be deleted. Undefined when no reader has a copy, or
 * when the briefing is still live (withdraw it first). Audited.
 */
export async function deleteWithdrawnCopies(
  deps: {
    briefings: Pick<BriefingStore, 'get'>;
    deliveries: Pick<DeliveryStore, 'recordCount' | 'active'>;
    delivery: Pick<DeliveryService, 'start'>;
    kinds: Pick<ContentKinds, 'sharedKey'>;
    audit: Pick<AuditLog, 'record'>;
  },
  input: { briefingId: string; by: Actor },
): Promise<Delivery | undefined> {
  const ck = briefingContentKey(input.briefingId);
  if (await deps.briefings.get(input.briefingId)) {
    await deps.audit.record({ who: input.by.id, action: 'delete-copies', outcome: 'refused: still live', target: input.briefingId });
    return undefined;
  }
  const copies = await deps.deliveries.recordCount(ck);
  const running = (await deps.deliveries.active()).filter((d) => deps.kinds.sharedKey(d.content) === ck).map((d) => d.id);
  if (copies === 0 && running.length === 0) {
    await deps.audit.record({ who: input.by.id, action: 'delete-copies', outcome: 'no copies', target: input.briefingId });
    return undefined;
  }
  const deletion = await deps.delivery.start({
    content: { kind: 'deletion', of: ck },
    target: { kind: 'records', contentKey: ck },
    createdBy: input.by.id,
    ...(running.length > 0 ? { after: running } : {}),
  });
  await deps.audit.record({
    who: input.by.id,
    action: 'delete-copies',
    outcome: `deleting ${copies} copies`,
    target: `${input.briefingId} ${deletion.id}`,
  });
  return deletion;
}
