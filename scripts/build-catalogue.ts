/**
 * One-off generator of `content/catalogue/<STATE>.yaml` from the reference CSVs in `../shared/reference`.
 *
 * The YAML files it writes are committed and are the source of truth: the program never reads the
 * reference folder. This script stays as the record of where the data came from and which corrections
 * were made on top of it. Re-running it overwrites hand edits, so prefer editing the YAML directly.
 *
 * Usage: `npx tsx scripts/build-catalogue.ts [referenceDir] [outDir]`
 *
 * Since issue 13 the files carry more than this script writes: a Hindi name and its source (`hi_from`)
 * for every segment, hand-checked names and PC spelling fixes. Its output alone no longer loads; after
 * it, `scripts/catalogue-hindi.ts fill` adds the sources and transliterations, and the hand-checked names
 * live only in the committed YAML (git history holds every list applied). Prefer editing the YAML.
 *
 * Sources (see ../shared/reference/README.md): ECI Delimitation Order 2008 as transcribed by
 * datameet/india-election-data; Hindi names from datameet/maps (CC0 1.0); 2022-23 Assam, J&K and Ladakh
 * changes from shijithpk/2024_maps_supplement (Unlicense).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document } from 'yaml';
import { foldText } from '../src/catalog/normalize.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const referenceDir = path.resolve(process.argv[2] ?? path.join(repoRoot, '../shared/reference'));
const outDir = path.resolve(process.argv[3] ?? path.join(repoRoot, 'content/catalogue'));

/**
 * ISO 3166-2:IN subdivision codes, current as of the ISO 3166/MA change of 2023-11-23, which replaced
 * IN-CT (Chhattisgarh) by IN-CG, IN-OR (Odisha) by IN-OD, IN-TG (Telangana) by IN-TS and IN-UT
 * (Uttarakhand) by IN-UK. IN-DH (Dadra and Nagar Haveli and Daman and Diu) dates from 2020-11-24 and
 * IN-LA (Ladakh) from 2019-11-22. Telangana changed its vehicle-registration prefix from TS to TG in
 * 2024, but ISO has not followed; the search accepts the legacy codes (CT, OR, TG, UT) as input.
 * Checked against: the ISO Online Browsing Platform entry as mirrored on Wikipedia "ISO 3166-2:IN"
 * (revision of 2024-02), moqui/mantle-udm PR #101 and countries/countries PR #836 (both citing the
 * 2023-11-23 change).
 */
const STATE_CODES: Record<string, string> = {
  'Andaman and Nicobar Islands': 'AN',
  'Andhra Pradesh': 'AP',
  'Arunachal Pradesh': 'AR',
  Assam: 'AS',
  Bihar: 'BR',
  Chandigarh: 'CH',
  Chhattisgarh: 'CG',
  'Dadra and Nagar Haveli and Daman and Diu': 'DH',
  Delhi: 'DL',
  Goa: 'GA',
  Gujarat: 'GJ',
  Haryana: 'HR',
  'Himachal Pradesh': 'HP',
  'Jammu and Kashmir': 'JK',
  Jharkhand: 'JH',
  Karnataka: 'KA',
  Kerala: 'KL',
  Ladakh: 'LA',
  Lakshadweep: 'LD',
  'Madhya Pradesh': 'MP',
  Maharashtra: 'MH',
  Manipur: 'MN',
  Meghalaya: 'ML',
  Mizoram: 'MZ',
  Nagaland: 'NL',
  Odisha: 'OD',
  Puducherry: 'PY',
  Punjab: 'PB',
  Rajasthan: 'RJ',
  Sikkim: 'SK',
  'Tamil Nadu': 'TN',
  Telangana: 'TS',
  Tripura: 'TR',
  'Uttar Pradesh': 'UP',
  Uttarakhand: 'UK',
  'West Bengal': 'WB',
};

/** Hindi names the reference lacks (README: "no source had them"). */
const HINDI_FILLS: Record<string, string> = {
  'AS-4': 'दरांग-उदालगुड़ी',
  'AS-6': 'दीफू',
  'AS-10': 'काजीरंगा',
  'AS-11': 'सोनितपुर',
  'JK-3': 'अनंतनाग-राजौरी',
  'MH-30': 'मुंबई दक्षिण-मध्य',
};

/** Doubtful reference spellings replaced by the usual one; the reference spelling becomes an alias. */
const HINDI_CORRECTIONS: Record<string, { from: string; to: string }> = {
  'KA-16': { from: 'हसन', to: 'हासन' },
  'WB-12': { from: 'कृषनगर', to: 'कृष्णनगर' },
  'WB-27': { from: 'सेरमपुर', to: 'श्रीरामपुर' },
  'TS-1': { from: 'अदीलाबाद', to: 'आदिलाबाद' },
};

/**
 * Hand-picked extra names people type: renamed cities (Bengaluru, Prayagraj, Gurugram, Sambhajinagar),
 * colonial spellings (Trivandrum, Calicut, Tuticorin), and common Hindi spellings that differ from the
 * reference's. Each is unambiguous (checked against every other PC's name by this script).
 */
const CURATED_ALIASES: Record<string, string[]> = {
  'AP-4': ['Vizag', 'Vishakhapatnam', 'विशाखापट्टनम'],
  'AP-8': ['Rajamahendravaram', 'राजमहेंद्रवरम'],
  'AP-21': ['Cuddapah'],
  'BR-2': ['West Champaran', 'पश्चिमी चंपारण'],
  'BR-3': ['East Champaran', 'पूर्वी चंपारण'],
  'GJ-1': ['Kutch'],
  'GJ-4': ['Mehsana', 'मेहसाणा'],
  'GJ-19': ['दाहोद'],
  'GJ-20': ['Baroda', 'बड़ौदा'],
  'HR-9': ['Gurugram', 'गुरुग्राम'],
  'JH-13': ['Palamau'],
  'KA-2': ['बेलगावी'],
  'KA-4': ['Vijayapura', 'विजयपुरा'],
  'KA-5': ['Kalaburagi', 'कलबुर्गी'],
  'KA-9': ['Ballari', 'बल्लारी'],
  'KA-14': ['Shivamogga', 'शिवमोगा'],
  'KA-15': ['Udupi Chikkamagaluru'],
  'KA-19': ['Tumakuru', 'तुमकुरु'],
  'KA-21': ['Mysuru', 'मैसूरु'],
  'KA-23': ['Bengaluru Rural', 'बेंगलुरु ग्रामीण'],
  'KA-24': ['Bengaluru North', 'बेंगलुरु उत्तर'],
  'KA-25': ['Bengaluru Central', 'बेंगलुरु मध्य'],
  'KA-26': ['Bengaluru South', 'बेंगलुरु दक्षिण'],
  'KL-3': ['Badagara'],
  'KL-5': ['Calicut', 'कोझिकोड'],
  'KL-10': ['Trichur'],
  'KL-15': ['Alleppey'],
  'KL-18': ['Quilon'],
  'KL-20': ['Trivandrum', 'त्रिवेंद्रम'],
  'MH-19': ['Chhatrapati Sambhajinagar', 'Sambhajinagar', 'छत्रपति संभाजीनगर'],
  'MH-37': ['Ahilyanagar', 'अहिल्यानगर'],
  'MH-40': ['Dharashiv', 'धाराशिव'],
  'MP-17': ['Narmadapuram', 'नर्मदापुरम'],
  'OD-4': ['Kendujhar'],
  'OD-6': ['Baleswar', 'बालेश्वर'],
  'PB-10': ['Ferozepur'],
  'PB-11': ['Bhatinda', 'बठिंडा'],
  'PY-1': ['पांडिचेरी'],
  'RJ-1': ['Sri Ganganagar', 'गंगानगर'],
  'TN-6': ['Kanchipuram'],
  'TN-24': ['Trichy', 'Tiruchi', 'त्रिची'],
  'TN-36': ['Tuticorin', 'तूतीकोरिन'],
  'UP-28': ['Lakhimpur Kheri', 'लखीमपुर खीरी'],
  'UP-52': ['Prayagraj', 'प्रयागराज'],
  'UP-77': ['Banaras', 'Benares', 'Kashi', 'बनारस', 'काशी'],
  'WB-7': ['Malda North', 'Malda Uttar'],
  'WB-8': ['Malda South', 'Malda Dakshin'],
  'WB-10': ['Berhampore'],
  'WB-22': ['जादवपुर'],
  'WB-23': ['Kolkata South'],
  'WB-24': ['Kolkata North'],
  'WB-27': ['Serampore'],
  'WB-34': ['Midnapore', 'मिदनापुर'],
  'WB-38': ['Bardhaman East', 'Burdwan East'],
  'WB-39': ['Burdwan-Durgapur'],
};

/**
 * Hindi names of assembly segments, only where certain: Hathras (given by the brief), the segments of
 * Ghazipur and Varanasi, and two towns better known than their PCs (Noida, Ayodhya). Segments named
 * like their own PC (up to spacing) also take the PC's Hindi name.
 */
const SEGMENT_HINDI: Record<string, Record<number, string>> = {
  'UP-16': { 74: 'छर्रा', 77: 'इगलास', 78: 'हाथरस', 79: 'सादाबाद', 80: 'सिकंदराराऊ' },
  'UP-75': { 373: 'जखनियां', 374: 'सैदपुर', 375: 'गाजीपुर', 376: 'जंगीपुर', 379: 'ज़मानियां' },
  'UP-13': { 61: 'नोएडा' },
  'UP-54': { 275: 'अयोध्या' },
  'UP-77': { 387: 'रोहनिया', 388: 'वाराणसी उत्तर', 389: 'वाराणसी दक्षिण', 390: 'वाराणसी कैंट', 391: 'सेवापुरी' },
};

/**
 * Cheap, safe Latin spelling variants: each rule rewrites one spelling habit; a variant is kept only
 * when it is new after folding and clashes with no other PC. `pur`/`pore` only in the old Bengal
 * Presidency states, where `-pore` spellings are still common (Barrackpore, Midnapore). Variants the
 * search folds anyway (ee/i, oo/u, w/v, aspirates, doubled letters) are not written out.
 */
const VARIANT_RULES: { states?: string[]; from: RegExp; to: string }[] = [
  { from: /^Sri(?=[a-z])/, to: 'Shri' },
  { from: /^Sree(?=[a-z])/, to: 'Sri' },
  { states: ['WB', 'OD', 'AS', 'BR'], from: /pur\b/g, to: 'pore' },
  { states: ['WB', 'OD', 'AS', 'BR'], from: /pore\b/g, to: 'pur' },
];

const RESERVATIONS = new Set(['GEN', 'SC', 'ST']);
/** Sikkim's assembly has seats reserved for Bhutia-Lepcha (BL) and the Sangha (monasteries). */
const SEGMENT_RESERVATIONS = new Set(['GEN', 'SC', 'ST', 'BL', 'SANGHA']);

type Row = Record<string, string>;

/** The reference CSVs are simple: CRLF line ends, no quoted fields (checked here). */
function readCsv(file: string): Row[] {
  const text = readFileSync(path.join(referenceDir, file), 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const header = (lines.shift() ?? '').split(',');
  return lines.map((line, i) => {
    if (line.includes('"')) throw new Error(`${file}:${i + 2}: quoted fields are not supported`);
    const cells = line.split(',');
    if (cells.length !== header.length) throw new Error(`${file}:${i + 2}: ${cells.length} cells`);
    return Object.fromEntries(header.map((h, j) => [h, (cells[j] ?? '').trim()]));
  });
}

function need(row: Row, key: string): string {
  const value = row[key];
  if (value === undefined) throw new Error(`missing column ${key}`);
  return value;
}

interface SegmentOut {
  no: number;
  name_en: string;
  name_hi?: string;
  reserved: string;
}
interface PcOut {
  no: number;
  code: string;
  name_en: string;
  name_hi: string;
  reserved: string;
  aliases: string[];
  segments: SegmentOut[];
}
interface StateOut {
  code: string;
  name_en: string;
  name_hi: string;
  pcs: PcOut[];
}

function main(): void {
  const pcsCsv = readCsv('lok_sabha_pcs_2024.csv');
  const aliasCsv = readCsv('lok_sabha_pcs_2024_aliases.csv');
  const segCsv = readCsv('assembly_segments_2008.csv');

  const states = new Map<string, StateOut>();
  const byKey = new Map<string, PcOut>();
  const codeOfState = (name: string): string => {
    const code = STATE_CODES[name];
    if (!code) throw new Error(`no ISO code for state ${name}`);
    return code;
  };

  for (const row of pcsCsv) {
    const stateName = need(row, 'state');
    const code = codeOfState(stateName);
    let state = states.get(code);
    if (!state) {
      state = { code, name_en: stateName, name_hi: need(row, 'state_hi'), pcs: [] };
      states.set(code, state);
    }
    const no = Number(need(row, 'pc_no'));
    const pcCode = `${code}-${no}`;
    const reserved = need(row, 'reserved');
    if (!RESERVATIONS.has(reserved)) throw new Error(`${pcCode}: reservation ${reserved}`);
    let nameHi = need(row, 'name_hi');
    const aliases: string[] = [];
    const fill = HINDI_FILLS[pcCode];
    if (fill) {
      if (nameHi) throw new Error(`${pcCode}: fill given but reference has ${nameHi}`);
      nameHi = fill;
    }
    const correction = HINDI_CORRECTIONS[pcCode];
    if (correction) {
      if (nameHi !== correction.from)
        throw new Error(`${pcCode}: expected ${correction.from}, got ${nameHi}`);
      nameHi = correction.to;
      aliases.push(correction.from);
    }
    if (!nameHi) throw new Error(`${pcCode}: no Hindi name`);
    const pc: PcOut = {
      no,
      code: pcCode,
      name_en: need(row, 'name_en'),
      name_hi: nameHi,
      reserved,
      aliases,
      segments: [],
    };
    state.pcs.push(pc);
    byKey.set(pcCode, pc);
  }

  // Every folded PC name, to refuse an alias that is another PC's name ("Mumbai South" for PC 30).
  const nameOwners = new Map<string, Set<string>>();
  const own = (text: string, pcCode: string): void => {
    const key = foldText(text);
    const owners = nameOwners.get(key) ?? new Set<string>();
    owners.add(pcCode);
    nameOwners.set(key, owners);
  };
  for (const pc of byKey.values()) {
    own(pc.name_en, pc.code);
    own(pc.name_hi, pc.code);
  }
  const dropped: string[] = [];
  const addAlias = (pc: PcOut, alias: string, source: string): void => {
    const text = alias.trim();
    if (!text) return;
    // "J&K PC 4 (2008 order)" is a note on provenance, not a name anyone types.
    if (/[()]/.test(text)) {
      dropped.push(`${pc.code} ${source} "${text}": a note, not a name`);
      return;
    }
    const key = foldText(text);
    // Same as a name or alias it already has, up to case, spacing and punctuation: nothing to add.
    if ([pc.name_en, pc.name_hi, ...pc.aliases].some((known) => foldText(known) === key)) return;
    const owners = nameOwners.get(key);
    if (owners && [...owners].some((c) => c !== pc.code)) {
      dropped.push(`${pc.code} ${source} "${text}": the name of ${[...owners].join(', ')}`);
      return;
    }
    pc.aliases.push(text);
    own(text, pc.code);
  };

  for (const row of aliasCsv) {
    const pcCode = `${codeOfState(need(row, 'state'))}-${Number(need(row, 'pc_no'))}`;
    const pc = byKey.get(pcCode);
    if (!pc) throw new Error(`aliases: unknown PC ${pcCode}`);
    if (need(row, 'name_en') !== pc.name_en) throw new Error(`aliases: ${pcCode} name differs`);
    addAlias(pc, need(row, 'name_en_datameet'), 'datameet');
    addAlias(pc, need(row, 'name_en_eci_scrape'), 'eci_scrape');
    addAlias(pc, need(row, 'former_name'), 'former_name');
  }
  for (const [pcCode, list] of Object.entries(CURATED_ALIASES)) {
    const pc = byKey.get(pcCode);
    if (!pc) throw new Error(`curated alias for unknown PC ${pcCode}`);
    for (const alias of list) addAlias(pc, alias, 'curated');
  }
  for (const pc of byKey.values()) {
    const stateCode = pc.code.split('-')[0] ?? '';
    for (const rule of VARIANT_RULES) {
      if (rule.states && !rule.states.includes(stateCode)) continue;
      const variant = pc.name_en.replace(rule.from, rule.to);
      if (variant !== pc.name_en) addAlias(pc, variant, 'variant');
    }
  }

  for (const row of segCsv) {
    const pcCode = `${codeOfState(need(row, 'state'))}-${Number(need(row, 'pc_no'))}`;
    const pc = byKey.get(pcCode);
    if (!pc) throw new Error(`segments: unknown PC ${pcCode}`);
    const no = Number(need(row, 'ac_no'));
    const reserved = need(row, 'ac_reserved');
    if (!SEGMENT_RESERVATIONS.has(reserved)) throw new Error(`${pcCode} AC ${no}: reservation ${reserved}`);
    const nameEn = need(row, 'ac_name_en');
    const nameHi =
      SEGMENT_HINDI[pcCode]?.[no] ?? (foldText(nameEn) === foldText(pc.name_en) ? pc.name_hi : undefined);
    pc.segments.push({ no, name_en: nameEn, ...(nameHi ? { name_hi: nameHi } : {}), reserved });
  }
  for (const [pcCode, names] of Object.entries(SEGMENT_HINDI)) {
    const pc = byKey.get(pcCode);
    for (const no of Object.keys(names)) {
      if (!pc?.segments.some((s) => s.no === Number(no))) throw new Error(`${pcCode}: no segment ${no}`);
    }
  }

  mkdirSync(outDir, { recursive: true });
  for (const file of readdirSync(outDir)) {
    if (file.endsWith('.yaml')) rmSync(path.join(outDir, file));
  }
  let pcCount = 0;
  let segCount = 0;
  for (const state of states.values()) {
    state.pcs.sort((a, b) => a.no - b.no);
    for (const pc of state.pcs) pc.segments.sort((a, b) => a.no - b.no);
    pcCount += state.pcs.length;
    segCount += state.pcs.reduce((n, pc) => n + pc.segments.length, 0);
    writeFileSync(path.join(outDir, `${state.code}.yaml`), renderState(state));
  }
  console.log(`wrote ${states.size} files, ${pcCount} PCs, ${segCount} segments to ${outDir}`);
  for (const line of dropped) console.log(`dropped alias ${line}`);
}

function renderState(state: StateOut): string {
  const doc = new Document({
    code: state.code,
    name_en: state.name_en,
    name_hi: state.name_hi,
    pcs: state.pcs,
  });
  // One line per segment and per alias list keeps a 80-PC state readable in review.
  const pcs = doc.get('pcs', true) as unknown as {
    items: { get(k: string, keep: true): { flow: boolean } }[];
  };
  for (const pc of pcs.items) {
    pc.get('aliases', true).flow = true;
    const segments = pc.get('segments', true) as unknown as { flow: boolean; items: { flow: boolean }[] };
    if (segments.items.length === 0) segments.flow = true;
    for (const seg of segments.items) seg.flow = true;
  }
  doc.commentBefore =
    ` Lok Sabha constituencies of ${state.name_en} (ISO 3166-2:IN-${state.code}).\n` +
    ' First generated by scripts/build-catalogue.ts from ../shared/reference; this file is now the source\n' +
    ' of truth. Fields: see content/catalogue/README.md.';
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

main();
