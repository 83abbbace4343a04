import { describe, expect, it } from 'vitest';
import { createI18n, type Lang, type Params, RawHtml, raw } from '../../src/i18n/index.js';
import { textProblems } from './hindi-text.js';

const i18n = createI18n('locales');

/** A value that differs by language (a seat's name, a time as printed). */
type ByLang = { hi: string; en: string };
const L = (hi: string, en: string): ByLang => ({ hi, en });
type Value = string | number | RawHtml | ByLang;

const SEAT = L('हाथरस', 'Hathras');
const STATE = L('उत्तर प्रदेश', 'Uttar Pradesh');
const TIME = L('4 मई 2024, शाम 6:35 बजे', '4 May 2024, 6:35 pm');
const TARGET = L('हाथरस सीट के पाठक', 'readers of Hathras');

/**
 * Every key with realistic values for its parameters, as the code passes them. A key added to the
 * locales without a row here fails the first test: write the row, and read the sentence it makes.
 */
const PARAMS: Record<string, Record<string, Value>> = {
  'common.prev': {},
  'common.next': {},
  'common.page': { page: 2, pages: 5 },
  'common.reserved-gen': {},
  'common.reserved-sc': {},
  'common.reserved-st': {},
  'time.months': {},
  'time.clock-morning': { time: '7' },
  'time.clock-afternoon': { time: '12:05' },
  'time.clock-evening': { time: '6:35' },
  'time.clock-night': { time: '10' },
  'time.clock-after-midnight': { time: '12:30' },
  'time.day': { day: 5, month: L('मई', 'May') },
  'time.moment': { day: 4, month: L('मई', 'May'), year: 2024, clock: L('शाम 6:35 बजे', '6:35 pm') },
  'commands.subscribe': {},
  'commands.mysubs': {},
  'commands.latest': {},
  'commands.digest': {},
  'commands.language': {},
  'commands.help': {},
  'commands.stop': {},
  'commands.publish': {},
  'commands.broadcast': {},
  'commands.scheduled': {},
  'commands.correct': {},
  'commands.stats': {},
  'commands.cancel': {},
  'commands.editors': {},
  'commands.election': {},
  'subscribe.choose-kind': { state: STATE },
  'subscribe.kind-pc': { count: 80 },
  'subscribe.kind-ac': { count: 403 },
  'subscribe.choose-ac': { state: STATE },
  'subscribe.back-to-kinds': {},
  'subscribe.added-ac': { ac: L('सिकंदराराऊ', 'Sikandra Rao'), pc: SEAT, state: STATE },
  'subscribe.added-ac-narrow': { ac: L('सिकंदराराऊ', 'Sikandra Rao'), pc: SEAT, state: STATE },
  'subscribe.exists-ac': { ac: L('सिकंदराराऊ', 'Sikandra Rao'), pc: SEAT, state: STATE },
  'subscribe.follow-ac': { ac: L('सिकंदराराऊ', 'Sikandra Rao') },
  'subscribe.follow-pc': { pc: SEAT },
  'search.offer-ac': { ac: L('सिकंदराराऊ', 'Sikandra Rao'), pc: SEAT, state: STATE },
  'search.offer-ac-have-pc': { ac: L('सिकंदराराऊ', 'Sikandra Rao'), pc: SEAT, state: STATE },
  'mysubs.line-ac': { n: 2, ac: L('सिकंदराराऊ', 'Sikandra Rao'), pc: SEAT, state: STATE },
  'mysubs.pref-wide': {},
  'mysubs.pref-pc-acs': {},
  'mysubs.pref-saved': {},
  'unsubscribe.removed-ac': { ac: L('सिकंदराराऊ', 'Sikandra Rao'), state: STATE },
  'latest.title-ac': { ac: L('सिकंदराराऊ', 'Sikandra Rao') },
  'admin.election-none': {},
  'admin.election-list': { states: L('उत्तर प्रदेश, उत्तराखंड', 'Uttar Pradesh, Uttarakhand') },
  'admin.election-usage': {},
  'admin.election-unknown-state': {},
  'admin.election-set-vs': { state: STATE },
  'admin.election-set-ls': { state: STATE },
  'start.welcome': {},
  'start.welcome-short': {},
  'start.bad-link': {},
  'subscribe.added': { pc: SEAT, state: STATE },
  'subscribe.exists': { pc: SEAT, state: STATE },
  'subscribe.cap': { max: 20, pc: SEAT },
  'subscribe.toast': { pc: SEAT },
  'subscribe.choose-state': {},
  'subscribe.choose-pc': { state: STATE },
  'subscribe.back-to-states': {},
  'search.offer': { pc: SEAT, state: STATE, reserved: L('सामान्य सीट', 'general seat') },
  'search.via-segment': { segment: L('सिकंदराराऊ', 'Sikandra Rao'), pc: SEAT },
  'search.ambiguous': { query: L('महाराजगंज', 'Maharajganj') },
  'search.many': { query: L('नगर', 'Nagar') },
  'search.none': { query: L('रामपुरा', 'Rampura') },
  'search.none-suggest': { query: L('हाथरास', 'Hatras') },
  'search.too-long': {},
  'search.small-talk-greeting': {},
  'search.small-talk-thanks': {},
  'search.small-talk-other': {},
  'search.guess': { query: L('स्वार', 'Swar'), pc: L('शिवहर', 'Sheohar'), state: L('बिहार', 'Bihar') },
  'search.place': { place: L('पटना', 'Patna') },
  'mysubs.title': { count: 2, max: 20 },
  'mysubs.line': { n: 1, pc: SEAT, state: STATE },
  'mysubs.remove': { pc: SEAT },
  'mysubs.hint': {},
  'mysubs.empty': {},
  'unsubscribe.removed': { pc: SEAT, state: STATE },
  'unsubscribe.toast': { pc: SEAT },
  'unsubscribe.not-following': { pc: SEAT },
  'unsubscribe.not-found': { query: L('गाजीपुर', 'Ghazipur') },
  'unsubscribe.which': {},
  'language.name': {},
  'language.choose': {},
  'language.set': {},
  'help.text': { max: 20 },
  'help.admin': {},
  'stop.confirm': {},
  'stop.yes': {},
  'stop.no': {},
  'stop.kept': {},
  'stop.done': {},
  'errors.generic': {},
  'errors.unknown-command': {},
  'errors.text-only': {},
  'errors.stale-button': {},
  'errors.slow-down': {},
  'errors.private-only': { username: 'chunav_briefing_bot' },
  'briefing.pc-one': { names: SEAT },
  'briefing.pc-many': { names: L('हाथरस, गाजीपुर', 'Hathras, Ghazipur') },
  'briefing.ac-one': { names: L('सिकंदराराऊ', 'Sikandra Rao') },
  'briefing.ac-many': { names: L('सिकंदराराऊ, सादाबाद', 'Sikandra Rao, Sadabad') },
  'briefing.seats-both': { pcs: SEAT, acs: L('सिकंदराराऊ', 'Sikandra Rao') },
  'briefing.scope-state': { state: STATE },
  'briefing.scope-national': {},
  'briefing.published': { time: TIME },
  'briefing.source': {
    link: L(
      '<a href="https://example.com/report">मूल खबर</a>',
      '<a href="https://example.com/report">original report</a>',
    ),
  },
  'briefing.source-link': {},
  'briefing.also-read': {},
  'briefing.not-found': {},
  'latest.title': {},
  'latest.title-pc': { pc: SEAT },
  'latest.empty': {},
  'latest.no-seats': {},
  'admin.publish-usage': {},
  'admin.publish-choose': {},
  'admin.publish-not-found': { query: L('हाथरस में मतदान', 'Hathras polling') },
  'admin.preview-heading': {},
  'admin.confirm': { target: TARGET, count: '1,234' },
  'admin.confirm-briefing': { target: TARGET, count: '1,234', already: 56 },
  'admin.button-send-now': {},
  'admin.button-schedule': {},
  'admin.button-discard': {},
  'admin.button-pause': {},
  'admin.button-resume': {},
  'admin.button-cancel': {},
  'admin.button-schedule-confirm': {},
  'admin.draft-gone': {},
  'admin.discarded': {},
  'admin.started': { target: TARGET, id: 'd1a2b3c4d5' },
  'admin.schedule-ask': { date: L('23 नवंबर', '23 November'), dm: '23/11' },
  'admin.schedule-format': { input: L('जल्दी', 'soon'), date: L('23 नवंबर', '23 November'), dm: '23/11' },
  'admin.schedule-date': { input: '31/11 18:30' },
  'admin.schedule-hour': { input: L('सुबह 18:30', 'tomorrow 13 pm') },
  'admin.schedule-past': { at: TIME },
  'admin.schedule-too-far': { at: TIME, max: 30 },
  'admin.schedule-confirm': {
    when: L('कल, 21 नवंबर 2026, सुबह 7 बजे', 'tomorrow, 21 November 2026, 7 am'),
    target: TARGET,
  },
  'admin.schedule-day-0': {},
  'admin.schedule-day-1': {},
  'admin.schedule-day-2': {},
  'admin.schedule-day-when': { day: L('कल', 'tomorrow'), at: TIME },
  'admin.scheduled-ok': { target: TARGET, at: TIME, id: 'd1a2b3c4d5' },
  'admin.scheduled-none': {},
  'admin.scheduled-line': { id: 'd1a2b3c4d5', what: L('संदेश', 'a message'), at: TIME },
  'admin.content-message': {},
  'admin.broadcast-choose': {},
  'admin.target-button-pc': {},
  'admin.target-button-state': {},
  'admin.target-all': {},
  'admin.target-pc': { pc: SEAT },
  'admin.target-pcs': { pcs: L('हाथरस, गाजीपुर', 'Hathras, Ghazipur') },
  'admin.target-ac': { ac: L('सिकंदराराऊ', 'Sikandra Rao') },
  'admin.target-acs': { acs: L('सिकंदराराऊ, सादाबाद', 'Sikandra Rao, Sadabad') },
  'admin.target-seats': { pcs: SEAT, acs: L('सिकंदराराऊ', 'Sikandra Rao') },
  'admin.target-state': { state: STATE },
  'admin.target-records': {},
  'admin.broadcast-ask-pc': {},
  'admin.broadcast-pc-none': {},
  'admin.broadcast-pc-which': {},
  'admin.broadcast-choose-state': {},
  'admin.broadcast-ask-message': { target: TARGET },
  'admin.input-cancelled': {},
  'admin.progress-title': { id: 'd1a2b3c4d5' },
  'admin.progress-counts': { sent: '1,200', blocked: 20, failed: 3, skipped: 11 },
  'admin.progress-left': { left: 66, total: '1,300' },
  'admin.progress-left-growing': { left: 66, total: '1,300' },
  'admin.progress-eta': { eta: L('1 मिनट 6 सेकंड', '1 min 6 s') },
  'admin.progress-took': { s: 42 },
  'admin.eta-seconds': { s: 40 },
  'admin.eta-minutes': { m: 1, s: 6 },
  'admin.eta-hours': { h: 2, m: 5 },
  'admin.status-scheduled': {},
  'admin.status-running': {},
  'admin.status-paused': {},
  'admin.status-cancelled': {},
  'admin.status-done': {},
  'admin.done-pause': {},
  'admin.done-resume': {},
  'admin.done-cancel': {},
  'admin.error-not-found': {},
  'admin.error-wrong-state': {},
  'admin.error-nothing-sent': {},
  'admin.error-already-running': {},
  'admin.correct-usage': {},
  'admin.correct-ask-text': {},
  'admin.correct-text-only': {},
  'admin.error-briefing-not-found': {},
  'admin.error-correct-correction': { id: 'd1a2b3c4d5', of: 'd0a1b2c3d4' },
  'admin.error-correct-never': { id: 'd1a2b3c4d5' },
  'admin.correct-started': { id: 'd1a2b3c4d5' },
  'admin.correct-synced': { files: 12, created: 1, updated: 2, unchanged: 9, problems: 0 },
  'admin.stats-title': {},
  'admin.stats-readers': { total: '1,234', active: '1,200', inactive: 34 },
  'admin.stats-top': {},
  'admin.stats-top-acs': {},
  'admin.stats-deliveries': {},
  'admin.stats-delivery': {
    id: 'd1a2b3c4d5',
    at: TIME,
    status: L('स्थिति: पूरी हो गई है', 'Status: finished'),
    sent: '1,200',
    blocked: 20,
    failed: 3,
    total: '1,223',
  },
  'admin.stats-none': {},
  'digest.target': { when: L('सुबह 7 बजे', '7 am') },
  'digest.title-morning': { day: L('5 मई', '5 May') },
  'digest.title-afternoon': { day: L('5 मई', '5 May') },
  'digest.title-evening': { day: L('5 मई', '5 May') },
  'digest.title-night': { day: L('5 मई', '5 May') },
  'digest.group-pc': { pc: SEAT },
  'digest.group-ac': { ac: L('सिकंदराराऊ', 'Sikandra Rao') },
  'digest.group-state': { state: STATE },
  'digest.group-national': {},
  'digest.more': {},
  'digest.screen-title': {},
  'digest.screen-about': {},
  'digest.current-slot': { when: L('सुबह 7 बजे', '7 am') },
  'digest.current-off': {},
  'digest.current-gone': { when: L('सुबह 6 बजे', '6 am') },
  'digest.quiet-on': { from: L('रात 10 बजे', '10 pm'), to: L('सुबह 7 बजे', '7 am') },
  'digest.quiet-off': {},
  'digest.button-chosen': { label: L('सुबह 7 बजे', '7 am') },
  'digest.button-off': {},
  'digest.button-off-chosen': {},
  'digest.button-quiet-on': {},
  'digest.button-quiet-off': {},
  'digest.toast-slot': { when: L('सुबह 7 बजे', '7 am') },
  'digest.toast-off': {},
  'digest.toast-quiet-on': {},
  'digest.toast-quiet-off': {},
  'digest.slot-gone': {},
  'digest.stats-title': {},
  'digest.stats-slot': { when: L('सुबह 7 बजे', '7 am'), readers: '1,234' },
  'digest.stats-last': { at: TIME, sent: '1,100', empty: 120, failed: 2 },
  'digest.stats-never': {},
  'flood.too-fast': {},
  'privacy.not-registered': {},
  'privacy.command': {},
  'privacy.nothing': {},
  'privacy.title': {},
  'privacy.id': { id: '123456789' },
  'privacy.since': { date: L('30 नवंबर 2026', '30 November 2026') },
  'privacy.language': { language: L('हिंदी', 'English') },
  'privacy.status-active': {},
  'privacy.status-inactive': {},
  'privacy.seats': { seats: L('हाथरस, गाजीपुर', 'Hathras, Ghazipur') },
  'privacy.no-seats': {},
  'privacy.seat-ac': { ac: L('सिकंदराराऊ', 'Sikandra Rao') },
  'privacy.digest': { when: L('सुबह 7 बजे', '7 am') },
  'privacy.digest-off': {},
  'privacy.quiet-on': {},
  'privacy.quiet-off': {},
  'privacy.records': { days: 90 },
  'privacy.erase': {},
  'correction.confirm': { id: 'd1a2b3c4d5', count: '1,234' },
  'correction.button-apply': {},
  'editors.title': { count: 2 },
  'editors.none': {},
  'editors.line': { name: L('अनीता शर्मा', 'Anita Sharma'), id: '123456789', by: '900001', at: TIME },
  'editors.rules': {},
  'editors.help': {},
  'editors.button-add': {},
  'editors.remove-label': { name: L('अनीता शर्मा', 'Anita Sharma') },
  'editors.button-confirm-add': {},
  'editors.button-confirm-remove': {},
  'editors.button-no': {},
  'editors.add-ask': {},
  'editors.add-hidden': {},
  'editors.add-not-person': {},
  'editors.add-bad-input': {},
  'editors.add-bot': { name: L('खबर सहायक', 'News Helper'), id: '5000' },
  'editors.add-owner': { name: L('अनीता शर्मा', 'Anita Sharma'), id: '900001' },
  'editors.add-already': { name: L('अनीता शर्मा', 'Anita Sharma'), id: '123456789' },
  'editors.add-confirm': { name: L('अनीता शर्मा', 'Anita Sharma'), id: '123456789' },
  'editors.add-confirm-id': { name: '123456789', id: '123456789' },
  'editors.added': { name: L('अनीता शर्मा', 'Anita Sharma'), id: '123456789' },
  'editors.remove-confirm': { name: L('अनीता शर्मा', 'Anita Sharma'), id: '123456789' },
  'editors.removed': { name: L('अनीता शर्मा', 'Anita Sharma') },
  'editors.stale': {},
  'editors.refuse-everyone': {},
  'sandbox.title': {},
  'sandbox.banner': {},
  'sandbox.banner-detail': {},
  'sandbox.users-title': {},
  'sandbox.role-reader': {},
  'sandbox.role-admin': {},
  'sandbox.user-anita': {},
  'sandbox.user-rahul': {},
  'sandbox.user-farha': {},
  'sandbox.user-editor': {},
  'sandbox.you-are': { name: L('अनीता शर्मा', 'Anita Sharma') },
  'sandbox.hint-reader': {},
  'sandbox.hint-admin': {},
  'sandbox.placeholder': {},
  'sandbox.send': {},
  'sandbox.empty': {},
  'sandbox.edited': {},
  'sandbox.send-failed': { error: L('नेटवर्क नहीं मिला', 'no network') },
  'sandbox.offline': {},
  'sandbox.button-unsupported': {},
  'sandbox.spoiler': {},
  'sandbox.other-language': {},
};

/**
 * Latin (in Hindi) or Devanagari (in English) that belongs where it is: the bilingual language chooser,
 * the other language's own name, and the sandbox page's set-up hint (a variable and a command, for the
 * developer who runs it).
 */
const EXCEPTIONS: Record<string, readonly string[]> = {
  'language.choose': ['Choose your language', 'भाषा चुनिए'],
  'help.text': ['English', 'हिंदी'],
  'sandbox.other-language': ['English', 'हिंदी'],
  'sandbox.banner-detail': ['BOT_TOKEN', 'npm start'],
};

function paramsFor(key: string, lang: Lang): Params {
  const row = PARAMS[key] ?? {};
  return Object.fromEntries(
    // The code passes links as ready HTML (raw), so the table does too.
    Object.entries(row).map(([k, v]) => [
      k,
      v instanceof RawHtml ? v : typeof v === 'object' ? (k === 'link' ? raw(v[lang]) : v[lang]) : v,
    ]),
  ) as Params;
}

const KEYS = i18n.keys('hi').sort();

describe('every locale key, rendered', () => {
  it('when the locales are read, then both languages hold the same keys, and each has a row of realistic parameters here', () => {
    expect(i18n.keys('en').sort()).toEqual(KEYS);
    expect(KEYS.filter((k) => !(k in PARAMS))).toEqual([]);
    expect(Object.keys(PARAMS).filter((k) => !KEYS.includes(k))).toEqual([]);
  });

  it.each(KEYS)('%s reads as Hindi in Hindi and as English in English, every placeholder filled', (key) => {
    for (const lang of ['hi', 'en'] as const) {
      const text = i18n.t(lang, key, paramsFor(key, lang));
      expect(text.trim().length, `${lang}.${key}`).toBeGreaterThan(0);
      expect(textProblems(text, lang, EXCEPTIONS[key]), `${lang}.${key}: ${text}`).toEqual([]);
    }
  });

  it('when a Hindi text has an English word in it, then the check finds it (the check can fail)', () => {
    expect(textProblems('यह संदेश Hathras के पाठकों तक जाएगा', 'hi')).toEqual(['Latin in Hindi: Hathras']);
    expect(textProblems('«हाथरस» नहीं मिला', 'hi')).toEqual(['«» quotes (Hindi and English use “ ”)']);
    expect(textProblems('4 मई 2024, 18:35 IST', 'hi')).toContain('"IST" after a time');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an unfilled placeholder is the case under test
    expect(textProblems('समय: ${at}', 'hi')).toContain('a placeholder left unfilled');
    expect(textProblems('देखिए /help या <code>/publish x</code>, https://t.me/bot', 'hi')).toEqual([]);
  });

  it('reads as a Hindi desk prints it: labels as label: value lines, one spelling, no double negative', () => {
    const t = (key: string) => i18n.t('hi', key, paramsFor(key, 'hi'));
    expect(t('admin.confirm')).toBe(
      'पाने वाले: <b>हाथरस सीट के पाठक</b>\nपाठक: लगभग <b>1,234</b>\n\nअभी भेजें या समय तय करें?',
    );
    expect(t('admin.confirm-briefing').split('\n')[2]).toBe(
      'जिन पाठकों को पहले से मिल चुकी: <b>56</b> (उन्हें दोबारा नहीं जाएगी)',
    );
    expect(t('admin.stats-top')).toBe('सबसे ज्यादा पाठकों वाली सीटें');
    expect(t('digest.quiet-off')).not.toContain('बिना आवाज: <b>बंद');
    expect(t('admin.button-discard')).not.toBe(t('admin.button-cancel'));
    expect(t('digest.title-morning')).toBe('🗞 सुबह का सार · 5 मई');
    // The bot shows the time in words on screen; it reads nothing aloud.
    expect(t('help.admin')).toContain('समय शब्दों में लिखकर दिखाता है');
    expect(t('help.admin')).not.toContain('सुनाता');
    expect(t('admin.scheduled-line').split('\n')[1]).toBe('सामग्री: संदेश');
    for (const key of KEYS) {
      const text = t(key);
      expect(text, key).not.toMatch(/npm run|content:check/);
      expect(text, key).not.toMatch(/सभी पाठक के लिए|के करीब \d/);
    }
    // Delivery (डिलीवरी) is feminine: every status line agrees with it.
    for (const s of ['scheduled', 'running', 'paused', 'cancelled', 'done'])
      expect(t(`admin.status-${s}`), s).not.toMatch(/भेजा जा रहा|रुका हुआ|पूरा हो/);
  });
});
