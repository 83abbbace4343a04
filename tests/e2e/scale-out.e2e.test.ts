import { maxInSlidingWindow } from '@chunav/bot-api-double';
import { afterAll, describe, expect, it } from 'vitest';
import { createDeliveryEnv, type DeliveryEnv, TOKEN } from '../helpers/delivery-env.js';
import { freePort, type Program, startProgram } from '../helpers/program.js';

let e: DeliveryEnv | undefined;
const programs: Program[] = [];
afterAll(async () => {
  await Promise.all(programs.map((p) => p.stop()));
  await e?.close();
});

describe('scale-out (three worker processes on one Redis)', () => {
  it('when three worker processes deliver one broadcast of 3,000 at SEND_RATE=300, then every recipient gets it once and no second exceeds 300', async () => {
    e = await createDeliveryEnv({ token: TOKEN, rateLimit: { global: 300, paid: 300 }, recordText: true });
    const readers = await e.seedReaders('UP-16', 3000, 1_000_000);
    for (let i = 0; i < 3; i++) {
      const p = startProgram('worker', {
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: e.apiRoot,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        KEY_PREFIX: e.env.prefix,
        SEND_RATE: '300',
        PAID_BROADCAST: 'true',
        HTTP_PORT: String(await freePort()),
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      });
      programs.push(p);
    }
    await Promise.all(programs.map((p) => p.waitFor(/delivery workers started/)));
    const d = await e.service.start({
      content: { kind: 'text', text: 'परीक्षण संदेश (काल्पनिक): तीन वर्कर' },
      target: { kind: 'pcs', pcs: ['UP-16'] },
      createdBy: 'test',
    });
    await e.waitForDone(d.id, 60_000);
    const msgs = e.double.messages();
    const per = new Map<number, number>();
    for (const m of msgs) per.set(m.chat_id, (per.get(m.chat_id) ?? 0) + 1);
    expect(per.size).toBe(3000);
    expect(readers.every((c) => per.get(c) === 1)).toBe(true);
    expect(
      maxInSlidingWindow(
        msgs.map((m) => m.time),
        1000,
      ),
    ).toBeLessThanOrEqual(300);
    // All three processes took part.
    const senders = await e.deliveries.get(d.id);
    expect(senders?.sent).toBe(3000);
  }, 90_000);
});
