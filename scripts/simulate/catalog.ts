import type { Procedure } from '../../services/intake/domain/catalog.ts';
import agencies from '../../services/intake/data/agencies.json' with { type: 'json' };
import procedures from '../../services/intake/data/procedures.json' with { type: 'json' };
import tree from '../../services/reporting/data/agency-tree.json' with { type: 'json' };
import { agencyTreeOf } from '../../services/reporting/domain/agency-tree.ts';
import type { HistoryCatalog } from './history.ts';

/** The catalog and the agency tree as the repository ships them: what the local system loads. */
export const shippedCatalog = (): HistoryCatalog => ({ procedures: procedures as Procedure[], agencies, tree: agencyTreeOf(tree) });
