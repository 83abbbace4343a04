import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEditorStore } from '../../src/store/editors.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

let env: TestRedis;
beforeEach(async () => {
  env = await createTestRedis('editors');
});
afterEach(async () => {
  await env.cleanup();
});

describe('editor store (real Redis)', () => {
  it('when editors are added, listed and removed, then each keeps who added them and when, and removal is at once', async () => {
    let clock = 1_000;
    const editors = createEditorStore({ redis: env.redis, prefix: env.prefix, now: () => clock });
    expect(await editors.list()).toEqual([]);
    expect(await editors.add({ id: 555, name: 'अनीता शर्मा', addedBy: 900001 })).toBe(true);
    clock = 2_000;
    expect(await editors.add({ id: 444, name: '', addedBy: 900002 })).toBe(true);
    // A second add keeps the first "added by, when".
    expect(await editors.add({ id: 555, name: 'Other', addedBy: 900002 })).toBe(false);
    expect(await editors.list()).toEqual([
      { id: 555, name: 'अनीता शर्मा', addedBy: 900001, at: 1_000 },
      { id: 444, name: '', addedBy: 900002, at: 2_000 },
    ]);
    expect(await editors.has(555)).toBe(true);
    expect(await editors.has(556)).toBe(false);
    expect(await editors.remove(555)).toMatchObject({ id: 555, addedBy: 900001 });
    expect(await editors.remove(555)).toBeUndefined();
    expect(await editors.has(555)).toBe(false);
    expect(await editors.get(444)).toMatchObject({ id: 444 });
  });
});
