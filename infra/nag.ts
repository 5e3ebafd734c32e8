/**
 * The cdk-nag AwsSolutions findings this stack accepts, each acknowledged on
 * the construct it concerns with the reason it is acceptable there. cdk-nag 3
 * acknowledges one finding at a time (`RuleId[finding]`), so a new wildcard
 * or a new resource fails synth until someone writes down why it is fine.
 */
import { Validations } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { FUNCTION_ACCESS, REPORT_OBJECTS, keysUnder } from './access.ts';
import type { BucketPrefix, ObjectAccess } from './access.ts';
import type { AggressorsStack, FunctionName } from './stack.ts';

const IAM4_BASIC_EXECUTION =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';
const IAM5 = (finding: string) => `AwsSolutions-IAM5[${finding}]`;

export function acknowledgeAcceptedFindings(stack: AggressorsStack): void {
  acknowledgeFunctionFindings(stack);
  acknowledgePipelineFindings(stack);
  acknowledgeResourceFindings(stack);
}

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

function logicalId(stack: AggressorsStack, scope: IConstruct): string {
  return stack.getLogicalId(scope.node.defaultChild as CfnElement);
}

function acknowledgeFunctionFindings(stack: AggressorsStack): void {
  const bucket = logicalId(stack, stack.bucket);
  for (const [name, fn] of Object.entries(stack.functions) as [
    FunctionName,
    IConstruct,
  ][]) {
    acknowledge(
      fn,
      IAM4_BASIC_EXECUTION,
      'The AWS managed basic role only lets the function write its own CloudWatch logs.',
    );
    acknowledge(
      fn,
      IAM5('Resource::*'),
      'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions.',
    );
    for (const access of FUNCTION_ACCESS[name].objects) {
      acknowledge(
        fn,
        IAM5(`Resource::<${bucket}.Arn>/${keysUnder(access.prefix)}`),
        objectGrantReason(access),
      );
    }
  }
  acknowledge(
    stack.functions.infer,
    IAM5(
      'Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:endpoint/<EndpointNamePrefix>*',
    ),
    'Inference may call only endpoints whose name starts with the EndpointNamePrefix parameter; the endpoint name comes from each manifest.',
  );
}

/** Why an object grant on each prefix cannot name narrower keys. */
const WHOLE_PREFIX_BECAUSE: Record<BucketPrefix, string> = {
  evaluations:
    'the project and model version of the upload to read come from each manifest key',
  work: 'the keys hold the run id (work/<runId>/...), known only when a run starts',
  results:
    'the keys hold the project, model version and run id (results/<project>/<modelVersion>/<runId>/)',
  tests:
    "the keys hold the project and the saved test's name (tests/<project>/<name>.json), both chosen by users",
};

function objectGrantReason({ prefix, actions }: ObjectAccess): string {
  return (
    `${actions.join(', ')} on keys under ${prefix}/ only; the grant needs the ` +
    `trailing wildcard because ${WHOLE_PREFIX_BECAUSE[prefix]}.`
  );
}

function acknowledgePipelineFindings(stack: AggressorsStack): void {
  const machine = stack.stateMachine;
  acknowledge(
    machine,
    IAM5('Resource::*'),
    'Step Functions log delivery (logs:CreateLogDelivery and friends) and X-Ray actions have no resource-level permissions.',
  );
  for (const fn of Object.values(stack.functions)) {
    if (fn === stack.functions.onUpload) continue;
    acknowledge(
      machine,
      IAM5(`Resource::<${logicalId(stack, fn)}.Arn>:*`),
      'lambda:InvokeFunction on versions and aliases of this one pipeline function (grantInvoke adds <function ARN>:*).',
    );
  }
}

function acknowledgeResourceFindings(stack: AggressorsStack): void {
  acknowledge(
    stack.reportLinkRole,
    IAM5(`Resource::<${logicalId(stack, stack.bucket)}.Arn>/${REPORT_OBJECTS}`),
    "s3:GetObject on each run's report.html only (results/<project>/<modelVersion>/<runId>/report.html): the project, model version and run id are known only at run time.",
  );
  acknowledge(
    stack.webhookSecret,
    'AwsSolutions-SMG4',
    'The secret holds a Slack or webhook URL issued by a third party; only its owner can replace it, so there is nothing for a rotation Lambda to do (docs/deploying.md).',
  );
  acknowledge(
    stack.deadLetterQueue,
    'AwsSolutions-SQS3',
    "This queue is itself the dead-letter queue of the upload rule target and of on-upload's asynchronous invocations.",
  );
  const notificationsHandler = stack.node.children.find((child) =>
    child.node.id.startsWith('BucketNotificationsHandler'),
  );
  if (notificationsHandler) {
    acknowledge(
      notificationsHandler,
      IAM4_BASIC_EXECUTION,
      'CDK-provided handler that turns on EventBridge notifications for the bucket at deploy time; the managed role only writes its logs.',
    );
  }
}
