import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_ID, createHarness, type Harness } from '../helpers/bot-harness.js';

const READER = 3101;
const EDITOR = 3102;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('/desk in Telegram', () => {
  it('when an owner or an editor sends /desk, then each gets their own one-time link under DESK_URL, without a preview', async () => {
    h = await createHarness({ DESK_URL: 'https://desk.example.com' });
    await h.deps.editors.add({ id: EDITOR, name: 'संपादक', addedBy: ADMIN_ID });
    const tokens: string[] = [];
    for (const id of [ADMIN_ID, EDITOR]) {
      h.clear();
      await h.message(id, '/desk');
      const sent = h.sent('sendMessage').at(-1);
      const text = String(sent?.payload.text);
      const url = /href="([^"]+)"/.exec(text)?.[1]?.replace(/&amp;/g, '&') as string;
      expect(url.startsWith('https://desk.example.com/desk/login?t=')).toBe(true);
      expect(sent?.payload.link_preview_options).toEqual({ is_disabled: true });
      const token = new URL(url).searchParams.get('t') as string;
      tokens.push(token);
      expect(await h.deps.deskSessions.redeemLink(token)).toMatchObject({ userId: id });
      expect(await h.deps.deskSessions.redeemLink(token)).toBeUndefined();
    }
    expect(new Set(tokens).size).toBe(2);
    const audit = await h.deps.audit.recent(5);
    expect(audit.filter((a) => a.action === 'desk-link').map((a) => a.who)).toEqual([
      String(EDITOR),
      String(ADMIN_ID),
    ]);
  });

  it('when a reader sends /desk, then they get what an unknown command gets and no link exists', async () => {
    h = await createHarness({ DESK_URL: 'https://desk.example.com' });
    await h.message(READER, '/start');
    h.clear();
    await h.message(READER, '/nosuchcommand');
    const unknown = h.texts(READER);
    h.clear();
    await h.message(READER, '/desk');
    expect(h.texts(READER)).toEqual(unknown);
    expect(await h.deps.redis.keys(`${h.env.prefix}:desk:link:*`)).toEqual([]);
  });

  it('when DESK_URL is not set, then /desk says the desk is off', async () => {
    h = await createHarness();
    await h.message(ADMIN_ID, '/desk');
    expect(h.texts(ADMIN_ID).at(-1)).toBe(h.deps.i18n.t('hi', 'desklink.off'));
  });
});
