import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { createTagger, type TagResult } from '../../src/catalog/tagger.js';
import { MIN_PRECISION, MIN_RECALL, readTagEvalSet, runTagEval } from './tagger-eval.js';

const cases = readTagEvalSet();

describe('seat tagging evaluation set', () => {
  it('holds at least 150 sentences, half of them traps, each expecting only real PC codes', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(cases.filter((c) => c.trap).length * 2).toBeGreaterThanOrEqual(cases.length);
    const catalog = loadCatalog();
    const unknown = cases.flatMap((c) =>
      c.pcs.filter((code) => !catalog.byCode(code)).map((code) => `${c.line}: ${code}`),
    );
    expect(unknown).toEqual([]);
  });

  it(`tags with precision ≥ ${MIN_PRECISION} and recall ≥ ${MIN_RECALL} over all PC tags`, () => {
    const report = runTagEval(createTagger(loadCatalog()), cases);
    const wrong = report.outcomes
      .filter((o) => o.extra.length > 0 || o.missed.length > 0)
      .map((o) => `${o.case.line}: +${o.extra.join(',')} -${o.missed.join(',')} ${o.case.text}`);
    expect(report.precision, wrong.join('\n')).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(report.recall, wrong.join('\n')).toBeGreaterThanOrEqual(MIN_RECALL);
  });

  it('counts a wrong tag against precision and a missing one against recall', () => {
    const answers: Record<string, string[]> = { a: ['UP-16', 'BR-38'], b: [] };
    const fake = Object.assign(
      (text: string): TagResult => ({ pcs: answers[text] ?? [], states: [], acs: [], matches: [] }),
      { tag: (): TagResult => ({ pcs: [], states: [], acs: [], matches: [] }) },
    );
    const report = runTagEval(fake, [
      { line: 1, text: 'a', pcs: ['UP-16'], trap: false, note: '' },
      { line: 2, text: 'b', pcs: ['RJ-24'], trap: true, note: '' },
    ]);
    expect([report.truePositives, report.falsePositives, report.falseNegatives]).toEqual([1, 1, 1]);
    expect([report.precision, report.recall]).toEqual([0.5, 0.5]);
  });
});
