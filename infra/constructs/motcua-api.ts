import { CfnOutput, Duration, Lazy, Validations, type Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { alarmOn } from './alarm.ts';

export interface MotcuaApiProps {
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly alarmTopic: ITopic;
  /** Origins allowed to call the API from a browser (the provincial portal, the dashboard). */
  readonly allowedOrigins?: string[];
}

/** Requests per second (steady, burst) for a route. */
export interface RouteThrottle {
  readonly rate: number;
  readonly burst: number;
}

/**
 * Requests per second per route: the stage default for officers' routes, a lower one for each
 * public route, so that anonymous traffic spends its own budget, not the officers'.
 */
const STAGE_THROTTLE: RouteThrottle = { rate: 200, burst: 400 };
export const PUBLIC_THROTTLE: RouteThrottle = { rate: 50, burst: 100 };
/** Partners' callbacks: a partner's backlog after an outage arrives in bursts; its own budget. */
export const CALLBACK_THROTTLE: RouteThrottle = { rate: 100, burst: 200 };

/**
 * The one HTTP API every service adds its routes to: the stage with its access log and
 * throttling, the officers' JWT authorizer, and an alarm on server errors. Each route
 * is declared once, by the service that owns its function.
 *
 * Its resources sit directly in the stack, under the ids they were first deployed with, so
 * that a deployment made before this class keeps its API and its URL.
 */
export class MotcuaApi {
  readonly api: HttpApi;
  private readonly stage: HttpStage;
  private readonly officers: HttpUserPoolAuthorizer;
  private readonly routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};

  constructor(scope: Stack, props: MotcuaApiProps) {
    const accessLogs = new LogGroup(scope, 'ApiAccessLogs', { retention: RetentionDays.ONE_YEAR });
    this.api = new HttpApi(scope, 'Api', {
      description: 'motcua public and officer API',
      createDefaultStage: false,
      corsPreflight: props.allowedOrigins?.length
        ? {
            allowOrigins: props.allowedOrigins,
            allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
            allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
            maxAge: Duration.hours(1),
          }
        : undefined,
    });
    this.stage = new HttpStage(scope, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: STAGE_THROTTLE.rate, burstLimit: STAGE_THROTTLE.burst },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // HTTP API variables only, and no source IP: the log outlives the request by a year.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTimeEpoch',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    (this.stage.node.defaultChild as CfnStage).addPropertyOverride(
      'RouteSettings',
      Lazy.any({ produce: () => (Object.keys(this.routeSettings).length ? this.routeSettings : undefined) }),
    );
    new CfnOutput(scope, 'ApiUrl', { value: this.api.apiEndpoint });

    this.officers = new HttpUserPoolAuthorizer('OfficerAuthorizer', props.userPool, {
      userPoolClients: [props.userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });

    // A 5xx is our failure, never a client's: any one of them is worth a look.
    alarmOn(scope, 'ApiServerErrors', {
      metric: new Metric({
        namespace: 'AWS/ApiGateway',
        metricName: '5xx',
        dimensionsMap: { ApiId: this.api.apiId, Stage: '$default' },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: 0,
      topic: props.alarmTopic,
      description: 'The API answered with server errors (5xx).',
    });
  }

  /** A route officers call with their Cognito ID token, checked by the JWT authorizer. */
  officerRoute(method: HttpMethod, path: string, fn: IFunction): void {
    this.api.addRoutes({ path, methods: [method], integration: this.integration(fn), authorizer: this.officers });
  }

  /**
   * A public GET route (no authorizer; the reason says why it may be public), with its own
   * throttle so that anonymous traffic cannot use up the officers' share of the stage.
   */
  publicRoute(path: string, fn: IFunction, reason: string, throttle: RouteThrottle = PUBLIC_THROTTLE): void {
    this.unauthenticatedRoute(HttpMethod.GET, path, fn, reason, throttle);
  }

  /**
   * A public form citizens post (the web survey): no authorizer (the reason says what
   * authenticates it), the public routes' throttle.
   */
  publicFormRoute(path: string, fn: IFunction, reason: string, throttle: RouteThrottle = PUBLIC_THROTTLE): void {
    this.unauthenticatedRoute(HttpMethod.POST, path, fn, reason, throttle);
  }

  /**
   * A partner's callback (a postal partner's webhook, an SMS gateway's reports): POST (or the GET a
   * gateway reports with) with no authorizer, because the handler authenticates the partner (its
   * signature on the raw body, or the secret in the URL: the reason says how), with its own
   * throttle, separate from citizens' and officers' traffic.
   */
  callbackRoute(path: string, fn: IFunction, reason: string, { method = HttpMethod.POST, throttle = CALLBACK_THROTTLE }: { method?: HttpMethod; throttle?: RouteThrottle } = {}): void {
    this.unauthenticatedRoute(method, path, fn, reason, throttle);
  }

  private unauthenticatedRoute(method: HttpMethod, path: string, fn: IFunction, reason: string, throttle: RouteThrottle): void {
    for (const route of this.api.addRoutes({ path, methods: [method], integration: this.integration(fn) })) {
      Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason });
      // API Gateway refuses route settings for a route that does not exist yet.
      this.stage.node.addDependency(route);
    }
    this.routeSettings[`${method} ${path}`] = { ThrottlingRateLimit: throttle.rate, ThrottlingBurstLimit: throttle.burst };
  }

  private integration(fn: IFunction): HttpLambdaIntegration {
    return new HttpLambdaIntegration(`${fn.node.id}Integration`, fn);
  }
}
