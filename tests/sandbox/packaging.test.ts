import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The Bot API double and the sandbox are workspace packages that production installs leave out, so the
 * program may reach them only through the one dynamic import in src/main.ts, and they may not reach back
 * into the program's src/ (the program hands the sandbox what it needs).
 */

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** Module specifiers of static imports and re-exports (`from '...'`) and of dynamic `import('...')`. */
function specifiers(file: string): { static: string[]; dynamic: string[] } {
  const text = readFileSync(file, 'utf8');
  return {
    static: [...text.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1] as string),
    dynamic: [...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] as string),
  };
}

const PACKAGES = ['packages/bot-api-double', 'packages/sandbox'];

describe('the double and the sandbox as workspace packages', () => {
  it('when the program is read, then nothing imports either package statically, and only main.ts loads the sandbox', () => {
    const offenders: string[] = [];
    const loaders = new Set<string>();
    for (const file of tsFiles('src')) {
      const { static: fixed, dynamic } = specifiers(file);
      for (const s of fixed) {
        if (s.startsWith('@chunav/') || s.includes('packages/')) offenders.push(`${file}: from '${s}'`);
      }
      for (const s of dynamic) {
        if (s === '@chunav/sandbox') loaders.add(file);
        else if (s.startsWith('@chunav/') || s.includes('packages/'))
          offenders.push(`${file}: import('${s}')`);
      }
    }
    expect(offenders).toEqual([]);
    expect([...loaders]).toEqual([join('src', 'main.ts')]);
  });

  it('when the packages are read, then no relative import leaves its package (the program passes what they need)', () => {
    const offenders: string[] = [];
    for (const pkg of PACKAGES) {
      const root = resolve(pkg);
      for (const file of tsFiles(join(pkg, 'src'))) {
        const { static: fixed, dynamic } = specifiers(file);
        for (const s of [...fixed, ...dynamic]) {
          if (!s.startsWith('.')) continue;
          if (relative(root, resolve(dirname(file), s)).startsWith('..')) offenders.push(`${file}: '${s}'`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('when the packages are read, then the sandbox imports the double by its package name', () => {
    const uses = tsFiles('packages/sandbox/src').filter((f) =>
      specifiers(f).static.includes('@chunav/bot-api-double'),
    );
    expect(uses.length).toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync('packages/sandbox/package.json', 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies ?? {})).toContain('@chunav/bot-api-double');
  });
});
