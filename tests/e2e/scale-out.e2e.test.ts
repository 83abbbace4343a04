import { maxInSlidingWindow } from '@chunav/bot-api-double';
import { afterAll, describe, expect, it } from 'vitest';
import { createDeliveryEnv, type DeliveryEnv, TOKEN } from '../helpers/delivery-env.js';
import { standardContent } from '../helpers/fixtures.js';
import { metricSample } from '../helpers/metrics.js';
import { freePort, type Program, startProgram } from '../helpers/program.js';

let e: DeliveryEnv | undefined;
const programs: Program[] = [];
/** Each worker process's own /metrics address. */
const metricsUrls: string[] = [];
afterAll(async () => {
  await Promise.all(programs.map((p) => p.stop()));
  await e?.close();
});

describe('scale-out (three worker processes on one Redis)', () => {
  it('when three worker processes deliver one broadcast of 3,000 at SEND_RATE=300, then every recipient gets it once, no second exceeds 300 and each process sent its share', async () => {
    e = await createDeliveryEnv({ token: TOKEN, rateLimit: { global: 300, paid: 300 }, recordText: true });
    const readers = await e.seedReaders('UP-16', 3000, 1_000_000);
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      metricsUrls.push(`http://127.0.0.1:${port}/metrics`);
      const p = startProgram('worker', {
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: e.apiRoot,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        KEY_PREFIX: e.env.prefix,
        SEND_RATE: '300',
        PAID_BROADCAST: 'true',
        HTTP_PORT: String(port),
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        CONTENT_DIR: standardContent().dir,
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
    expect((await e.deliveries.get(d.id))?.sent).toBe(3000);
    // All three processes took part: each one's own counter (counters are per process) shows sends of
    // its own, and together they account for every message the double received.
    const sentBy = await Promise.all(
      metricsUrls.map(async (url) => {
        const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
        expect(res.status).toBe(200);
        return metricSample(await res.text(), 'chunav_sends_total', { outcome: 'sent', role: 'worker' });
      }),
    );
    console.log(`scale-out: sends per worker process ${JSON.stringify(sentBy)}`);
    for (const n of sentBy) expect(n).toBeGreaterThan(0);
    expect(sentBy.reduce<number>((a, b) => a + (b ?? 0), 0)).toBe(msgs.length);
  }, 90_000);
});
