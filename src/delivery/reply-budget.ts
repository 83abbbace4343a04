import type { Transformer } from 'grammy';
import type { Pacer } from './pacer.js';

/**
 * Whether Telegram counts a method as a message under its per-second limit: every `send…` but the chat
 * action, copies, forwards and edits of messages. (A media group is one call, and one slot here.)
 */
export function isPacedMethod(method: string): boolean {
  if (method.startsWith('send')) return method !== 'sendChatAction';
  return (
    method.startsWith('copyMessage') ||
    method.startsWith('forwardMessage') ||
    method.startsWith('editMessage')
  );
}

/**
 * An API transformer that gives every message the bot sends (replies to readers, admin screens) its slot
 * on the shared free-limit clock before it goes out, ahead of any broadcast waiting there (see
 * pacer.ts): a broadcast yields one slot per reply, so together they never pass Telegram's limit.
 * Install it innermost (closest to the network), so that a retried call takes a slot again.
 */
export function replyBudget(pacer: Pacer): Transformer {
  return async (prev, method, payload, signal) => {
    if (!isPacedMethod(method)) return prev(method, payload, signal);
    const grantedAt = await pacer.wait();
    const answer = await prev(method, payload, signal);
    // Any answer (ok or not) measures the delay; a request that got none throws past this.
    pacer.sent(grantedAt);
    return answer;
  };
}
