import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/** An alarm as operators get them all: above the threshold for one period notifies the topic. */
export function alarmOn(scope: Construct, id: string, props: { metric: IMetric; threshold: number; topic: ITopic; description: string }): Alarm {
  const alarm = new Alarm(scope, id, {
    alarmDescription: `${props.description} See docs/operations.md.`,
    metric: props.metric,
    threshold: props.threshold,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new SnsAction(props.topic));
  return alarm;
}
