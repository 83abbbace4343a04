import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { foldText } from '../../src/catalog/normalize.js';
import { COMMON_WORDS, createTagger, MAX_TAG_LENGTH, type Tagger } from '../../src/catalog/tagger.js';
import type { Catalog } from '../../src/catalog/types.js';

let catalog: Catalog;
let tag: Tagger;
beforeAll(() => {
  catalog = loadCatalog();
  tag = createTagger(catalog);
});

const pcs = (text: string): string[] => tag(text).pcs;

describe('seat tagger: the cases issue 12 names', () => {
  it('when a Hindi text names सिकंदराराऊ, then it suggests हाथरस (UP-16) through the segment', () => {
    const result = tag('सिकंदराराऊ में किसानों की सभा में बिजली का मुद्दा उठा।');
    expect(result.pcs).toEqual(['UP-16']);
    expect(result.acs).toEqual([{ state: 'UP', no: 80, pc: 'UP-16', code: 'UP-A80' }]);
    expect(result.matches).toEqual([{ text: 'सिकंदराराऊ', start: 0, end: 10, via: 'segment', pc: 'UP-16' }]);
  });

  it('when गया is the verb "went", then no seat; when it is followed by में or सीट, then Gaya', () => {
    expect(pcs('वह सुबह मतदान करने गया और दोपहर तक लौट आया।')).toEqual([]);
    expect(pcs('बैठक में फैसला लिया गया कि रैली शाम को होगी।')).toEqual([]);
    expect(pcs('मतदान दल को नाव से बूथ तक भेजा गया।')).toEqual([]);
    expect(pcs('गया में प्रधानमंत्री की रैली होगी।')).toEqual(['BR-38']);
    expect(pcs('गया लोकसभा सीट पर मुकाबला दिलचस्प हो गया है।')).toEqual(['BR-38']);
    expect(pcs('गया, नवादा और औरंगाबाद में पहले चरण में मतदान होगा।')).toEqual(['BR-38', 'BR-39', 'BR-37']);
  });

  it('when कोटा is a quota, then no seat; "कोटा सीट" and "राजस्थान के कोटा" tag Kota', () => {
    expect(pcs('सरकार ने ओबीसी कोटा बढ़ाने का प्रस्ताव रखा है।')).toEqual([]);
    expect(pcs('आरक्षण कोटा में बदलाव को लेकर विपक्ष ने सवाल उठाए।')).toEqual([]);
    expect(pcs('कोटा सीट पर सीधा मुकाबला है।')).toEqual(['RJ-24']);
    expect(pcs('राजस्थान के कोटा में छात्रों ने पहली बार वोट डाला।')).toEqual(['RJ-24']);
  });

  it('when मंडी is a market or आंवला the fruit, then no seat; with seat context, then the seat', () => {
    expect(pcs('सब्जी मंडी में टमाटर के दाम दोगुने हो गए हैं।')).toEqual([]);
    expect(pcs('मंडी में गेहूं की खरीद धीमी है।')).toEqual([]);
    expect(pcs('मंडी लोकसभा सीट पर कड़ा मुकाबला है।')).toEqual(['HP-2']);
    expect(pcs('सर्दियों में आंवला और अदरक की मांग बढ़ जाती है।')).toEqual([]);
    expect(pcs('बरेली, आंवला और बदायूं में दूसरे चरण में मतदान है।')).toEqual(['UP-25', 'UP-24', 'UP-23']);
  });

  it('when आरा is inside हमारा or द्वारा, then no seat (matras belong to the word)', () => {
    expect(pcs('हमारा उद्देश्य हर मतदाता तक पहुंचना है।')).toEqual([]);
    expect(pcs('आयोग द्वारा जारी निर्देशों का पालन करना होगा।')).toEqual([]);
    expect(pcs('दोबारा मतगणना की मांग खारिज कर दी गई।')).toEqual([]);
    expect(pcs('आरा में मतदाताओं ने सुबह से कतार लगाई।')).toEqual(['BR-32']);
  });

  it('when a text uses the catalogue aliases प्रयागराज and अयोध्या, then Allahabad and Faizabad', () => {
    expect(pcs('प्रयागराज और अयोध्या में रैली हुई।')).toEqual(['UP-52', 'UP-54']);
    expect(tag('प्रयागराज में').matches[0]?.via).toBe('alias');
  });
});

describe('seat tagger: words, names and scopes', () => {
  it('reads a name before any postposition and across a hyphen or a space', () => {
    for (const p of ['में', 'से', 'की', 'के']) expect(pcs(`हाथरस ${p} चर्चा`)).toEqual(['UP-16']);
    expect(pcs('सिकंदरा-राऊ के किसान')).toEqual(['UP-16']);
    expect(pcs('थाना भवन के मतदाता')).toEqual(['UP-2']);
    expect(pcs('Sikandra Rao residents raised the issue.')).toEqual(['UP-16']);
  });

  it('takes the longest name first: लखनऊ मध्य is a segment, नई दिल्ली a PC, गया टाउन a segment', () => {
    expect(tag('लखनऊ मध्य विधानसभा में').acs).toEqual([{ state: 'UP', no: 174, pc: 'UP-35', code: 'UP-A174' }]);
    expect(pcs('नई दिल्ली सीट')).toEqual(['DL-4']);
    expect(tag('गया टाउन में').acs).toEqual([{ state: 'BR', no: 230, pc: 'BR-38', code: 'BR-A230' }]);
  });

  it('tags a city spanning several seats with all of them, but a PC of the city’s name with that PC', () => {
    expect(pcs('पटना में रोड शो')).toEqual(['BR-30', 'BR-31']);
    expect(pcs('लखनऊ में रोड शो')).toEqual(['UP-35']);
  });

  it('settles a name shared by states with the state the text names, else suggests both PCs', () => {
    expect(pcs('हिमाचल के हमीरपुर में')).toEqual(['HP-3']);
    expect(pcs('उत्तर प्रदेश के हमीरपुर में')).toEqual(['UP-47']);
    expect(pcs('हमीरपुर में मतदान')).toEqual(['HP-3', 'UP-47']);
  });

  it('when a whole state is meant, then states; a state named as a seat’s address adds none', () => {
    expect(tag('उत्तर प्रदेश में सभी सीटों पर सात चरणों में मतदान होगा।')).toMatchObject({ pcs: [], states: ['UP'] });
    expect(tag('बिहार की 40 सीटों पर उम्मीदवार तय।').states).toEqual(['BR']);
    expect(tag('राजस्थान के बाड़मेर में मतदान').states).toEqual([]);
    expect(tag('दिल्ली में आयोग की बैठक हुई।')).toMatchObject({ pcs: [], states: [] });
  });

  it('needs a capital for an English word that is also a name, and English prepositions as context', () => {
    expect(pcs('Workers set up stalls at the mandi before polling day.')).toEqual([]);
    expect(pcs('Indus valley seals were shown at the museum.')).toEqual([]);
    expect(pcs('Voters in Gaya and Nawada faced long queues.')).toEqual(['BR-38', 'BR-39']);
    expect(pcs('Mr Gill spoke to reporters.')).toEqual([]);
  });

  it('says "विधानसभा" to get the segment of a PC’s own name, and gives offsets into the text', () => {
    expect(tag('हाथरस विधानसभा सीट').acs).toEqual([{ state: 'UP', no: 78, pc: 'UP-16', code: 'UP-A78' }]);
    expect(tag('हाथरस लोकसभा सीट').acs).toEqual([]);
    const text = 'कल गया में और Hathras में';
    for (const m of tag(text).matches) expect(text.slice(m.start, m.end)).toBe(m.text);
  });

  it('answers empty text with empty lists and cuts an overlong text instead of failing', () => {
    expect(tag('')).toEqual({ pcs: [], states: [], acs: [], matches: [] });
    expect(tag('😀 \u200d ।।').pcs).toEqual([]);
    const long = `${'क'.repeat(MAX_TAG_LENGTH)} हाथरस`;
    expect(tag(long).pcs).toEqual([]);
    expect(tag.tag('हाथरस').pcs).toEqual(['UP-16']);
  });

  it('works on a catalogue slice without the shipped cities', () => {
    const slice: Catalog = {
      ...catalog,
      pcs: catalog.pcs.filter((pc) => pc.stateCode === 'UP'),
    };
    const own = createTagger(slice, { cities: [] });
    expect(own('पटना और हाथरस').pcs).toEqual(['UP-16']);
  });
});

describe('the ordinary-word list', () => {
  it('holds only words that name a seat in the catalogue (no dead entries)', () => {
    const names = new Set<string>();
    for (const pc of catalog.pcs) {
      for (const n of [pc.nameHi, pc.nameEn, ...pc.aliases]) names.add(foldText(n));
      for (const s of pc.segments) for (const n of [s.nameHi, s.nameEn, ...s.aliases]) names.add(foldText(n));
    }
    const dead = Object.values(COMMON_WORDS)
      .flat()
      .filter((w) => !names.has(foldText(w)));
    expect(dead).toEqual([]);
  });
});
