import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { isDevanagari } from '../../src/catalog/normalize.js';
import { createSearch } from '../../src/catalog/search.js';
import { judge, MIN_TOP1, readEvalSet, runEval } from './search-eval.js';

const cases = readEvalSet();

describe('search evaluation set', () => {
  it('holds at least 300 Devanagari queries, each with a valid answer', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(cases.filter((c) => !isDevanagari(c.query)).map((c) => c.query)).toEqual([]);
    const catalog = loadCatalog();
    const unknown = cases.flatMap((c) => {
      const codes =
        c.expect.kind === 'seat'
          ? [c.expect.first, ...c.expect.also]
          : c.expect.kind === 'set'
            ? c.expect.codes
            : [];
      return codes.filter((code) => !catalog.byCode(code)).map((code) => `${c.line}: ${code}`);
    });
    expect(unknown).toEqual([]);
  });

  it(`gets the first answer right for at least ${MIN_TOP1} of the queries`, () => {
    const report = runEval(createSearch(loadCatalog()), cases);
    const misses = report.outcomes.filter((o) => !o.ok).map((o) => `${o.case.query} → ${o.got}`);
    expect(report.top1, misses.join('\n')).toBeGreaterThanOrEqual(MIN_TOP1);
  });

  it('judges a wrong first answer, a missing seat and a seat offered for a greeting as misses', () => {
    const catalog = loadCatalog();
    const pc = (code: string) => {
      const found = catalog.byCode(code);
      if (!found) throw new Error(code);
      return found;
    };
    const hit = (code: string) => ({ pc: pc(code), score: 1, matched: 'name' as const });
    const lakhimpur = {
      line: 1,
      query: 'लखीमपुर',
      note: '',
      expect: { kind: 'seat', first: 'UP-28', also: ['AS-12'] },
    } as const;
    expect(judge(lakhimpur, { kind: 'ambiguous', hits: [hit('UP-28'), hit('AS-12')] }).ok).toBe(true);
    expect(judge(lakhimpur, { kind: 'ambiguous', hits: [hit('AS-12'), hit('UP-28')] }).ok).toBe(false);
    expect(judge(lakhimpur, { kind: 'one', hit: hit('UP-28') }).ok).toBe(false);
    const wrong = judge(lakhimpur, { kind: 'one', hit: hit('AS-12') });
    expect([wrong.ok, wrong.confidentWrong]).toEqual([false, true]);

    const patna = {
      line: 2,
      query: 'पटना',
      note: '',
      expect: { kind: 'set', codes: ['BR-30', 'BR-31'] },
    } as const;
    expect(judge(patna, { kind: 'many', hits: [hit('BR-31'), hit('BR-30'), hit('OD-4')] }).ok).toBe(true);
    expect(judge(patna, { kind: 'many', hits: [hit('OD-4'), hit('BR-30'), hit('BR-31')] }).ok).toBe(false);
    expect(judge(patna, { kind: 'none', suggestions: [hit('BR-30'), hit('BR-31')] }).ok).toBe(false);

    const hello = { line: 3, query: 'नमस्ते', note: '', expect: { kind: 'greeting' } } as const;
    expect(judge(hello, { kind: 'none', suggestions: [], smallTalk: 'greeting' }).ok).toBe(true);
    expect(judge(hello, { kind: 'none', suggestions: [] }).ok).toBe(false);
    expect(judge(hello, { kind: 'one', hit: hit('AR-2') }).confidentWrong).toBe(true);
  });
});
