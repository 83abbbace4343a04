/**
 * `npm run publish -- <file or id> [--to <seats | state | national>] [--at <time>] [--dry-run] [--wait]`
 *
 * `--to` sends to other readers than the briefing's own audience: seat codes separated by commas (PCs
 * `UP-16` and assembly seats `UP-A80`), a state code (`UP`) or `national`.
 * Validates and stores a briefing (a file under content/briefings, or an id already stored), shows who
 * it reaches, starts the delivery and draws a progress bar until it finishes. The workers of a running
 * `npm start` (or `node dist/main.js worker`) do the sending. Exit code 0 only when the delivery finished
 * (or, with --at, was scheduled); 1 on bad input or a delivery that did not finish.
 * Reads REDIS_URL, KEY_PREFIX, DIGEST_TZ and the other settings from the environment like the program.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { parseBriefing } from '../briefings/parse.js';
import { formatProblem } from '../briefings/types.js';
import type { Catalog } from '../catalog/types.js';
import { parseConfigOrExit } from '../config.js';
import { createCore } from '../core.js';
import { MAX_SCHEDULE_DAYS, parseScheduleTime } from '../delivery/schedule-time.js';
import { DeliveryActionError } from '../delivery/service.js';
import { connectOnce } from '../redis.js';
import type { Delivery, Target } from '../store/deliveries.js';
import { targetLabel } from '../telegram/targets.js';
import { type PublishPlan, publishBriefing, UseCaseError } from '../usecases/deliveries.js';
import { maskUrlCredentials, redactSecrets } from '../util/redact.js';

const USAGE =
  'usage: npm run publish -- <briefing file or id> [--to UP-A80,UP-16 | UP | national] [--at "18:30" | "tomorrow 7am" | "26 Nov 6 pm" | "2026-11-26 18:30"] [--dry-run] [--wait]';

function bar(d: Delivery, width = 30): string {
  const done = d.sent + d.blocked + d.failed + d.skipped;
  const frac = d.total > 0 ? Math.min(1, done / d.total) : 0;
  const filled = Math.round(frac * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${d.total}${d.fanoutDone ? '' : '+'}  sent ${d.sent}  blocked ${d.blocked}  failed ${d.failed}  skipped ${d.skipped}`;
}

/**
 * `--to`: seat codes separated by commas (PCs and ACs, any case), a state code, or `national`; a
 * sentence naming the problem when it is none of these.
 */
function parseTarget(text: string, catalog: Catalog): Target | string {
  const v = text.trim();
  if (v.toLowerCase() === 'national') return { kind: 'all' };
  const state = catalog.state(v);
  if (state && !v.includes('-')) return { kind: 'state', state: state.code };
  const pcs: string[] = [];
  const acs: string[] = [];
  for (const code of v
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)) {
    const ac = catalog.acByCode(code);
    const pc = ac ? undefined : catalog.byCode(code);
    if (ac) acs.push(ac.code);
    else if (pc) pcs.push(pc.code);
    else
      return `"${code}" is no seat: give PC codes (UP-16), assembly seat codes (UP-A80), a state (UP) or national`;
  }
  if (pcs.length + acs.length === 0) return 'no seat given';
  return acs.length > 0
    ? { kind: 'pcs', pcs: [...new Set(pcs)], acs: [...new Set(acs)] }
    : { kind: 'pcs', pcs: [...new Set(pcs)] };
}

function readArgs() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        to: { type: 'string' },
        at: { type: 'string' },
        'dry-run': { type: 'boolean' },
        wait: { type: 'boolean' },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return undefined;
  }
}

async function main(): Promise<number> {
  const args = readArgs();
  if (!args) return 1;
  const ref = args.positionals[0];
  if (!ref || args.positionals.length > 1) {
    console.error(USAGE);
    return 1;
  }
  const config = parseConfigOrExit(process.env);
  let scheduledAt: number | undefined;
  if (args.values.at) {
    const at = parseScheduleTime(args.values.at, Date.now(), config.digestTz);
    if (!at.ok) {
      const why = {
        format: 'not a time (e.g. 18:30, "tomorrow 7am", "26 Nov 6 pm", "कल सुबह 7 बजे", "2026-11-26 18:30")',
        date: 'no such date',
        hour: 'the hour does not fit the part of the day (am/pm, सुबह/शाम)',
        past: 'that time has passed',
        'too-far': `more than ${MAX_SCHEDULE_DAYS} days ahead`,
      }[at.error];
      console.error(`--at ${args.values.at}: ${why}`);
      return 1;
    }
    scheduledAt = at.at;
  }

  let redis: Redis;
  try {
    redis = await connectOnce(config);
  } catch (err) {
    console.error(
      `publish: Redis at ${maskUrlCredentials(config.redisUrl)} does not answer (${redactSecrets((err as Error).message)})`,
    );
    return 1;
  }
  const core = createCore(config, pino({ level: 'silent' }), { redis });
  const { catalog, briefings, deliveries } = core;
  let target: Target | undefined;
  if (args.values.to !== undefined) {
    const to = parseTarget(args.values.to, catalog);
    if (typeof to === 'string') {
      console.error(`--to ${args.values.to}: ${to}`);
      await core.close();
      redis.disconnect();
      return 1;
    }
    target = to;
  }
  try {
    let id = ref;
    if (existsSync(ref)) {
      const parsed = parseBriefing(readFileSync(ref, 'utf8'), {
        file: ref,
        catalog,
        expectedId: basename(ref, '.md'),
      });
      if (!parsed.ok) {
        for (const p of parsed.problems) console.error(formatProblem(p));
        return 1;
      }
      const outcome = await briefings.upsert(parsed.briefing);
      console.log(
        outcome === 'kept'
          ? `kept ${parsed.briefing.id}: an editor revised it since, and their revision is what goes out`
          : `stored ${parsed.briefing.id} (${outcome})`,
      );
      id = parsed.briefing.id;
    }
    let plan: PublishPlan;
    try {
      plan = await publishBriefing(core, {
        briefingId: id,
        by: { id: 'cli' },
        ...(scheduledAt ? { at: scheduledAt } : {}),
        ...(target ? { target } : {}),
        dryRun: args.values['dry-run'] === true,
      });
    } catch (err) {
      if (err instanceof UseCaseError) {
        console.error(`publish: ${ref}: neither a file nor a stored briefing id (run npm run content:sync?)`);
        return 1;
      }
      if (err instanceof DeliveryActionError) {
        console.error(`publish: ${err.message}`);
        return 1;
      }
      throw err;
    }
    console.log(`${plan.briefing.id}: "${plan.briefing.title}"`);
    console.log(
      `audience: ${targetLabel(plan.target, catalog, 'en', core.i18n.forLang('en'))} ${JSON.stringify(plan.target)} → ${plan.audience} reader(s), each counted once`,
    );
    if (plan.alreadyHave > 0) console.log(`${plan.alreadyHave} reader(s) already have it and are skipped`);
    const d = plan.delivery;
    if (!d) {
      console.log('dry run: nothing sent');
      return 0;
    }
    console.log(
      `delivery ${d.id} ${d.status === 'scheduled' ? `scheduled for ${new Date(d.scheduledAt ?? 0).toISOString()}` : 'started'}`,
    );
    if (d.status === 'scheduled' && !args.values.wait) return 0;

    const tty = process.stdout.isTTY;
    let lastDone = -1;
    let lastChange = Date.now();
    let warned = false;
    for (;;) {
      const cur = await deliveries.get(d.id);
      if (!cur) return 1;
      const done = cur.sent + cur.blocked + cur.failed + cur.skipped;
      if (done !== lastDone) {
        lastDone = done;
        lastChange = Date.now();
        if (tty) process.stdout.write(`\r${bar(cur)}`);
        else console.log(bar(cur));
      }
      if (cur.status === 'done' || cur.status === 'cancelled') {
        if (tty) process.stdout.write('\n');
        console.log(
          `delivery ${cur.id} ${cur.status}: sent ${cur.sent}, blocked ${cur.blocked}, failed ${cur.failed}, skipped ${cur.skipped} of ${cur.total}`,
        );
        for (const r of (await deliveries.reasons(cur.id)).slice(0, 5))
          console.log(`  ${r.count} × ${r.reason}`);
        return cur.status === 'done' ? 0 : 1;
      }
      if (!warned && cur.status === 'running' && Date.now() - lastChange > 30_000) {
        warned = true;
        console.error(
          '\nno progress for 30 s: is a worker running (npm start, or node dist/main.js worker)?',
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await core.close();
    redis.disconnect();
  }
}

process.exitCode = await main();
