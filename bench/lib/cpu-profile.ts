/**
 * Reads V8 CPU profiles (`node --cpu-prof`) and splits their self time into a few areas a reader can act
 * on (the HTTP client, grammY, the Redis client, BullMQ, socket system calls, garbage collection, our own
 * code…), so that docs/benchmarks.md explains the worker's CPU per message from a profile, not guesses.
 * Module loading at start-up is put apart (it is not per message), and idle time is left out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Socket writes and reads: the system calls behind every Redis command and HTTP request. */
const SYSCALLS = new Set(['writeUtf8String', 'writeBuffer', 'writev', 'writeLatin1String', 'onStreamRead']);

function areaOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (SYSCALLS.has(functionName)) return 'socket system calls (writes, reads)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) {
    if (pkg === 'undici') return 'HTTP client (undici)';
    if (pkg === 'node-fetch' || pkg === 'whatwg-url' || pkg === 'tr46') return 'HTTP client (node-fetch)';
    if (pkg === 'grammy' || pkg === 'abort-controller' || pkg === 'event-target-shim') return 'grammY';
    if (pkg === 'ioredis' || pkg.startsWith('@ioredis') || pkg === 'redis-parser' || pkg === 'denque')
      return 'Redis client (ioredis)';
    if (pkg === 'bullmq' || pkg === 'msgpackr' || pkg === 'cron-parser') return 'BullMQ';
    if (pkg === 'pino' || pkg === 'sonic-boom') return 'logging';
    return `other packages (${pkg})`;
  }
  if (/\/(dist|src)\//.test(url) && !url.includes('node_modules')) return 'our code (send path, store)';
  if (url.startsWith('node:')) {
    if (/_http|node:http|node:https/.test(url)) return 'Node http module';
    return 'Node internals (streams, events, timers)';
  }
  return 'native (other)';
}

/** Whether a node lies under module loading (start-up), judged by its ancestors' frames. */
function isStartup(frame: ProfileNode['callFrame']): boolean {
  return /internal\/modules\/|cjs-module-lexer|node:internal\/main/.test(frame.url);
}

export interface ProfileSummary {
  /** µs of CPU per message by area (start-up and idle left out), largest first. */
  areas: Array<{ area: string; usPerMessage: number; share: number }>;
  /** The functions that took the most self time, µs per message. */
  topFunctions: Array<{ fn: string; usPerMessage: number }>;
  usPerMessage: number;
  startupMs: number;
}

/** Summarizes every `.cpuprofile` in `dir` (one per worker process) over `messages` messages. */
export function summarizeProfiles(dir: string, messages: number): ProfileSummary {
  const byArea = new Map<string, number>();
  const byFn = new Map<string, number>();
  let startup = 0;
  let total = 0;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile;
    const nodes = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const startupMemo = new Map<number, boolean>();
    const underStartup = (id: number): boolean => {
      const known = startupMemo.get(id);
      if (known !== undefined) return known;
      const n = nodes.get(id);
      const up = parent.get(id);
      const r = n ? isStartup(n.callFrame) || (up !== undefined && underStartup(up)) : false;
      startupMemo.set(id, r);
      return r;
    };
    const self = new Map<number, number>();
    p.samples.forEach((id, i) => {
      self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
    });
    for (const [id, us] of self) {
      const frame = nodes.get(id)?.callFrame;
      if (!frame || frame.functionName === '(idle)' || frame.functionName === '(program)') continue;
      if (underStartup(id)) {
        startup += us;
        continue;
      }
      total += us;
      const area = areaOf(frame);
      byArea.set(area, (byArea.get(area) ?? 0) + us);
      const fn = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}`;
      byFn.set(fn, (byFn.get(fn) ?? 0) + us);
    }
  }
  const per = (us: number) => Number((us / messages).toFixed(1));
  return {
    areas: [...byArea]
      .sort((a, b) => b[1] - a[1])
      .map(([area, us]) => ({ area, usPerMessage: per(us), share: Number((us / total).toFixed(3)) })),
    topFunctions: [...byFn]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([fn, us]) => ({ fn, usPerMessage: per(us) })),
    usPerMessage: per(total),
    startupMs: Math.round(startup / 1000),
  };
}
