import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';

export interface MotcuaAppOptions extends AppProps {
  /** Origins allowed to call the API from a browser. */
  readonly allowedOrigins?: string[];
}

/** Deadline-watch settings from CDK context (`cdk deploy -c motcua:dueSoonWorkingDays=2`). */
function deadlineWatch(app: App) {
  const number = (key: string) => {
    const value = app.node.tryGetContext(`motcua:${key}`);
    return value === undefined ? undefined : Number(value);
  };
  return { dueSoonWorkingDays: number('dueSoonWorkingDays'), dueSoonOfficeHours: number('dueSoonOfficeHours'), everyMinutes: number('watchEveryMinutes') };
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
    description: 'motcua: functions and HTTP API',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}
