/**
 * The ingest wired to the core: the desk port on the real desk use cases and the CMS API's
 * dependencies. The bot role calls these, and a worker's feed polls load this module at their first
 * job (polls.ts); the worker role itself does not import it, nor its desk use cases. The feed polls'
 * start-up is in polls.ts, the feeds' figures for /metrics in health.ts; the rules live in poll.ts,
 * api.ts and draft-fields.ts.
 */
import type { InlineKeyboard } from 'grammy';
import type { Core } from '../core.js';
import { createDraft, deskDeps, getDraft, publishDraft } from '../usecases/desk.js';
import type { ApiDeps } from './api.js';
import type { IngestDesk } from './desk-port.js';
import { notifyDesk } from './notify.js';

/** Sends one message with an inline keyboard (the program's Api: HTML by default). */
export type SendCard = (chatId: number, text: string, markup: InlineKeyboard) => Promise<unknown>;

/** The desk port on the core's desk use cases; new drafts are shown to the desk with `send`. */
export function ingestDesk(core: Core, send: SendCard): IngestDesk {
  const deps = deskDeps(core);
  return {
    createDraft: (actor, fields, origin) => createDraft(deps, actor, fields, origin),
    async publishDraft(actor, draftId, when) {
      const { briefing, plan } = await publishDraft(deps, actor, draftId, when);
      return { briefingId: briefing.id, deliveryId: plan.delivery?.id };
    },
    async getDraft(draftId) {
      const d = await getDraft(deps, draftId);
      return d ? { status: d.status, ...(d.briefingId ? { briefingId: d.briefingId } : {}) } : undefined;
    },
    async notifyEditors(draftId) {
      await notifyDesk(
        {
          getDraft: (id) => getDraft(deps, id),
          send,
          i18n: core.i18n,
          catalog: core.catalog,
          adminIds: core.config.adminIds,
          editors: core.editors,
          subscribers: core.subscribers,
          logger: core.logger,
        },
        draftId,
      );
    },
  };
}

/** What the CMS API routes need. */
export function ingestApiDeps(core: Core, send: SendCard): ApiDeps {
  return {
    tokens: core.apiTokens,
    desk: ingestDesk(core, send),
    tag: core.tag,
    elections: core.elections,
    catalog: core.catalog,
    deliveries: core.deliveries,
  };
}
