/** Reservation status of a constituency or assembly segment. */
export type Reservation = 'GEN' | 'SC' | 'ST';

/**
 * Reservation status of an assembly segment: a PC's three, plus Sikkim's seats reserved for people of
 * Bhutia-Lepcha origin (`BL`, 12 seats) and for the Sangha of its monasteries (`SANGHA`, 1 seat).
 */
export type SegmentReservation = Reservation | 'BL' | 'SANGHA';

/**
 * Where a Hindi name came from (content/catalogue/README.md): `ref` the reference list (datameet),
 * `checked` written or corrected by hand in the house style, `translit` the catalogue's
 * transliteration of the English name, not yet read by hand.
 */
export type HindiSource = 'ref' | 'checked' | 'translit';

/** An assembly (Vidhan Sabha) segment inside a Lok Sabha constituency. */
export interface Segment {
  /** Assembly constituency number within its state. */
  no: number;
  nameEn: string;
  /** Hindi name, in the catalogue's house style. */
  nameHi: string;
  /** Where {@link nameHi} came from. */
  nameHiSource: HindiSource;
  reserved: SegmentReservation;
  /** Other spellings people type (common Hindi variants such as सिकंदराराव); often empty. */
  aliases: string[];
}

/** A Lok Sabha constituency (PC). */
export interface Constituency {
  /** ISO 3166-2:IN state code + PC number, e.g. `UP-16` (Hathras). */
  code: string;
  /** ISO 3166-2:IN state code without the `IN-` prefix, e.g. `UP`. */
  stateCode: string;
  /** PC number within the state. */
  no: number;
  nameEn: string;
  nameHi: string;
  /** Where {@link nameHi} came from. */
  nameHiSource: HindiSource;
  reserved: Reservation;
  /** Other spellings people type (modern spellings, transliterations, former names). */
  aliases: string[];
  /** Assembly segments, empty where the catalogue has none (Assam, J&K, Ladakh after 2022-23). */
  segments: Segment[];
}

/**
 * An assembly (Vidhan Sabha) constituency as a seat of its own: one of the catalogue's segments, with
 * its code and the PC it lies in. Built by the loader from the segments; states without an assembly
 * (and those whose map was redrawn after 2008, until the new map is added) have none.
 */
export interface Assembly {
  /** `<state>-A<number>`, e.g. `UP-A80` (Sikandra Rao); see content/catalogue/README.md. */
  code: string;
  /** ISO 3166-2:IN state code without the `IN-` prefix, e.g. `UP`. */
  stateCode: string;
  /** Assembly constituency number within its state (2008 Delimitation Order). */
  no: number;
  nameEn: string;
  /** Hindi name, in the catalogue's house style. */
  nameHi: string;
  /** Where {@link nameHi} came from. */
  nameHiSource: HindiSource;
  reserved: SegmentReservation;
  /** Other spellings people type; often empty. */
  aliases: string[];
  /** Code of the Lok Sabha constituency it lies in, e.g. `UP-16`. */
  pc: string;
}

/** A state or union territory. */
export interface State {
  /** ISO 3166-2:IN code without the `IN-` prefix, e.g. `UP`. */
  code: string;
  nameEn: string;
  nameHi: string;
}

/** The loaded, indexed catalogue. Immutable after load. */
export interface Catalog {
  /** States in alphabetical order of their English name. */
  readonly states: readonly State[];
  /** All 543 constituencies, by state then number. */
  readonly pcs: readonly Constituency[];
  /** The constituency with this code (case-insensitive), or undefined. */
  byCode(code: string): Constituency | undefined;
  /** The state with this code (case-insensitive), or undefined. */
  state(code: string): State | undefined;
  /** Constituencies of a state by number; empty for an unknown state. */
  pcsOfState(stateCode: string): readonly Constituency[];
  /** All assembly constituencies, by state (in the order of {@link states}) then number. */
  readonly acs: readonly Assembly[];
  /** The assembly constituency with this code (case-insensitive, e.g. `up-a80`), or undefined. */
  acByCode(code: string): Assembly | undefined;
  /** Assembly constituencies of a PC (by its code) by number; empty for an unknown PC or one without. */
  acsOfPc(pcCode: string): readonly Assembly[];
  /** Assembly constituencies of a state by number; empty for an unknown state or one without. */
  acsOfState(stateCode: string): readonly Assembly[];
}
