/**
 * Test content that tests own: a small catalogue slice and made-up briefings, written to a temporary
 * content directory in the shipped layout (`<dir>/catalogue/<STATE>.yaml`, `<dir>/briefings/<id>.md`)
 * so that the program under test reads it through its real loaders (`CONTENT_DIR=<dir>`).
 *
 * Why: tests that read `content/` break when an editor adds a briefing or fixes a Hindi spelling.
 * Only the content check (tests/briefings/content-check.test.ts) and one catalogue test read the
 * shipped files; everything else takes its seats and briefings from here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/catalog.js';
import type { Catalog, Reservation, SegmentReservation } from '../../src/catalog/types.js';

// --- Catalogue slice ---

export interface SegmentSpec {
  no: number;
  nameEn: string;
  nameHi?: string;
  reserved?: SegmentReservation;
}

export interface PcSpec {
  no: number;
  nameEn: string;
  nameHi: string;
  reserved?: Reservation;
  aliases?: string[];
  segments?: SegmentSpec[];
}

/**
 * A state of the slice. The loader wants a state's PCs numbered 1..N without gaps, so every number up
 * to `pcCount` that `pcs` does not name becomes a filler seat ("Test seat UP-3", "परीक्षण सीट UP-3").
 */
export interface StateSpec {
  code: string;
  nameEn: string;
  nameHi: string;
  pcCount: number;
  pcs: PcSpec[];
}

/** The seats tests name, with the names tests expect: their own copy, not read from content/. */
export const SEATS = {
  aligarh: { no: 15, nameEn: 'Aligarh', nameHi: 'अलीगढ़', segments: [{ no: 76, nameEn: 'Aligarh' }] },
  hathras: {
    no: 16,
    nameEn: 'Hathras',
    nameHi: 'हाथरस',
    reserved: 'SC',
    segments: [
      { no: 78, nameEn: 'Hathras', nameHi: 'हाथरस', reserved: 'SC' },
      { no: 79, nameEn: 'Sadabad', nameHi: 'सादाबाद' },
      { no: 80, nameEn: 'Sikandra Rao', nameHi: 'सिकंदराराऊ' },
    ],
  },
  mathura: { no: 17, nameEn: 'Mathura', nameHi: 'मथुरा' },
  ghazipur: { no: 75, nameEn: 'Ghazipur', nameHi: 'गाजीपुर', segments: [{ no: 376, nameEn: 'Jangipur' }] },
  varanasi: { no: 77, nameEn: 'Varanasi', nameHi: 'वाराणसी', aliases: ['Banaras', 'Kashi', 'बनारस'] },
  valmikiNagar: { no: 1, nameEn: 'Valmiki Nagar', nameHi: 'वाल्मीकि नगर' },
  paschimChamparan: { no: 2, nameEn: 'Paschim Champaran', nameHi: 'पश्चिम चम्पारण' },
  aurangabadBihar: { no: 37, nameEn: 'Aurangabad', nameHi: 'औरंगाबाद' },
  nandurbar: { no: 1, nameEn: 'Nandurbar', nameHi: 'नन्दुरबार', reserved: 'ST' },
  aurangabadMaharashtra: {
    no: 19,
    nameEn: 'Aurangabad',
    nameHi: 'औरंगाबाद',
    aliases: ['Sambhajinagar'],
  },
} satisfies Record<string, PcSpec>;

/** The states of the slice, with the names tests expect. */
export const STATES = {
  up: {
    code: 'UP',
    nameEn: 'Uttar Pradesh',
    nameHi: 'उत्तर प्रदेश',
    pcCount: 80,
    pcs: [SEATS.aligarh, SEATS.hathras, SEATS.mathura, SEATS.ghazipur, SEATS.varanasi],
  },
  br: {
    code: 'BR',
    nameEn: 'Bihar',
    nameHi: 'बिहार',
    pcCount: 40,
    pcs: [SEATS.valmikiNagar, SEATS.paschimChamparan, SEATS.aurangabadBihar],
  },
  mh: {
    code: 'MH',
    nameEn: 'Maharashtra',
    nameHi: 'महाराष्ट्र',
    pcCount: 48,
    pcs: [SEATS.nandurbar, SEATS.aurangabadMaharashtra],
  },
  dl: { code: 'DL', nameEn: 'Delhi', nameHi: 'दिल्ली', pcCount: 7, pcs: [] },
  ga: { code: 'GA', nameEn: 'Goa', nameHi: 'गोवा', pcCount: 2, pcs: [] },
  ch: { code: 'CH', nameEn: 'Chandigarh', nameHi: 'चंडीगढ़', pcCount: 1, pcs: [] },
} satisfies Record<string, StateSpec>;

/**
 * The slice most tests use: Uttar Pradesh, Bihar and Maharashtra with their real PC counts (a state
 * broadcast reaches 80 seat sets, Aurangabad is in two states), plus three small states so the state
 * keyboard has more than one row.
 */
export const TEST_STATES: readonly StateSpec[] = Object.values(STATES);

/** One `<STATE>.yaml` in the catalogue's own layout (content/catalogue/README.md). */
export function catalogueYaml(state: StateSpec): string {
  const named = new Map(state.pcs.map((pc) => [pc.no, pc]));
  const lines = [
    '# Test catalogue slice written by tests/helpers/fixtures.ts; seats not named there are fillers.',
    `code: ${state.code}`,
    `name_en: ${state.nameEn}`,
    `name_hi: ${state.nameHi}`,
    'pcs:',
  ];
  for (let no = 1; no <= state.pcCount; no++) {
    const pc: PcSpec = named.get(no) ?? {
      no,
      nameEn: `Test seat ${state.code}-${no}`,
      nameHi: `परीक्षण सीट ${state.code}-${no}`,
    };
    lines.push(
      `  - no: ${no}`,
      `    code: ${state.code}-${no}`,
      `    name_en: ${pc.nameEn}`,
      `    name_hi: ${pc.nameHi}`,
      '    hi_from: checked',
      `    reserved: ${pc.reserved ?? 'GEN'}`,
      `    aliases: [${(pc.aliases ?? []).join(', ')}]`,
    );
    const segments = pc.segments ?? [];
    if (segments.length === 0) lines.push('    segments: []');
    else {
      lines.push('    segments:');
      for (const s of segments) {
        // The catalogue gives every segment a Hindi name and says where it came from.
        const hi = `name_hi: ${s.nameHi ?? `परीक्षण खंड ${s.no}`}, hi_from: checked`;
        lines.push(`      - {no: ${s.no}, name_en: ${s.nameEn}, ${hi}, reserved: ${s.reserved ?? 'GEN'}}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

// --- Briefings ---

/** A fictional body, marked as such, as every made-up briefing must be. */
export const FICTIONAL_BODY = 'यह खबर परीक्षण हेतु काल्पनिक है। (परीक्षण हेतु काल्पनिक)';

/**
 * A briefing file: the default front matter with `over` applied (a value of `null` removes the field;
 * values are YAML text as written after `key: `), then the body. Lines: `---` is line 1, the seven
 * default fields lines 2-7, `---` line 8, a blank line 9, so the body starts on line 10.
 */
export function briefingFile(
  id: string,
  over: Record<string, string | null> = {},
  body = FICTIONAL_BODY,
): string {
  const fields: Record<string, string | null> = {
    id,
    title: '"परीक्षण ब्रीफिंग (परीक्षण हेतु काल्पनिक)"',
    summary: '"यह सार परीक्षण हेतु काल्पनिक है।"',
    pcs: '[UP-16]',
    published_at: '2024-05-04T10:00:00+05:30',
    tags: '[परीक्षण]',
    ...over,
  };
  const lines = Object.entries(fields)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join('\n')}\n---\n\n${body}\n`;
}

/** A made-up briefing by its fields; unset ones get fictional defaults. */
export interface BriefingSpec {
  id: string;
  title?: string;
  summary?: string;
  pcs?: string[];
  /** AC codes (`UP-A80`): with `pcs`, or alone (then the file has no `pcs`). */
  acs?: string[];
  /** A state code or `national`, instead of `pcs`. */
  scope?: string;
  /** The file's `published_at`; `null` writes a file without it (no known publication time). */
  publishedAt?: string | null;
  tags?: string[];
  /** Ids of other briefings, shown first under "ये भी पढ़ें". */
  alsoRead?: string[];
  body?: string;
  sourceUrl?: string;
}

/** The file text of a made-up briefing. */
export function briefingText(spec: BriefingSpec): string {
  const over: Record<string, string | null> = {
    title: JSON.stringify(spec.title ?? `${spec.id} (परीक्षण हेतु काल्पनिक)`),
    published_at: spec.publishedAt === null ? null : (spec.publishedAt ?? '2024-05-04T10:00:00+05:30'),
    tags: JSON.stringify(spec.tags ?? []),
  };
  if (spec.summary) over.summary = JSON.stringify(spec.summary);
  if (spec.scope) {
    over.pcs = null;
    over.scope = spec.scope;
  } else if (spec.acs) {
    over.pcs = spec.pcs ? JSON.stringify(spec.pcs) : null;
    over.acs = JSON.stringify(spec.acs);
  } else over.pcs = JSON.stringify(spec.pcs ?? ['UP-16']);
  if (spec.sourceUrl) over.source_url = spec.sourceUrl;
  if (spec.alsoRead) over.also_read = JSON.stringify(spec.alsoRead.map((briefing) => ({ briefing })));
  return briefingFile(spec.id, over, spec.body ?? FICTIONAL_BODY);
}

/**
 * The two briefings most tests use: one for हाथरस whose "ये भी पढ़ें" names the one for गाजीपुर. Both
 * say in their title, summary and body that they are test briefings.
 */
export const TEST_BRIEFINGS = {
  hathras: {
    id: 'test-hathras-sabha',
    title: 'हाथरस: सिकंदराराऊ की काल्पनिक सभा, एक परीक्षण ब्रीफिंग',
    summary: 'परीक्षण ब्रीफिंग का सार: सिकंदराराऊ में एक जनसभा हुई, जो असल में कभी नहीं हुई।',
    pcs: ['UP-16'],
    publishedAt: '2024-05-04T10:00:00+05:30',
    alsoRead: ['test-ghazipur-virasat'],
    tags: ['परीक्षण', 'हाथरस', 'सिकंदराराऊ'],
    body: [
      'यह परीक्षण ब्रीफिंग है: इसमें लिखी हर बात काल्पनिक है और केवल बॉट की जांच के लिए लिखी गई है। हाथरस लोकसभा क्षेत्र की सिकंदराराऊ विधानसभा सीट पर एक **काल्पनिक जनसभा** का हाल नीचे है।',
      '**सभा में क्या हुआ**',
      'काल्पनिक नेता ने मंच से कहा कि सड़क, पानी और बिजली इस चुनाव के मुद्दे हैं। यह वाक्य भी परीक्षण हेतु काल्पनिक है, और इसमें *तिरछा* पाठ भी है ताकि हर तरह का पाठ जांचा जा सके।',
      'सभा में आए काल्पनिक लोगों ने अपनी बात रखी। किसी ने खेती की बात की, किसी ने नौकरी की। ये सब बातें परीक्षण के लिए गढ़ी गई हैं और किसी असली व्यक्ति या दल से इनका कोई लेना-देना नहीं है।',
      '**काल्पनिक मतदाताओं की राय**',
      'एक काल्पनिक किसान ने कहा कि उन्हें सिंचाई के लिए समय पर पानी चाहिए। एक काल्पनिक छात्रा ने कहा कि कॉलेज तक जाने वाली बस रोज चलनी चाहिए। एक काल्पनिक दुकानदार ने बाजार की सड़क की मरम्मत की मांग रखी। ये तीनों लोग परीक्षण के लिए गढ़े गए हैं।',
      'इस अनुच्छेद का काम बस इतना है कि ब्रीफिंग इतनी लंबी हो जाए कि छोटी सीमा पर वह कई हिस्सों में बंटे और हर हिस्सा सीमा के भीतर रहे। यहां लिखी कोई बात असली नहीं है। (परीक्षण हेतु काल्पनिक)',
      '**आगे क्या**',
      '- पहली बात: यह सूची परीक्षण हेतु काल्पनिक है।\n- दूसरी बात: इसका कोई असली स्रोत नहीं है।',
      '> एक उद्धरण, जो किसी ने नहीं कहा। (परीक्षण हेतु काल्पनिक)',
      'इस परीक्षण ब्रीफिंग का अंत यहीं होता है। (परीक्षण हेतु काल्पनिक)',
    ].join('\n\n'),
  },
  ghazipur: {
    id: 'test-ghazipur-virasat',
    title: 'गाजीपुर: काल्पनिक विरासत की परीक्षण ब्रीफिंग',
    summary: 'परीक्षण ब्रीफिंग का सार: गाजीपुर की एक काल्पनिक राजनीतिक विरासत।',
    pcs: ['UP-75'],
    publishedAt: '2024-05-04T09:00:00+05:30',
    tags: ['परीक्षण', 'गाजीपुर'],
    body: 'यह परीक्षण ब्रीफिंग है: गाजीपुर की यह विरासत काल्पनिक है और केवल बॉट की जांच के लिए है। (परीक्षण हेतु काल्पनिक)',
  },
} satisfies Record<string, BriefingSpec>;

/**
 * A made-up briefing whose file gives no `published_at`, like a seed whose source carries no date:
 * readers must see no time for it, and its import time only orders it.
 */
export const UNDATED_BRIEFING = {
  id: 'test-hathras-bina-samay',
  title: 'हाथरस: बिना तारीख की परीक्षण ब्रीफिंग',
  summary: 'परीक्षण ब्रीफिंग का सार: इसके स्रोत में तारीख नहीं है, यह काल्पनिक है।',
  pcs: ['UP-16'],
  publishedAt: null,
  tags: ['परीक्षण', 'हाथरस'],
  body: 'यह परीक्षण ब्रीफिंग है: इसके स्रोत में कोई तारीख नहीं है, और इसकी हर बात काल्पनिक है। (परीक्षण हेतु काल्पनिक)',
} satisfies BriefingSpec;

// --- Content directories ---

/** A content directory written for a test. */
export interface TestContent {
  /** Pass as CONTENT_DIR. */
  dir: string;
  catalogueDir: string;
  briefingsDir: string;
  /** Ids of the briefings written. */
  briefingIds: string[];
  /** The slice, loaded by the program's own loader. */
  catalog(): Catalog;
  /** Deletes the directory (also done when the test process exits). */
  remove(): void;
}

export interface ContentSpec {
  /** Default: {@link TEST_STATES}. */
  states?: readonly StateSpec[];
  /** Default: none. A string is written as the file text of the briefing with that id. */
  briefings?: ReadonlyArray<BriefingSpec | { id: string; text: string }>;
}

/**
 * The folder vitest's global set-up (tests/global-setup.ts) makes for one test run and removes after
 * it; content directories go inside it. Outside vitest they go to the system's temp folder and are
 * removed when the process exits.
 */
export const CONTENT_ROOT_ENV = 'CHUNAV_TEST_CONTENT_ROOT';

const made = new Set<string>();
process.once('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Writes a content directory with the given slice and briefings, under the run's temporary folder. */
export function writeContent(spec: ContentSpec = {}): TestContent {
  const root = process.env[CONTENT_ROOT_ENV];
  const dir = mkdtempSync(join(root ?? tmpdir(), 'chunav-test-content-'));
  if (!root) made.add(dir);
  const catalogueDir = join(dir, 'catalogue');
  const briefingsDir = join(dir, 'briefings');
  mkdirSync(catalogueDir);
  mkdirSync(briefingsDir);
  for (const state of spec.states ?? TEST_STATES)
    writeFileSync(join(catalogueDir, `${state.code}.yaml`), catalogueYaml(state));
  const briefingIds: string[] = [];
  for (const b of spec.briefings ?? []) {
    writeFileSync(join(briefingsDir, `${b.id}.md`), 'text' in b ? b.text : briefingText(b));
    briefingIds.push(b.id);
  }
  return {
    dir,
    catalogueDir,
    briefingsDir,
    briefingIds,
    catalog: () => catalogIn(dir),
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      made.delete(dir);
    },
  };
}

let standard: TestContent | undefined;
/**
 * The content most tests share: {@link TEST_STATES} and {@link TEST_BRIEFINGS}, written once per test
 * process. Do not write into it; a test that needs more writes its own with {@link writeContent}.
 */
export function standardContent(): TestContent {
  standard ??= writeContent({ briefings: Object.values(TEST_BRIEFINGS) });
  return standard;
}

/** The standard slice's catalogue, loaded once per test process. */
export function testCatalog(): Catalog {
  return standardContent().catalog();
}

const catalogs = new Map<string, Catalog>();
/** The catalogue of a content directory (`<dir>/catalogue`), loaded once per directory. */
export function catalogIn(contentDir: string): Catalog {
  let catalog = catalogs.get(contentDir);
  if (!catalog) {
    catalog = loadCatalog(join(contentDir, 'catalogue'));
    catalogs.set(contentDir, catalog);
  }
  return catalog;
}
