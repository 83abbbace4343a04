import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

function run(args: string[], input?: string): string {
  return execFileSync(tsx, ['src/cli/tag.ts', ...args], { cwd: root, input, encoding: 'utf8' });
}

describe('npm run tag', () => {
  it('prints exactly one JSON object with pcs, states and acs, from an argument or from stdin', () => {
    const out = run(['--', 'सिकंदराराऊ में सभा, उत्तर प्रदेश की सभी सीटों पर नजर']);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(out)).toEqual({
      pcs: ['UP-16'],
      states: ['UP'],
      acs: [{ state: 'UP', no: 80, pc: 'UP-16', code: 'UP-A80' }],
    });
    expect(JSON.parse(run([], 'वह घर चला गया'))).toEqual({ pcs: [], states: [], acs: [] });
  }, 30_000);
});
