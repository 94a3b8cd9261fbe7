import { Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DELIVERY_FACTS_FUNCTION_VARIABLE } from '../../libs/contracts/intake-delivery.ts';
import { bindFunction } from '../constructs/bind.ts';
import { MotcuaApi } from '../constructs/motcua-api.ts';
import type { PartnersConfig } from '../../services/postal/adapters/config.ts';
import { IntakeService, type IntakeServiceProps } from '../services/intake.ts';
import { PostalService, type PostalServiceProps } from '../services/postal.ts';
import { ReportingService } from '../services/reporting.ts';
import { SurveyService } from '../services/survey.ts';
import { LOCAL_GATEWAYS, type GatewaysConfig } from '../../services/survey/adapters/gateways-config.ts';
import type { SurveyServiceSettings } from '../../services/survey/adapters/settings.ts';
import type { StatefulStack } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  readonly data: StatefulStack;
  /** Origins allowed to call the API from a browser (the provincial portal, the dashboard). */
  readonly allowedOrigins?: string[];
  /** Deadline warnings: how far ahead, and how often the watch runs. */
  readonly deadlineWatch?: IntakeServiceProps['deadlineWatch'];
  /** Where the receipt's QR code sends citizens. */
  readonly publicLookupUrl?: string;
  /** The postal partners and their APIs. */
  readonly postalPartners: PartnersConfig;
  /** The SMS gateways; default: the local simulator, with this API as the public base of callbacks. */
  readonly smsGateways?: GatewaysConfig;
  /** The survey's settings, checked at synth; `linkBase` defaults to this API's URL (fine locally only: too long for an SMS in AWS). */
  readonly survey: Omit<SurveyServiceSettings, 'linkBase'> & { linkBase?: string };
  /** Postal's stuck sweep and poll frequency. */
  readonly postal?: Pick<PostalServiceProps, 'stuckAfterHours' | 'pollEveryMinutes'>;
}

/**
 * The functions and the HTTP API, one construct per service. Everything here can be
 * replaced without touching data.
 */
export class StatelessStack extends Stack {
  readonly api: MotcuaApi;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { data } = props;
    this.api = new MotcuaApi(this, {
      userPool: data.userPool,
      userPoolClient: data.userPoolClient,
      alarmTopic: data.alarmTopic,
      allowedOrigins: props.allowedOrigins,
    });
    const intake = new IntakeService(this, 'Intake', {
      data: data.intake,
      bus: data.bus,
      api: this.api,
      alarmTopic: data.alarmTopic,
      officerIssuer: `https://cognito-idp.${this.region}.amazonaws.com/${data.userPool.userPoolId}`,
      officerAudience: data.userPoolClient.userPoolClientId,
      deadlineWatch: props.deadlineWatch,
      publicLookupUrl: props.publicLookupUrl,
    });
    new PostalService(this, 'Postal', {
      data: data.postal,
      bus: data.bus,
      api: this.api,
      alarmTopic: data.alarmTopic,
      partners: props.postalPartners,
      bindDeliveryFacts: (fn) => bindFunction(fn, DELIVERY_FACTS_FUNCTION_VARIABLE, intake.deliveryFacts),
      ...props.postal,
    });
    new SurveyService(this, 'Survey', {
      data: data.survey,
      bus: data.bus,
      api: this.api,
      alarmTopic: data.alarmTopic,
      gateways: props.smsGateways ?? LOCAL_GATEWAYS(this.api.api.apiEndpoint),
      settings: { ...props.survey, linkBase: props.survey.linkBase ?? this.api.api.apiEndpoint },
      bindDeliveryFacts: (fn) => bindFunction(fn, DELIVERY_FACTS_FUNCTION_VARIABLE, intake.deliveryFacts),
    });
    new ReportingService(this, 'Reporting', { data: data.reporting, api: this.api, alarmTopic: data.alarmTopic });
  }
}
