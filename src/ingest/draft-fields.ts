/**
 * A feed item or an API body to draft fields: plain-text title and summary, a cleaned body, an https
 * photo and source link, and the seats the tagger suggests, with whether the tagging is confident
 * enough for a trusted feed to publish with no editor.
 */
import { MAX_SUMMARY_LENGTH, MAX_TITLE_LENGTH } from '../briefings/parse.js';
import type { Audience } from '../briefings/types.js';
import { stateOfPc } from '../briefings/types.js';
import type { TagResult } from '../catalog/tagger.js';
import { seatSuggestion } from '../usecases/desk-seats.js';
import type { IngestDraftFields } from './desk-port.js';
import { cut, htmlToBriefingMarkdown, htmlToPlainText, safeLink } from './html.js';

/**
 * Longest body kept from a story (characters of Markdown): whole paragraphs up to it, the rest left to
 * the source link. The desk takes up to 50,000; a briefing this long already spans several messages.
 */
export const MAX_STORY_BODY = 20_000;

/** The body cut after the last whole paragraph that fits {@link MAX_STORY_BODY}. */
function fitBody(body: string): string {
  if (body.length <= MAX_STORY_BODY) return body;
  const kept: string[] = [];
  let size = 0;
  for (const block of body.split('\n\n')) {
    if (size + block.length + 2 > MAX_STORY_BODY) break;
    kept.push(block);
    size += block.length + 2;
  }
  return kept.length ? `${kept.join('\n\n')}\n\n…` : cut(body.replace(/\s+/g, ' '), MAX_STORY_BODY);
}

/** Most seats an automatic publication may reach: more names than this is a roundup, not one seat's news. */
export const AUTO_MAX_SEATS = 3;

export interface Suggestion {
  /** What the tagger suggests; undefined when it found nothing it could name. */
  audience: Audience | undefined;
  /** True when a trusted feed may publish it with no editor (see {@link suggestSeats}). */
  confident: boolean;
}

/**
 * The audience a tagging suggests, and whether it is confident. The audience is the desk's one rule
 * (src/usecases/desk-seats.ts): the named PCs, with the named assembly seats of `assemblyStates` (the
 * states in a Vidhan Sabha election). Confident means: only seats named (no state meant whole), all of
 * one state, at most {@link AUTO_MAX_SEATS} PCs, and each name the text used points at one seat (a city
 * spanning several seats, or a name two seats share, is for an editor).
 */
export function suggestSeats(tag: TagResult, assemblyStates: ReadonlySet<string> = new Set()): Suggestion {
  const { audience } = seatSuggestion(tag, assemblyStates);
  if (audience?.kind === 'pcs') {
    const states = new Set(tag.pcs.map(stateOfPc));
    const byPlace = new Map<string, Set<string>>();
    for (const m of tag.matches) {
      if (!m.pc) continue;
      const at = `${m.start}:${m.end}`;
      const set = byPlace.get(at) ?? new Set<string>();
      set.add(m.pc);
      byPlace.set(at, set);
    }
    const unambiguous =
      [...byPlace.values()].every((s) => s.size === 1) && tag.matches.every((m) => m.via !== 'city');
    return {
      audience,
      confident:
        tag.states.length === 0 && states.size === 1 && tag.pcs.length <= AUTO_MAX_SEATS && unambiguous,
    };
  }
  return { audience, confident: false };
}

export interface RawStory {
  /** Title as given (HTML allowed: feeds escape it inconsistently). */
  title: string;
  /** Description or summary (HTML or text). */
  description: string;
  /** Full content (HTML); the description stands in when empty. */
  content: string;
  link?: string | undefined;
  photoUrl?: string | undefined;
}

export type Cleaned =
  | { ok: true; fields: IngestDraftFields; suggestion: Suggestion }
  | { ok: false; problem: 'no-title' | 'no-text' };

/**
 * Cleans a story into draft fields and tags it. The audience stays unset (the editor chooses from the
 * suggestion) unless `acceptSuggestion` lets a confident suggestion stand as the audience.
 * `assemblyStates`: the states in a Vidhan Sabha election, whose named assembly seats are suggested.
 */
export function cleanStory(
  story: RawStory,
  tagger: (text: string) => TagResult,
  opts: { acceptSuggestion?: boolean; assemblyStates?: ReadonlySet<string> } = {},
): Cleaned {
  const title = cut(htmlToPlainText(story.title), MAX_TITLE_LENGTH);
  if (!title) return { ok: false, problem: 'no-title' };
  const base = safeLink(story.link);
  const bodySource = story.content.trim() ? story.content : story.description;
  const body = fitBody(htmlToBriefingMarkdown(bodySource, { base }));
  const summarySource = story.description.trim() ? story.description : story.content;
  const summary = cut(htmlToPlainText(summarySource), MAX_SUMMARY_LENGTH);
  if (!body && !summary) return { ok: false, problem: 'no-text' };
  const plainBody = htmlToPlainText(bodySource);
  const suggestion = suggestSeats(tagger(`${title}\n${summary}\n${plainBody}`), opts.assemblyStates);
  const photo = safeLink(story.photoUrl);
  const fields: IngestDraftFields = {
    title,
    summary: summary || cut(plainBody, MAX_SUMMARY_LENGTH),
    body: body || summary,
    ...(suggestion.audience ? { suggestedAudience: suggestion.audience } : {}),
    ...(opts.acceptSuggestion && suggestion.confident && suggestion.audience
      ? { audience: suggestion.audience }
      : {}),
    ...(photo ? { photo: { kind: 'url', url: photo } } : {}),
    ...(base ? { sourceUrl: base } : {}),
  };
  return { ok: true, fields, suggestion };
}
