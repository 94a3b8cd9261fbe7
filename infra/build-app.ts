import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { lookupBaseUrl } from '../services/intake/domain/receipt-page.ts';
import { LOCAL_PARTNERS, PartnersConfig, SIMULATOR_ORIGIN } from '../services/postal/adapters/config.ts';
import { GatewaysConfig, SMS_SIMULATOR_ORIGIN } from '../services/survey/adapters/gateways-config.ts';
import { SurveyServiceSettings } from '../services/survey/adapters/settings.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';

export interface MotcuaAppOptions extends AppProps {
  /** Origins allowed to call the API from a browser. */
  readonly allowedOrigins?: string[];
}

/** A whole-number setting from CDK context (`-c motcua:<key>=<n>`), checked here, not at 3 a.m. */
function wholeNumber(app: App, key: string, min: number, max: number): number | undefined {
  const raw: unknown = app.node.tryGetContext(`motcua:${key}`);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`-c motcua:${key}=${String(raw)}: must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** Deadline-watch settings (`cdk deploy -c motcua:dueSoonWorkingDays=2`). */
function deadlineWatch(app: App) {
  return {
    dueSoonWorkingDays: wholeNumber(app, 'dueSoonWorkingDays', 0, 10),
    dueSoonOfficeHours: wholeNumber(app, 'dueSoonOfficeHours', 0, 40),
    everyMinutes: wholeNumber(app, 'watchEveryMinutes', 1, 1440),
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
 * The postal partners (`-c motcua:postalPartners='{"default": "vnpost", "partners": {"vnpost": {"baseUrl": "https://…"}}}'`
 * or the same object in cdk.json's context). Without it, the local simulator's: fine for `npm start`,
 * refused for a deployment (`-c motcua:target=aws`, which `npm run deploy` passes).
 */
function postalPartners(app: App): PartnersConfig {
  const raw: unknown = app.node.tryGetContext('motcua:postalPartners');
  const target: unknown = app.node.tryGetContext('motcua:target');
  if (raw === undefined) {
    if (target === 'aws') throw new Error('-c motcua:postalPartners is required for a deployment: the default is the local partner simulator (docs/operations.md)');
    return LOCAL_PARTNERS;
  }
  let value: unknown = raw;
  try {
    if (typeof raw === 'string') value = JSON.parse(raw);
  } catch {
    throw new Error('-c motcua:postalPartners: not JSON');
  }
  const parsed = PartnersConfig.safeParse(value);
  if (!parsed.success) throw new Error(`-c motcua:postalPartners: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`).join('; ')}`);
  if (target === 'aws' && Object.values(parsed.data.partners).some((partner) => partner.baseUrl.startsWith(SIMULATOR_ORIGIN))) {
    throw new Error('-c motcua:postalPartners: a deployment cannot use the local partner simulator');
  }
  return parsed.data;
}

/** Postal's sweep and poll settings (`-c motcua:postalStuckAfterHours=48`, `-c motcua:postalPollEveryMinutes=10`). */
function postalSettings(app: App) {
  return { stuckAfterHours: wholeNumber(app, 'postalStuckAfterHours', 1, 720), pollEveryMinutes: wholeNumber(app, 'postalPollEveryMinutes', 1, 1440) };
}

/** A JSON setting from CDK context: an object in cdk.json, or a JSON string on the command line. */
function jsonSetting(app: App, key: string): unknown {
  const raw: unknown = app.node.tryGetContext(`motcua:${key}`);
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw new Error(`-c motcua:${key}: not JSON`);
  }
}

const issuesOf = (error: { issues: { path: PropertyKey[]; message: string }[] }) => error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`).join('; ');

/**
 * The SMS gateways (`-c motcua:smsGateways='{"sender": "twilio", "publicBaseUrl": "https://…", "twilio": {…}}'`).
 * Without it, the local simulator's, with the API's own URL for callbacks: refused for a deployment.
 */
function smsGateways(app: App): GatewaysConfig | undefined {
  const value = jsonSetting(app, 'smsGateways');
  const target: unknown = app.node.tryGetContext('motcua:target');
  if (value === undefined) {
    if (target === 'aws') throw new Error('-c motcua:smsGateways is required for a deployment: the default is the local SMS simulator (docs/operations.md)');
    return undefined;
  }
  const parsed = GatewaysConfig.safeParse(value);
  if (!parsed.success) throw new Error(`-c motcua:smsGateways: ${issuesOf(parsed.error)}`);
  const simulated = [parsed.data.twilio?.baseUrl, parsed.data['vn-brandname']?.baseUrl].some((url) => url?.startsWith(SMS_SIMULATOR_ORIGIN));
  if (target === 'aws' && simulated) throw new Error('-c motcua:smsGateways: a deployment cannot use the local SMS simulator');
  return parsed.data;
}

/**
 * The survey's settings (`-c motcua:survey='{"linkBase": "https://dvc.example.gov.vn", "surveyDelayMinutes": 60, …}'`),
 * checked here. A deployment must give `linkBase` (the API's own URL is too long for an SMS link).
 * Locally, without settings, surveys go at once, at any hour, and a number may get 10 texts a day
 * (a demo dossier goes through its whole life in minutes), so that the local system can be tried
 * at night; the window, the delay and the cap of 3 have their own tests.
 */
function surveySettings(app: App) {
  const given = (jsonSetting(app, 'survey') ?? {}) as Record<string, unknown>;
  const target: unknown = app.node.tryGetContext('motcua:target');
  if (target === 'aws' && given.linkBase === undefined) throw new Error('-c motcua:survey must give linkBase for a deployment: the short https base of the links in SMS (docs/operations.md)');
  const local = target === 'aws' ? {} : { surveyDelayMinutes: 0, window: { from: '00:00', to: '23:59' }, dailyCapPerNumber: 10 };
  // linkBase is checked with the rest when given; without it the API's URL is used (a token at synth).
  const parsed = SurveyServiceSettings.safeParse({ ...local, linkBase: 'https://x.invalid', ...given });
  if (!parsed.success) throw new Error(`-c motcua:survey: ${issuesOf(parsed.error)}`);
  const { linkBase, ...settings } = parsed.data;
  return { ...settings, ...(given.linkBase === undefined ? {} : { linkBase }) };
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
    postalPartners: postalPartners(app),
    postal: postalSettings(app),
    smsGateways: smsGateways(app),
    survey: surveySettings(app),
    description: 'motcua: functions and HTTP API',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}
