import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * The Powertools instances every handler of an execution environment shares (service
 * name from POWERTOOLS_SERVICE_NAME, metrics namespace from POWERTOOLS_METRICS_NAMESPACE,
 * both set by MotcuaFunction). One instance each, so that keys appended by a handler
 * factory (eventId, dossierCode) appear on every line a handler logs.
 */
export const logger = new Logger();
/** CloudWatch metrics in embedded metric format; every handler factory flushes them. */
export const metrics = new Metrics();
export const tracer = new Tracer();
