import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryActionError } from '../../src/delivery/service.js';
import { createDeliveryEnv, type DeliveryEnv } from '../helpers/delivery-env.js';

let e: DeliveryEnv | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

describe('correcting a delivery (real Redis)', () => {
  it('when a media (copy) broadcast is corrected, then it is refused and no correction delivery is made', async () => {
    e = await createDeliveryEnv();
    const d = await e.deliveries.create({
      content: { kind: 'copy', fromChatId: 900_001, messageId: 7 },
      target: { kind: 'pcs', pcs: ['UP-16'] },
      createdBy: 'test',
    });
    // One reader already has the copy: there is something a correction could have claimed to fix.
    await e.deliveries.writeRecord(e.core.kinds.contentKey(d), 100_001, {
      deliveryId: d.id,
      messageIds: [11],
      parts: 1,
    });
    const err = await e.service
      .correct(d.id, 'test', { text: 'परीक्षण संदेश (काल्पनिक): नया कैप्शन' })
      .catch((x: unknown) => x);
    expect(err).toBeInstanceOf(DeliveryActionError);
    expect((err as DeliveryActionError).code).toBe('wrong-state');
    expect((await e.deliveries.recent(10)).map((x) => x.id)).toEqual([d.id]);
    expect((await e.deliveries.get(d.id))?.correction).toBeUndefined();
  });
});
