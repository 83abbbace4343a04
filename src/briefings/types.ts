/**
 * Who a briefing is for: a list of seats (Lok Sabha constituencies and assembly constituencies), one
 * whole state, or the whole country. A file says `pcs: [UP-16]` and/or `acs: [UP-A80]`, or `scope: UP`
 * or `scope: national`, never seats and a scope together.
 *
 * Kind `pcs` means "these seats": `acs` was added later and is optional, so a briefing stored before
 * assembly seats existed (no `acs`) reads as it always did; `pcs` is empty for a briefing for ACs only.
 */
export type Audience =
  | {
      kind: 'pcs';
      /** Canonical PC codes, e.g. `UP-16`, in file order; empty when the briefing is for ACs only. */
      pcs: string[];
      /** Canonical AC codes, e.g. `UP-A80`, in file order; absent or empty for PCs only. */
      acs?: string[];
    }
  | {
      kind: 'state';
      /** ISO 3166-2:IN state code without `IN-`, e.g. `UP`. */
      state: string;
    }
  | { kind: 'national' };

/** One "ये भी पढ़ें" entry as the editor wrote it: an outside link or another briefing by id. */
export type AlsoReadRef = { kind: 'url'; title: string; url: string } | { kind: 'briefing'; id: string };

/**
 * A briefing's photo: an https image address, or a photo Telegram already holds (its `file_id`, from an
 * editor who sent a photo to the bot).
 */
export type BriefingPhoto = { kind: 'url'; url: string } | { kind: 'telegram'; fileId: string };

/** A validated briefing. Only `parseBriefing` makes one; an invalid file never becomes a `Briefing`. */
export interface Briefing {
  /** Slug `[a-z0-9-]`, at most 62 characters (so `b_<id>` fits a 64-character deep-link payload). */
  id: string;
  title: string;
  /** One or two sentences, plain text; used in digests and lists. */
  summary: string;
  audience: Audience;
  /**
   * The real publication time as written in the file: ISO 8601 with the IST offset, e.g.
   * `2024-05-04T10:00:00+05:30`. Absent when the file gives none (its source has no date): readers are
   * then shown no time at all, never an invented one (see {@link hasPublicationTime}).
   */
  publishedAt?: string;
  /**
   * The sort key of every index, epoch milliseconds: `publishedAt` when there is one; otherwise the
   * time the briefing was first imported, which orders it but is not a publication time and is never
   * shown. The store keeps that first-import time across re-imports and edits.
   */
  publishedMs: number;
  /** https:// (or tg://) link to the original report, when there is one. */
  sourceUrl?: string;
  alsoRead: AlsoReadRef[];
  /** People, parties, places, as written. */
  tags: string[];
  /** The body, restricted Markdown (paragraphs, bold, italic, links, lists, quotes). */
  body: string;
  /** sha256 (hex) of the normalized file: same file, same hash; any edit, a new hash. */
  contentHash: string;
  /** The briefing's photo, shown above its text (see `delivery/kinds/briefing.ts`). */
  photo?: BriefingPhoto;
  /**
   * Its revision: 1 when first stored, one more for each change (an editor's edit, a changed file).
   * The store numbers revisions; records stored before revisions existed read as 1.
   */
  revision: number;
  /** When the latest revision was made, epoch ms: readers see "संशोधित <time>" when revision > 1. */
  updatedAt?: number;
}

/** The time readers are told a briefing was revised ("संशोधित"), or undefined for a first revision. */
export function revisedAt(b: Pick<Briefing, 'revision' | 'updatedAt'>): number | undefined {
  return (b.revision ?? 1) > 1 ? b.updatedAt : undefined;
}

/** One thing wrong with one briefing file. */
export interface Problem {
  /** The file as the caller named it (e.g. `content/briefings/x.md`). */
  file: string;
  /** The front-matter field (`title`, `pcs[1]`, `also_read[0].url`), `front matter`, `body` or `file`. */
  field: string;
  /** What is wrong, and where it helps, how to fix it. */
  message: string;
}

/** `file: field: what is wrong` — the one-line form `content:check` prints. */
export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.field}: ${p.message}`;
}

/**
 * Whether readers may be shown `publishedMs` as the briefing's time: only when the file gave a real
 * publication time. A briefing imported without one is ordered by its import time, which is not news.
 */
export function hasPublicationTime(b: Pick<Briefing, 'publishedAt'>): boolean {
  return b.publishedAt !== undefined;
}

/** PC codes of a briefing (empty for a state or national briefing). */
export function pcsOf(b: Pick<Briefing, 'audience'>): string[] {
  return b.audience.kind === 'pcs' ? b.audience.pcs : [];
}

/** AC codes of a briefing (empty for a PC-only, state or national briefing). */
export function acsOf(b: Pick<Briefing, 'audience'>): string[] {
  return b.audience.kind === 'pcs' ? (b.audience.acs ?? []) : [];
}

/** State code of a PC or AC code: `UP-16` → `UP`. */
export function stateOfPc(pc: string): string {
  const dash = pc.lastIndexOf('-');
  return dash > 0 ? pc.slice(0, dash) : pc;
}

/** States a briefing touches: the states of its seats, or its state; none for a national briefing. */
export function statesOf(b: Pick<Briefing, 'audience'>): string[] {
  switch (b.audience.kind) {
    case 'pcs':
      return [...new Set([...b.audience.pcs, ...(b.audience.acs ?? [])].map(stateOfPc))];
    case 'state':
      return [b.audience.state];
    case 'national':
      return [];
  }
}

/** A tag as compared and indexed: Unicode NFC, trimmed, inner spaces collapsed, lower case. */
export function normalizeTag(tag: string): string {
  return tag.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The fields compared between revisions (everything an editor or a file can change). */
const REVISION_FIELDS = [
  'title',
  'summary',
  'body',
  'audience',
  'photo',
  'sourceUrl',
  'alsoRead',
  'tags',
  'publishedAt',
] as const satisfies ReadonlyArray<keyof Briefing>;

/** The fields in which `next` differs from `previous` (every field `next` has, when there is none). */
export function changedFields(previous: Briefing | undefined, next: Briefing): string[] {
  return REVISION_FIELDS.filter((f) =>
    previous ? JSON.stringify(previous[f]) !== JSON.stringify(next[f]) : next[f] !== undefined,
  );
}
