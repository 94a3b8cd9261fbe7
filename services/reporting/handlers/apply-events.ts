import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { eventsOf } from '../../../libs/events/catalog.ts';
import { ConcurrentChange } from '../../../libs/platform/concurrency.ts';
import { queueHandler } from '../../../libs/platform/batch.ts';
import { logger, metrics } from '../../../libs/platform/powertools.ts';
import { agencyTree, reporting } from '../adapters/context.ts';
import { REPORTING_CONSUMES } from '../consumes.ts';

const repository = reporting();
const tree = agencyTree();
/** Events of one dossier racing in one batch: read again at once a few times, then let SQS bring it back. */
const ATTEMPTS = 3;

/**
 * Every bus event, counted once into reporting's counters (services/reporting/domain/tally.ts):
 * the dossier's tally and every counter it adds to in one transaction; an event ahead of its
 * predecessor waits in the tally; a duplicate changes nothing.
 */
export const handler = queueHandler(eventsOf(REPORTING_CONSUMES), async (event) => {
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await repository.apply(event, tree);
      logger.debug('event counted', { outcome });
      metrics.addMetric(outcome === 'applied' ? 'EventsCounted' : outcome === 'parked' ? 'EventsParked' : 'EventsAlreadyCounted', MetricUnit.Count, 1);
      return;
    } catch (error) {
      if (!(error instanceof ConcurrentChange) || attempt === ATTEMPTS) throw error;
    }
  }
});
