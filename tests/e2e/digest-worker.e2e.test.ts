import { afterAll, describe, expect, it } from 'vitest';
import { dateInTz } from '../../src/digest/slots.js';
import { createDeliveryEnv, type DeliveryEnv, HATHRAS_ID, TOKEN } from '../helpers/delivery-env.js';
import { standardContent } from '../helpers/fixtures.js';
import { freePort, type Program, startProgram } from '../helpers/program.js';
import { storeReads } from '../helpers/store-reads.js';

let e: DeliveryEnv | undefined;
let worker: Program | undefined;
afterAll(async () => {
  await worker?.stop();
  await e?.close();
});

describe('digest through the built worker process', () => {
  it('when a 07:00 digest run is started, then the worker process (as main.ts wires it) sends the reader one digest with the Hathras briefing', async () => {
    e = await createDeliveryEnv({ token: TOKEN });
    const reader = 8_500_001;
    await e.subscribers.ensureChat(reader, 'hi');
    await e.subscribers.subscribe(reader, 'UP-16', 20);
    await e.subscribers.setDigest(reader, '07:00');
    await storeReads(e.env).setLastDigest(reader, Date.parse('2024-05-01T00:00:00+05:30'));
    worker = startProgram('worker', {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: e.apiRoot,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      KEY_PREFIX: e.env.prefix,
      // A slot the set-up will not catch up by itself, so only our run sends.
      DIGEST_SLOTS: '07:00',
      DIGEST_CATCHUP: '0',
      HTTP_PORT: String(await freePort()),
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // The same test content the env synced: the digest must hold its Hathras briefing.
      CONTENT_DIR: standardContent().dir,
    });
    await worker.waitFor(/delivery workers started/);
    const d = await e.service.start({
      content: { kind: 'digest', slot: '07:00', date: dateInTz(Date.now(), 'Asia/Kolkata') },
      target: { kind: 'slot', slot: '07:00' },
      createdBy: 'test',
    });
    await e.waitForDone(d.id, 20_000);
    const got = e.double.messages(reader);
    expect(got).toHaveLength(1);
    expect(got[0]?.text).toContain(`start=b_${HATHRAS_ID}`);
    expect((await e.deliveries.get(d.id))?.sent).toBe(1);
  }, 40_000);
});
