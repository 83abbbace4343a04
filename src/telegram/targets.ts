import { pcNameOf, stateName } from '../catalog/names.js';
import type { Catalog } from '../catalog/types.js';
import type { Lang, Translate } from '../i18n/index.js';
import type { Target } from '../store/deliveries.js';

/** Who a target reaches, in words: "हाथरस", "उत्तर प्रदेश (पूरा राज्य)", "सभी पाठक". */
export function targetLabel(target: Target, catalog: Catalog, lang: Lang, t: Translate): string {
  switch (target.kind) {
    case 'pcs':
      return target.pcs.map((code) => pcNameOf(catalog, code, lang)).join(', ');
    case 'state':
      return t('admin.target-state', { state: stateName(catalog, target.state, lang) });
    case 'all':
      return t('admin.target-all');
    case 'records':
      return t('admin.target-records');
    case 'slot':
      return t('digest.target', { slot: target.slot });
  }
}

/**
 * The delivery target of a briefing's audience: who gets it when an admin publishes it, from the bot or
 * the command line.
 */
