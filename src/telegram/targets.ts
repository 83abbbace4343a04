import { formatSlotClock } from '../briefings/format-time.js';
import { acNameOf, pcNameOf, stateName } from '../catalog/names.js';
import type { Catalog } from '../catalog/types.js';
import type { Lang, Translate } from '../i18n/index.js';
import type { Target } from '../store/deliveries.js';

/**
 * Who named seats reach, by their names: "हाथरस सीट के पाठक", "हाथरस लोकसभा और सिकंदराराऊ विधानसभा
 * सीटों के पाठक" (Lok Sabha seats `pcs`, Vidhan Sabha seats `acs`).
 */
export function seatsLabel(pcs: string[], acs: string[], t: Translate): string {
  if (acs.length === 0)
    return pcs.length === 1
      ? t('admin.target-pc', { pc: pcs[0] as string })
      : t('admin.target-pcs', { pcs: pcs.join(', ') });
  if (pcs.length === 0)
    return acs.length === 1
      ? t('admin.target-ac', { ac: acs[0] as string })
      : t('admin.target-acs', { acs: acs.join(', ') });
  return t('admin.target-seats', { pcs: pcs.join(', '), acs: acs.join(', ') });
}

/**
 * Who a target reaches, as a phrase that stands on its own after a label ("पाने वाले: …"): "हाथरस सीट
 * के पाठक", "उत्तर प्रदेश के सभी पाठक", "सभी पाठक", "सुबह 7 बजे का सार पाने वाले पाठक".
 */
export function targetLabel(target: Target, catalog: Catalog, lang: Lang, t: Translate): string {
  switch (target.kind) {
    case 'pcs': {
      const names = target.pcs.map((code) => pcNameOf(catalog, code, lang));
      const acs = (target.acs ?? []).map((code) => acNameOf(catalog, code, lang));
      return seatsLabel(names, acs, t);
    }
    case 'state':
      return t('admin.target-state', { state: stateName(catalog, target.state, lang) });
    case 'all':
      return t('admin.target-all');
    case 'records':
      return t('admin.target-records');
    case 'slot':
      return t('digest.target', { when: formatSlotClock(target.slot, t) });
  }
}
