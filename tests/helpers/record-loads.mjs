// Preloaded with `node --import` (tests/ingest/worker-modules.test.ts): records the URL of every module
// the process loads through the ES module loader, one a line, in the file LOADED_MODULES_FILE names.
// The hook runs on the loader's own thread, so it appends as it goes rather than at exit.
import { register } from 'node:module';

const out = process.env.LOADED_MODULES_FILE;
if (out) {
  const hook = `
    import { appendFileSync } from 'node:fs';
    let out;
    export function initialize(data) { out = data.out; }
    export async function load(url, context, next) {
      appendFileSync(out, url + '\\n');
      return next(url, context);
    }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`, { data: { out } });
}
