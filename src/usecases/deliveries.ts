import type { Briefing } from '../briefings/types.js';
import type { ContentKinds } from '../delivery/content-kind.js';
import { briefingContentKey } from '../delivery/kinds/briefing.js';
import type { DeliveryService } from '../delivery/service.js';
import type { AuditLog } from '../store/audit.js';
import type { BriefingStore } from '../store/briefings.js';
import type { Delivery, DeliveryContent, DeliveryStore, Target } from '../store/deliveries.js';

/** Who asks: a Telegram user id, `cli`, or later a web desk session or an API token's name. */
export interface Actor {
  id: string;
}

/** What the delivery use cases need; the core has all of it. */
export interface DeliveryUseCaseDeps {
  briefings: Pick<BriefingStore, 'get'>;
  deliveries: Pick<DeliveryStore, 'get' | 'recordCount'>;
  delivery: DeliveryService;
  audit: Pick<AuditLog, 'record'>;
  kinds: Pick<ContentKinds, 'contentKey'>;
}

/** Why a use case did not happen, for entry points to put in their own words. */
export class UseCaseError extends Error {
  constructor(
    readonly code: 'briefing-not-found',
    message: string,
  ) {
    super(message);
  }
}

/** The delivery target of a briefing's audience. */
export function briefingTarget(b: Briefing): Target {
  switch (b.audience.kind) {
    case 'pcs':
      // `acs` only when the briefing has ACs: a PC briefing's target keeps its old shape.
      return b.audience.acs?.length
        ? { kind: 'pcs', pcs: b.audience.pcs, acs: b.audience.acs }
        : { kind: 'pcs', pcs: b.audience.pcs };
    case 'state':
      return { kind: 'state', state: b.audience.state };
    case 'national':
      return { kind: 'all' };
  }
}

/** What publishing a briefing would do, or did. */
export interface PublishPlan {
  briefing: Briefing;
  target: Target;
  /** Readers the target reaches now. */
  audience: number;
  /** Readers who already have this briefing from an earlier publication (they are skipped). */
  alreadyHave: number;
  /** The delivery, unless it was a dry run. */
  delivery?: Delivery;
}

async function record(
  deps: Pick<DeliveryUseCaseDeps, 'audit'>,
  by: Actor,
  action: string,
  outcome: string,
  target?: string,
): Promise<void> {
  await deps.audit.record({ who: by.id, action, outcome, ...(target ? { target } : {}) });
}

/**
 * Publishes a stored briefing to its audience (or to `target` instead, e.g. one of its seats): now, at
 * `at` (ms), or not at all (`dryRun`: only the figures). Throws {@link UseCaseError} for an unknown briefing and the delivery service's
 * `DeliveryActionError` when the briefing is already being delivered.
 */
export async function publishBriefing(
  deps: DeliveryUseCaseDeps,
  input: { briefingId: string; by: Actor; at?: number; dryRun?: boolean; target?: Target },
): Promise<PublishPlan> {
  const briefing = await deps.briefings.get(input.briefingId);
  if (!briefing) throw new UseCaseError('briefing-not-found', `no briefing ${input.briefingId}`);
  const target = input.target ?? briefingTarget(briefing);
  const [audience, alreadyHave] = await Promise.all([
    deps.delivery.countAudience(target),
    deps.deliveries.recordCount(briefingContentKey(briefing.id)),
  ]);
  const plan: PublishPlan = { briefing, target, audience, alreadyHave };
  if (input.dryRun) return plan;
  try {
    plan.delivery = await deps.delivery.start({
      content: { kind: 'briefing', briefingId: briefing.id },
      target,
      createdBy: input.by.id,
      ...(input.at !== undefined ? { scheduledAt: input.at } : {}),
    });
  } catch (err) {
    await record(deps, input.by, 'publish', (err as Error).message, briefing.id);
    throw err;
  }
  const d = plan.delivery;
  await record(
    deps,
    input.by,
    d.status === 'scheduled' ? 'schedule' : 'publish',
    'started',
    `${d.id} ${briefing.id}`,
  );
  return plan;
}

/** Sends any registered content (an admin's text or media) to a target, now or at `at`. */
export async function broadcast(
  deps: DeliveryUseCaseDeps,
  input: { content: DeliveryContent; target: Target; by: Actor; at?: number; label?: string },
): Promise<Delivery> {
  const d = await deps.delivery.start({
    content: input.content,
    target: input.target,
    createdBy: input.by.id,
    ...(input.at !== undefined ? { scheduledAt: input.at } : {}),
  });
  await record(
    deps,
    input.by,
    d.status === 'scheduled' ? 'schedule' : 'deliver',
    'started',
    `${d.id}${input.label ? ` ${input.label}` : ''}`,
  );
  return d;
}

/**
 * Edits every message already sent for a delivery: a briefing to its stored revision, a message to
 * `text`. Runs as a delivery of its own.
 */
export async function correctDelivery(
  deps: DeliveryUseCaseDeps,
  input: { deliveryId: string; by: Actor; text?: NonNullable<Delivery['correction']>; after?: string[] },
): Promise<Delivery> {
  try {
    const d = await deps.delivery.correct(input.deliveryId, input.by.id, input.text, {
      ...(input.after ? { after: input.after } : {}),
    });
    await record(deps, input.by, 'correct', 'started', `${input.deliveryId} → ${d.id}`);
    return d;
  } catch (err) {
    await record(deps, input.by, 'correct', (err as Error).message, input.deliveryId);
    throw err;
  }
}

/** Pauses, resumes or cancels a delivery (audited either way). */
export async function controlDelivery(
  deps: DeliveryUseCaseDeps,
  input: { deliveryId: string; by: Actor; action: 'pause' | 'resume' | 'cancel' },
): Promise<Delivery> {
  try {
    const d = await deps.delivery[input.action](input.deliveryId);
    await record(deps, input.by, input.action, 'ok', d.id);
    return d;
  } catch (err) {
    await record(deps, input.by, input.action, (err as Error).message, input.deliveryId);
    throw err;
  }
}

/** What withdrawing a briefing did. */
export interface Withdrawal {
  /** Deliveries of the briefing that were still running or scheduled, now cancelled. */
  cancelled: string[];
  /** Readers holding a copy (send records) when it was withdrawn. */
  copies: number;
  /** The delivery deleting those copies, when asked for. */
  deletion?: Delivery;
}

/**
 * Takes a briefing back: it leaves /latest, digests, "ये भी पढ़ें" and deep links at once, deliveries
 * of it still running or scheduled are cancelled, and with `deleteCopies` every copy readers received
 * is deleted where Telegram still allows it (48 hours); the deletion's failed count says how many
 * stay. The desk does it in two calls: this without `deleteCopies`, then {@link deleteWithdrawnCopies}.
 */
export async function withdrawBriefing(
  deps: DeliveryUseCaseDeps & {
    briefings: Pick<BriefingStore, 'withdraw'>;
    deliveries: Pick<DeliveryStore, 'active' | 'scheduled' | 'recent'>;
    kinds: Pick<ContentKinds, 'sharedKey'>;
    now?: () => number;
  },
  input: { briefingId: string; by: Actor; deleteCopies: boolean },
): Promise<Withdrawal> {
  const ck = briefingContentKey(input.briefingId);
  if (!(await deps.briefings.withdraw(input.briefingId, (deps.now ?? Date.now)()))) {
    await record(deps, input.by, 'withdraw', 'not found', input.briefingId);
    throw new UseCaseError('briefing-not-found', `no briefing ${input.briefingId}`);
  }
  const live = [...(await deps.deliveries.active()), ...(await deps.deliveries.scheduled())].filter(
    (d) => deps.kinds.sharedKey(d.content) === ck,
  );
  const cancelled: string[] = [];
  for (const d of live) {
    // Already finished meanwhile: nothing to stop.
    const stopped = await deps.delivery.cancel(d.id).catch(() => undefined);
    if (stopped) cancelled.push(d.id);
  }
  const out: Withdrawal = { cancelled, copies: await deps.deliveries.recordCount(ck) };
  if (input.deleteCopies) {
    const deleting = await deleteWithdrawnCopies(deps, {
      briefingId: input.briefingId,
      by: input.by,
      after: cancelled,
    });
    if (deleting.deletion) out.deletion = deleting.deletion;
  }
  await record(
    deps,
    input.by,
    'withdraw',
    out.deletion ? `withdrawn, deleting ${out.copies} copies` : 'withdrawn',
    `${input.briefingId}${out.deletion ? ` ${out.deletion.id}` : ''}`,
  );
  return out;
}

/** A publication cancelled longer ago than this has no send left in flight. */
const CANCEL_SETTLE_MS = 60_000;

/**
 * Deletes the copies readers received of a briefing already withdrawn, where Telegram still allows it
 * (48 hours): the second step of a withdrawal. Publications of it that were cancelled (or still stop)
 * may have sends in flight whose records land later, so the deletion reads the records only once their
 * sends have stopped (`after`, plus any given). No deletion when no copy was sent and nothing can
 * still land. The deletion's `failed` count, once it is done, is the copies that stay. Not audited:
 * callers record their action.
 */
export async function deleteWithdrawnCopies(
  deps: Pick<DeliveryUseCaseDeps, 'delivery'> & {
    deliveries: Pick<DeliveryStore, 'active' | 'scheduled' | 'recent' | 'recordCount'>;
    kinds: Pick<ContentKinds, 'sharedKey'>;
    now?: () => number;
  },
  input: { briefingId: string; by: Actor; after?: string[] },
): Promise<{ copies: number; deletion?: Delivery }> {
  const ck = briefingContentKey(input.briefingId);
  const now = (deps.now ?? Date.now)();
  const live = [
    ...(await deps.deliveries.active()),
    ...(await deps.deliveries.scheduled()),
    ...(await deps.deliveries.recent(2000)).filter((d) => d.status === 'cancelled'),
  ].filter((d) => deps.kinds.sharedKey(d.content) === ck);
  const unsettled = live.filter(
    (d) => !(d.status === 'cancelled' && now - (d.finishedAt ?? 0) > CANCEL_SETTLE_MS),
  );
  const after = [...new Set([...(input.after ?? []), ...live.map((d) => d.id)])];
  const copies = await deps.deliveries.recordCount(ck);
  if (copies === 0 && unsettled.length === 0 && (input.after ?? []).length === 0) return { copies };
  const deletion = await deps.delivery.start({
    content: { kind: 'deletion', of: ck },
    target: { kind: 'records', contentKey: ck },
    createdBy: input.by.id,
    ...(after.length > 0 ? { after } : {}),
  });
  return { copies, deletion };
}
