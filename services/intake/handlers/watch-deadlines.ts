import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { deadlineClock } from '../../../libs/calendar/deadlines.ts';
import { vietnamCalendar } from '../../../libs/calendar/holiday-data.ts';
import { scheduledHandler } from '../../../libs/platform/batch.ts';
import { DomainError } from '../../../libs/platform/errors.ts';
import { logger, metrics } from '../../../libs/platform/powertools.ts';
import { catalog, clockOf, dossiers } from '../adapters/context.ts';
import { INTAKE_ENV } from '../adapters/environment.ts';
import { ACTIONS, decide, DEFAULT_MARGINS, owedClosing, owedWarning, type WarningMargins, type WatchAction } from '../domain/actions/index.ts';
import { CLOCK_RUNNING, type Dossier } from '../domain/dossier.ts';

const procedures = catalog();
const repository = dossiers();
const margins: WarningMargins = {
  workingDays: Number(process.env[INTAKE_ENV.dueSoonWorkingDays] ?? DEFAULT_MARGINS.workingDays),
  officeHours: Number(process.env[INTAKE_ENV.dueSoonOfficeHours] ?? DEFAULT_MARGINS.officeHours),
};

/**
 * Runs on a schedule: warns about open dossiers due soon or overdue, once each, and
 * closes those whose supplement never came. It reads only the sparse watch index, up to
 * a little beyond the widest margin; every warning is a change saved with its event,
 * so officers and reports hear of it through the usual queues.
 */
export const handler = scheduledHandler(async () => {
  const started = new Date();
  // A little beyond the widest margin (agencies' office hours differ; each dossier is then judged on its own clock).
  const usual = deadlineClock(vietnamCalendar);
  const lookAhead = new Date(
    Math.max(
      usual.horizon(started, { unit: 'workingDays', value: margins.workingDays + 1 }).getTime(),
      usual.horizon(started, { unit: 'workingHours', value: margins.officeHours + 8 }).getTime(),
    ),
  );
  const counts = { dueSoon: 0, overdue: 0, expired: 0, skipped: 0 };

  for (const status of CLOCK_RUNNING) {
    for await (const dossier of repository.watched(status, lookAhead)) {
      const agency = await procedures.getAgency(dossier.handlingAgency);
      if (!agency) {
        logger.warn('handling agency missing from the catalog; dossier not watched', { code: dossier.code, agency: dossier.handlingAgency });
        counts.skipped += 1;
        continue;
      }
      // Each dossier is judged, and its event stamped, at its own instant, not the run's start.
      const now = new Date();
      const warning = owedWarning(dossier, { now, clock: clockOf(agency), margins });
      if (!warning) continue;
      if (await save(dossier, warning, now)) counts[warning.type] += 1;
      else counts.skipped += 1;
    }
  }
  for await (const dossier of repository.watched('supplement-requested', started)) {
    const now = new Date();
    const closing = owedClosing(dossier, { now });
    if (closing && (await save(dossier, closing, now))) counts.expired += 1;
  }
  logger.info('deadline watch done', counts);
  metrics.addMetric('DueSoonWarnings', MetricUnit.Count, counts.dueSoon);
  metrics.addMetric('OverdueWarnings', MetricUnit.Count, counts.overdue);
  metrics.addMetric('SupplementsExpired', MetricUnit.Count, counts.expired);
  return counts;

  /** Decides the watch's action and saves it with its event; a dossier changed meanwhile is left for the next run. */
  async function save(dossier: Dossier, input: WatchAction, now: Date): Promise<boolean> {
    const change = decide(dossier, input, { now });
    try {
      await repository.update(dossier, change.dossier, change.event, ACTIONS[input.type].performedBy, now);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CONCURRENT_UPDATE') return false;
      throw error;
    }
  }
});
