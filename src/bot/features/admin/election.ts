import { Composer } from 'grammy';
import { localName, stateName } from '../../../catalog/names.js';
import type { Catalog, State } from '../../../catalog/types.js';
import type { Election } from '../../../store/elections.js';
import type { BotContext } from '../../context.js';
import { deskRole } from '../../filters/is-admin.js';
import { audit } from './common.js';

/** Words an owner may write for each election, folded to lower case. */
const ELECTION_WORDS: Record<string, Election> = {
  विधानसभा: 'vs',
  'विधान सभा': 'vs',
  vs: 'vs',
  vidhansabha: 'vs',
  'vidhan sabha': 'vs',
  assembly: 'vs',
  लोकसभा: 'ls',
  'लोक सभा': 'ls',
  ls: 'ls',
  loksabha: 'ls',
  'lok sabha': 'ls',
};

/** The state an owner named: its code (`UP`) or its name in Hindi or English, any case. */
function findState(catalog: Catalog, text: string): State | undefined {
  const t = text.trim().replace(/\s+/g, ' ').toLowerCase();
  return catalog.states.find(
    (s) => s.code.toLowerCase() === t || s.nameHi === t || s.nameEn.toLowerCase() === t,
  );
}

/**
 * `/election <state> <विधानसभा|लोकसभा>` splits into the state and the election; the election is the
 * last one or two words, the state everything before it.
 */
export function parseElectionArgs(
  catalog: Catalog,
  text: string,
): { state: State; election: Election } | 'usage' | 'state' {
  const words = text.trim().split(/\s+/).filter(Boolean);
  for (const n of [2, 1]) {
    if (words.length <= n) continue;
    const election = ELECTION_WORDS[words.slice(-n).join(' ').toLowerCase()];
    if (!election) continue;
    const state = findState(catalog, words.slice(0, -n).join(' '));
    return state ? { state, election } : 'state';
  }
  return 'usage';
}

/**
 * `/election`: owners mark which election a state is in (Lok Sabha or Vidhan Sabha), so that search and
 * the seat keyboards offer that kind of seat first; without arguments it lists the states in a Vidhan
 * Sabha election. Editors and everyone else get what an unknown command gets.
 */
export function electionFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('election', async (ctx, next) => {
    if ((await deskRole(ctx)) !== 'owner') {
      await audit(ctx, 'election', 'denied');
      return next();
    }
    const { catalog, elections } = ctx.deps;
    const args = ctx.match.trim();
    if (!args) {
      const states = (await elections.assemblyStates()).map((code) => stateName(catalog, code, ctx.lang));
      const list = states.length > 0 ? states.join(', ') : ctx.t('admin.election-none');
      await ctx.reply(
        `${ctx.t('admin.election-list', { states: list })}\n\n${ctx.t('admin.election-usage')}`,
      );
      return;
    }
    const parsed = parseElectionArgs(catalog, args);
    if (parsed === 'usage') {
      await ctx.reply(ctx.t('admin.election-usage'));
      return;
    }
    if (parsed === 'state') {
      await ctx.reply(ctx.t('admin.election-unknown-state'));
      return;
    }
    await elections.set(parsed.state.code, parsed.election);
    await audit(ctx, 'election', 'ok', `${parsed.state.code} ${parsed.election}`);
    await ctx.reply(
      ctx.t(parsed.election === 'vs' ? 'admin.election-set-vs' : 'admin.election-set-ls', {
        state: localName(parsed.state, ctx.lang),
      }),
    );
  });
  return composer;
}
