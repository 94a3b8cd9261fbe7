import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { lookupBaseUrl } from '../services/intake/domain/receipt-page.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';

export interface MotcuaAppOptions extends AppProps {
  /** Origins allowed to call the API from a browser. */
  readonly allowedOrigins?: string[];
}

/** Deadline-watch settings from CDK context (`cdk deploy -c motcua:dueSoonWorkingDays=2`), checked here, not at 3 a.m. */
function deadlineWatch(app: App) {
  const setting = (key: string, min: number, max: number): number | undefined => {
    const raw: unknown = app.node.tryGetContext(`motcua:${key}`);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`-c motcua:${key}=${String(raw)}: must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
  return {
    dueSoonWorkingDays: setting('dueSoonWorkingDays', 0, 10),
    dueSoonOfficeHours: setting('dueSoonOfficeHours', 0, 40),
    everyMinutes: setting('watchEveryMinutes', 1, 1440),
  };
}

/** Where receipts' QR codes send citizens (`-c motcua:publicLookupUrl=…`), checked the way the receipt function will. */
function publicLookupUrl(app: App): string | undefined {
  const raw: unknown = app.node.tryGetContext('motcua:publicLookupUrl');
  if (raw === undefined) return undefined;
  try {
    return lookupBaseUrl(String(raw));
  } catch (error) {
    throw new Error(`-c motcua:publicLookupUrl=${String(raw)}: ${(error as Error).message.replace(/^\S+ /, '')}`);
  }
}

/**
 * The one definition of the system. `cdk synth/deploy` and the local runtime both
 * synthesize this app; nothing else lists functions, queues or routes.
 */
export function buildApp(options: MotcuaAppOptions = {}): App {
  const app = new App(options);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const data = new StatefulStack(app, 'Motcua-Data', {
    env,
    description: 'motcua: tables, queues, officer user pool (retained)',
  });
  new StatelessStack(app, 'Motcua-Api', {
    env,
    data,
    allowedOrigins: options.allowedOrigins,
    deadlineWatch: deadlineWatch(app),
    publicLookupUrl: publicLookupUrl(app),
    description: 'motcua: functions and HTTP API',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}
