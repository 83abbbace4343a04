import { describe, expect, it } from 'vitest';
import { type ContentKind, createContentKinds, type Reader } from '../../src/delivery/content-kind.js';
import type { Delivery } from '../../src/store/deliveries.js';

type Note = { kind: 'note'; text: string };

const reader = { chatId: 1, lang: 'hi', chat: {} } as unknown as Reader;

function delivery(correction?: string): Delivery<Note> {
  return {
    id: 'd1',
    content: { kind: 'note', text: 'पहला पाठ (परीक्षण)' },
    target: { kind: 'all' },
    createdBy: 'test',
    createdAt: 1,
    status: 'running',
    total: 0,
    sent: 0,
    blocked: 0,
    failed: 0,
    skipped: 0,
    fanoutDone: false,
    ...(correction ? { correction: { text: correction } } : {}),
  };
}

describe('content-kind registry rendering cache', () => {
  it('when a running delivery is corrected, then its remaining sends render the corrected text, not the cached one', async () => {
    let renders = 0;
    const note: ContentKind<Note> = {
      kind: 'note',
      acts: 'new',
      corrects: 'with-text',
      quietHours: false,
      perReader: false,
      async render(d) {
        renders++;
        const text = d.correction?.text ?? d.content.text;
        return { messages: [{ method: 'text', text, linkPreview: { is_disabled: true } }] };
      },
    };
    const kinds = createContentKinds();
    kinds.register(note);
    const first = await kinds.render(delivery(), reader);
    await kinds.render(delivery(), reader);
    expect(renders).toBe(1); // cached per delivery and language
    const corrected = await kinds.render(delivery('सुधरा पाठ (परीक्षण)'), reader);
    const again = await kinds.render(delivery('दूसरा सुधार (परीक्षण)'), reader);
    expect(first.messages[0]).toMatchObject({ text: 'पहला पाठ (परीक्षण)' });
    expect(corrected.messages[0]).toMatchObject({ text: 'सुधरा पाठ (परीक्षण)' });
    expect(again.messages[0]).toMatchObject({ text: 'दूसरा सुधार (परीक्षण)' });
    expect(renders).toBe(3);
  });
});
