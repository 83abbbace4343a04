import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_ID, createHarness, type Harness } from '../helpers/bot-harness.js';
import { STATES, TEST_STATES, writeContent } from '../helpers/fixtures.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
});

describe('/stats', () => {
  it('when a catalogue name holds HTML characters, then /stats shows them escaped, as text', async () => {
    const states = TEST_STATES.map((s) =>
      s.code === STATES.up.code
        ? { ...s, pcs: s.pcs.map((pc) => (pc.no === 16 ? { ...pc, nameHi: 'हाथरस <i>&</i>' } : pc)) }
        : s,
    );
    const content = writeContent({ states });
    h = await createHarness({ CONTENT_DIR: content.dir });
    await h.message(4001, '/start pc_UP-16');
    h.clear();
    await h.message(ADMIN_ID, '/stats');
    const text = h.texts(ADMIN_ID).join('\n');
    expect(text).toContain('हाथरस &lt;i&gt;&amp;&lt;/i&gt;');
    expect(text).not.toContain('<i>&</i>');
  });
});
