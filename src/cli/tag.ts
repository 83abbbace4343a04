/**
 * `npm run -s tag -- "<text>"` (or the text on stdin): the seats a Hindi or English text names.
 *
 * Prints exactly one JSON object, `{"pcs":[...],"states":[...],"acs":[...]}`, for editors' tooling and
 * tests. An empty text prints empty lists; a catalogue that will not load is one line on stderr, exit 1.
 */
import { readFileSync } from 'node:fs';
import { loadCatalog } from '../catalog/catalog.js';
import { createTagger } from '../catalog/tagger.js';

function main(): number {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const text = args.length > 0 ? args.join(' ') : readStdin();
  let tagger: ReturnType<typeof createTagger>;
  try {
    tagger = createTagger(loadCatalog());
  } catch (err) {
    console.error(`tag: ${(err as Error).message}`);
    return 1;
  }
  const { pcs, states, acs } = tagger(text);
  process.stdout.write(`${JSON.stringify({ pcs, states, acs })}\n`);
  return 0;
}

function readStdin(): string {
  if (process.stdin.isTTY) return '';
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

process.exitCode = main();
