import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../helpers/bot-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

describe('/mydata', () => {
  it('when a reader asks, then they see in Hindi what is kept: their id, seats, digest time, and how to erase it', async () => {
    await h.message(3101, '/start pc_UP-16');
    h.clear();
    await h.message(3101, '/mydata');
    const text = h.texts(3101).join('\n');
    expect(text).toContain('आपके बारे में हमारे पास यह जानकारी है');
    expect(text).toContain('3101');
    expect(text).toContain('हाथरस');
    expect(text).toContain('रोज का सार');
    expect(text).toContain('30 दिन');
    expect(text).toContain('/stop');
  });

  it('when a reader the bot does not keep asks, then they are told nothing is kept, and still nothing is', async () => {
    await h.message(3102, '/mydata');
    expect(h.texts(3102).join('\n')).toContain('कुछ नहीं');
    expect(await h.deps.subscribers.getChat(3102)).toBeUndefined();
  });
});
