import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { MiddlewareObj } from '@middy/core';

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

/**
 * Publishes what a handler measured, after every invocation (answered or failed). Powertools'
 * logMetrics would also warn "No application metrics to publish" on every request of a route
 * that measures nothing: one useless log line per request.
 */
export const flushMetrics = (): MiddlewareObj => {
  const flush = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    else metrics.clearDimensions();
  };
  return { after: flush, onError: flush };
};
