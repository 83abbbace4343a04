import { type BotApiDouble, type BotApiDoubleOptions, createBotApiDouble } from '@chunav/bot-api-double';
import { Bot } from 'grammy';
import { afterEach } from 'vitest';

export const TOKEN = '123:abc';

export interface Harness {
  double: BotApiDouble;
  apiRoot: string;
  bot: Bot;
}

const open: BotApiDouble[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

/** A double on an ephemeral port plus a grammY Bot pointed at it; closed after the test. */
export async function startDouble(options: BotApiDoubleOptions = {}): Promise<Harness> {
  const double = createBotApiDouble(options);
  open.push(double);
  const { apiRoot } = await double.listen(0);
  const bot = new Bot(TOKEN, { client: { apiRoot } });
  return { double, apiRoot, bot };
}

/** A raw Bot API call over HTTP, for what grammY would not send (wrong token, odd encodings). */
export async function rawCall(
  apiRoot: string,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${apiRoot}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection, but the call succeeded');
}
