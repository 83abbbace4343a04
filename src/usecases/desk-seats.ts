/**
 * The seats the desk suggests for a text, one rule for the Telegram desk, the web desk and the feeds:
 * the PCs the text names always (a text naming सिकंदराराऊ suggests Hathras), and the assembly seats it
 * names too when their state is in a Vidhan Sabha election (the owners' election switch). Whatever the
 * switch says, the named assembly seats are returned apart, for the desk to offer as one-tap additions.
 */
import type { Audience } from '../briefings/types.js';
import { stateOfPc } from '../briefings/types.js';
import type { TagResult } from '../catalog/tagger.js';
import type { ElectionStore } from '../store/elections.js';

export interface SeatSuggestion {
  /** What the desk suggests as the audience; undefined when the text names no seat and no whole state. */
  audience: Audience | undefined;
  /** Codes of every assembly seat the text names (`UP-A80`), in text order, whatever the election. */
  namedAcs: string[];
}

/**
 * The suggestion for a tagging, given the states in a Vidhan Sabha election: the named PCs, with the
 * named ACs of those states; else a state meant whole when the text names exactly one; else none.
 */
export function seatSuggestion(tag: TagResult, assemblyStates: ReadonlySet<string>): SeatSuggestion {
  const namedAcs = [...new Set(tag.acs.flatMap((a) => (a.code ? [a.code] : [])))];
  if (tag.pcs.length > 0) {
    const acs = namedAcs.filter((code) => assemblyStates.has(stateOfPc(code)));
    const audience: Audience = acs.length
      ? { kind: 'pcs', pcs: [...tag.pcs], acs }
      : { kind: 'pcs', pcs: [...tag.pcs] };
    return { audience, namedAcs };
  }
  const [state] = tag.states;
  if (tag.states.length === 1 && state) return { audience: { kind: 'state', state }, namedAcs };
  return { audience: undefined, namedAcs };
}

/** The states now in a Vidhan Sabha election, as a set (one read of the switch). */
export async function assemblyStatesOf(
  elections: Pick<ElectionStore, 'assemblyStates'>,
): Promise<Set<string>> {
  return new Set(await elections.assemblyStates());
}

/** Tags a text and suggests its seats under the election switch as it stands now. */
export async function suggestDeskSeats(
  deps: { tag: (text: string) => TagResult; elections: Pick<ElectionStore, 'assemblyStates'> },
  text: string,
): Promise<SeatSuggestion> {
  return seatSuggestion(deps.tag(text), await assemblyStatesOf(deps.elections));
}
