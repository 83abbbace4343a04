import { type BotApiDouble, createBotApiDouble } from '@chunav/bot-api-double';
import { Api, GrammyError, HttpError } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { classifySendError } from '../../src/delivery/send-policy.js';
import { createTelegramFetch } from '../../src/telegram/http-client.js';

const TOKEN = '123456:HTTP-client-test-token';
let double: BotApiDouble | undefined;
afterEach(async () => {
  await double?.close();
  double = undefined;
});

describe('Bot API HTTP client (undici, over real HTTP to the double)', () => {
  it('when the bot calls Telegram through it, then answers, Telegram errors and lost connections come back as grammY has them', async () => {
    double = createBotApiDouble({ seed: 3 });
    const { apiRoot } = await double.listen(0);
    const api = new Api(TOKEN, { apiRoot, fetch: createTelegramFetch(), timeoutSeconds: 5 });
    expect((await api.getMe()).is_bot).toBe(true);
    const sent = await api.sendMessage(42, 'परीक्षण संदेश <b>मोटा</b>', { parse_mode: 'HTML' });
    expect(sent.chat.id).toBe(42);
    // A Telegram error answer: a GrammyError with Telegram's code and description.
    const bad = await api.sendMessage(42, 'टूटा <b>HTML', { parse_mode: 'HTML' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(GrammyError);
    expect((bad as GrammyError).error_code).toBe(400);
  });

  it('when nothing listens at the address, then the call fails as a network error with a fixed reason', async () => {
    double = createBotApiDouble({ seed: 3 });
    const { apiRoot } = await double.listen(0);
    await double.close();
    double = undefined;
    const api = new Api(TOKEN, { apiRoot, fetch: createTelegramFetch(), timeoutSeconds: 5 });
    const err = await api.sendMessage(42, 'परीक्षण').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(classifySendError(err)).toEqual({ kind: 'transient', reason: 'network: connection refused' });
    // The reason never carries the URL (and so the token).
    expect(JSON.stringify(classifySendError(err))).not.toContain(TOKEN);
  });
});
