/**
 * The deployed system: the bucket uploads land in, the rule that sees a
 * manifest arrive, the functions, the state machine from infra/pipeline.ts,
 * the table, the webhook secret and the alarms.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Aws,
  CfnOutput,
  CfnParameter,
  Duration,
  RemovalPolicy,
  Stack,
} from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Construct } from 'constructs';
import { TABLE_KEY_SCHEMA } from '../shared/aws/keys.ts';
import {
  BUNDLED_CHART_LIBRARY_DIR,
  chartLibraryBuilds,
} from '../shared/report/chart-library.ts';
import { FUNCTION_ACCESS, REPORT_OBJECTS, keysUnder } from './access.ts';
import type { FunctionAccess } from './access.ts';
import type { PipelineOptions } from './pipeline.ts';
import {
  buildPipelineDefinition,
  DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  DEFAULT_INFER_CONCURRENCY,
} from './pipeline.ts';

export type FunctionName =
  | 'onUpload'
  | 'prepare'
  | 'infer'
  | 'analyze'
  | 'runTests'
  | 'notify'
  | 'clusterShard'
  | 'clusterReduce';

interface FunctionSpec {
  folder: string;
  memoryMiB: number;
  timeout: Duration;
}

const FUNCTION_SPECS: Record<FunctionName, FunctionSpec> = {
  onUpload: { folder: 'on-upload', memoryMiB: 256, timeout: Duration.seconds(30) },
  prepare: { folder: 'prepare', memoryMiB: 1024, timeout: Duration.minutes(10) },
  infer: { folder: 'infer', memoryMiB: 1024, timeout: Duration.minutes(15) },
  analyze: { folder: 'analyze', memoryMiB: 4096, timeout: Duration.minutes(15) },
  runTests: { folder: 'run-tests', memoryMiB: 1024, timeout: Duration.minutes(5) },
  notify: { folder: 'notify', memoryMiB: 256, timeout: Duration.minutes(1) },
  clusterShard: {
    folder: 'cluster-shard',
    memoryMiB: 2048,
    timeout: Duration.minutes(15),
  },
  clusterReduce: {
    folder: 'cluster-reduce',
    memoryMiB: 2048,
    timeout: Duration.minutes(15),
  },
};

/** Absolute path of each Lambda entry, `functions/<folder>/handler.ts`. */
export const LAMBDA_ENTRIES = Object.fromEntries(
  Object.entries(FUNCTION_SPECS).map(([name, spec]) => [
    name,
    fileURLToPath(new URL(`../functions/${spec.folder}/handler.ts`, import.meta.url)),
  ]),
) as Record<FunctionName, string>;

/** Makes `require` work inside the ESM bundle for CommonJS dependencies. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface AggressorsStackProps extends StackProps {
  /** Days `work/` objects (shards, raw outputs) are kept. */
  workRetentionDays?: number;
  /** Shards inferred at once by the Map state. */
  inferConcurrency?: number;
  /** Hours an execution may run before Step Functions times it out. */
  executionTimeoutHours?: number;
  /** POWERTOOLS_LOG_LEVEL of every function. */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

export class AggressorsStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly table: dynamodb.Table;
  readonly functions: Record<FunctionName, nodejs.NodejsFunction>;
  readonly stateMachine: sfn.StateMachine;
  readonly webhookSecret: secretsmanager.Secret;
  /** Signs the report links in alerts: reads reports, nothing else. */
  reportLinkRole!: iam.Role;
  readonly uploadRule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;
  readonly endpointNamePrefix: CfnParameter;

  constructor(scope: Construct, id: string, props: AggressorsStackProps = {}) {
    super(scope, id, props);

    this.endpointNamePrefix = new CfnParameter(this, 'EndpointNamePrefix', {
      type: 'String',
      default: 'aggressors-',
      allowedPattern: '^[a-z0-9][a-z0-9-]{0,62}$',
      constraintDescription:
        'lowercase letters, digits and hyphens: SageMaker endpoint ARNs are lowercase',
      description:
        'The pipeline may invoke only SageMaker endpoints whose name starts so',
    });
    this.bucket = this.createBucket(props.workRetentionDays ?? 14);
    this.table = this.createTable();
    this.webhookSecret = new secretsmanager.Secret(this, 'WebhookSecret', {
      description:
        'Where aggressors sends alerts: {"slackUrl", "webhookUrl", "signingSecret"}, set by you (docs/notifications.md)',
    });
    this.functions = this.createFunctions(props.logLevel ?? 'INFO');
    this.stateMachine = this.createStateMachine({
      inferConcurrency: props.inferConcurrency ?? DEFAULT_INFER_CONCURRENCY,
      timeoutSeconds:
        props.executionTimeoutHours === undefined
          ? DEFAULT_EXECUTION_TIMEOUT_SECONDS
          : props.executionTimeoutHours * 3600,
    });
    this.functions.onUpload.addEnvironment(
      'STATE_MACHINE_ARN',
      this.stateMachine.stateMachineArn,
    );
    this.grantLeastPrivilege();
    this.deadLetterQueue = this.createDeadLetterQueue();
    this.uploadRule = this.createUploadRule();
    this.createAlarms();
    this.createOutputs();
  }

  private createBucket(workRetentionDays: number): s3.Bucket {
    const accessLogs = new s3.Bucket(this, 'AccessLogBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    return new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      eventBridgeEnabled: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'bucket/',
      lifecycleRules: [
        {
          id: 'ExpireWork',
          prefix: 'work/',
          expiration: Duration.days(workRetentionDays),
          noncurrentVersionExpiration: Duration.days(1),
        },
        {
          id: 'TidyVersionsAndUploads',
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private createTable(): dynamodb.Table {
    return new dynamodb.Table(this, 'Table', {
      partitionKey: {
        name: TABLE_KEY_SCHEMA.partitionKey,
        type: dynamodb.AttributeType.STRING,
      },
      sortKey: { name: TABLE_KEY_SCHEMA.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private createFunctions(
    logLevel: string,
  ): Record<FunctionName, nodejs.NodejsFunction> {
    const names = Object.keys(FUNCTION_SPECS) as FunctionName[];
    const made = names.map(
      (name) => [name, this.createFunction(name, logLevel)] as const,
    );
    const functions = Object.fromEntries(made) as Record<
      FunctionName,
      nodejs.NodejsFunction
    >;
    functions.notify.addEnvironment('WEBHOOK_SECRET_ARN', this.webhookSecret.secretArn);

    return functions;
  }

  private createFunction(name: FunctionName, logLevel: string): nodejs.NodejsFunction {
    const spec = FUNCTION_SPECS[name];
    const id = name.charAt(0).toUpperCase() + name.slice(1);
    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    return new nodejs.NodejsFunction(this, `${id}Function`, {
      entry: LAMBDA_ENTRIES[name],
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMiB,
      timeout: spec.timeout,
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'aggressors',
        POWERTOOLS_LOG_LEVEL: logLevel,
        // pipelineDepsFromEnv requires it; on-upload never reads it.
        ...(name === 'onUpload' ? {} : { BUCKET_NAME: this.bucket.bucketName }),
        TABLE_NAME: this.table.tableName,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        forceDockerBundling: false,
        format: nodejs.OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        target: 'node22',
        logLevel: nodejs.LogLevel.WARNING,
        ...(name === 'runTests' && { commandHooks: copyChartLibrary() }),
      },
    });
  }

  /**
   * The definition carries its own TimeoutSeconds: CDK's `timeout` prop is
   * not applied to a definition given as a string.
   */
  private createStateMachine(options: PipelineOptions): sfn.StateMachine {
    const { prepare, infer, analyze, runTests, notify, clusterShard, clusterReduce } =
      this.functions;
    const definition = buildPipelineDefinition(
      {
        prepare: prepare.functionArn,
        infer: infer.functionArn,
        analyze: analyze.functionArn,
        runTests: runTests.functionArn,
        notify: notify.functionArn,
        clusterShard: clusterShard.functionArn,
        clusterReduce: clusterReduce.functionArn,
      },
      options,
    );
    const machine = new sfn.StateMachine(this, 'Pipeline', {
      definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(definition)),
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'PipelineLogs', {
          retention: logs.RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    for (const fn of [
      prepare,
      infer,
      analyze,
      runTests,
      notify,
      clusterShard,
      clusterReduce,
    ])
      fn.grantInvoke(machine);

    return machine;
  }

  /** The grants of infra/access.ts, plus SageMaker, the secret and StartExecution. */
  private grantLeastPrivilege(): void {
    const names = Object.keys(FUNCTION_ACCESS) as FunctionName[];
    for (const name of names) {
      for (const statement of this.accessStatements(FUNCTION_ACCESS[name]))
        this.functions[name].addToRolePolicy(statement);
    }

    this.functions.infer.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['sagemaker:InvokeEndpoint'],
        resources: [
          `arn:${Aws.PARTITION}:sagemaker:${Aws.REGION}:${Aws.ACCOUNT_ID}:endpoint/` +
            `${this.endpointNamePrefix.valueAsString}*`,
        ],
      }),
    );
    this.webhookSecret.grantRead(this.functions.notify);
    this.grantReportLinks(this.functions.notify);
    this.stateMachine.grantStartExecution(this.functions.onUpload);
  }

  /**
   * The role report links in alerts are signed with (shared/aws/report-link.ts):
   * notify assumes it for one hour; it may read reports and nothing else, so a
   * leaked link opens one report for at most an hour.
   */
  private grantReportLinks(notify: nodejs.NodejsFunction): void {
    const role = new iam.Role(this, 'ReportLinkRole', {
      assumedBy: new iam.ArnPrincipal(notify.role!.roleArn),
      maxSessionDuration: Duration.hours(1),
      description:
        'Signs the report links in aggressors alerts (read-only, reports only)',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(REPORT_OBJECTS)],
      }),
    );
    role.grantAssumeRole(notify.role!);
    notify.addEnvironment('REPORT_LINK_ROLE_ARN', role.roleArn);
    this.reportLinkRole = role;
  }

  private accessStatements(access: FunctionAccess): iam.PolicyStatement[] {
    const statements = access.objects.map(
      ({ prefix, actions }) =>
        new iam.PolicyStatement({
          actions,
          resources: [this.bucket.arnForObjects(keysUnder(prefix))],
        }),
    );
    if (access.lists.length > 0) {
      statements.push(
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [this.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': access.lists.map(keysUnder) } },
        }),
      );
    }
    if (access.table.length > 0) {
      statements.push(
        new iam.PolicyStatement({
          actions: access.table,
          resources: [this.table.tableArn],
        }),
      );
    }

    return statements;
  }

  private createDeadLetterQueue(): sqs.Queue {
    return new sqs.Queue(this, 'UploadDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
  }

  /**
   * Object Created events of `evaluations/<project>/<modelVersion>/manifest.json`.
   * EventBridge's `*` matches any characters, '/' included; one `*` per folder
   * keeps the pattern right either way, and on-upload ignores deeper keys.
   */
  private createUploadRule(): events.Rule {
    const onUpload = this.functions.onUpload;
    onUpload.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
    });

    return new events.Rule(this, 'ManifestUploaded', {
      description: 'A manifest.json under evaluations/ starts a run',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [this.bucket.bucketName] },
          object: { key: events.Match.wildcard('evaluations/*/*/manifest.json') },
        },
      },
      targets: [
        new targets.LambdaFunction(onUpload, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
  }

  private createAlarms(): void {
    const topic = new sns.Topic(this, 'AlarmTopic', {
      enforceSSL: true,
      masterKey: kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    const every5Minutes = { period: Duration.minutes(5) };
    const runsFailed = this.alarmOnAny(
      'RunsFailedAlarm',
      this.stateMachine.metricFailed(every5Minutes),
      'A pipeline execution failed',
    );
    const runsTimedOut = this.alarmOnAny(
      'RunsTimedOutAlarm',
      this.stateMachine.metricTimedOut(every5Minutes),
      'A pipeline execution timed out; its run record still says running',
    );
    const runsAborted = this.alarmOnAny(
      'RunsAbortedAlarm',
      this.stateMachine.metricAborted(every5Minutes),
      'A pipeline execution was stopped; its run record still says running',
    );
    const uploadsDropped = this.alarmOnAny(
      'UploadsDroppedAlarm',
      this.deadLetterQueue.metricApproximateNumberOfMessagesVisible(every5Minutes),
      'An upload event could not start a run',
    );
    for (const alarm of [runsFailed, runsTimedOut, runsAborted, uploadsDropped]) {
      alarm.addAlarmAction(new cloudwatchActions.SnsAction(topic));
    }
    new CfnOutput(this, 'AlarmTopicArn', { value: topic.topicArn });
  }

  /** An alarm raised when the metric is at least 1 in a period. */
  private alarmOnAny(
    id: string,
    metric: cloudwatch.IMetric,
    what: string,
  ): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      alarmDescription: `${what}: see docs/deploying.md`,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator:
        cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  private createOutputs(): void {
    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'StateMachineArn', {
      value: this.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'WebhookSecretArn', { value: this.webhookSecret.secretArn });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
  }
}

/**
 * RunTests renders the report, which inlines vega's browser builds; esbuild
 * bundles code, not those files, so they are copied beside the handler
 * (shared/report/chart-library.ts reads them there).
 */
export function copyChartLibrary(): nodejs.ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => {
      const dir = path.join(outputDir, BUNDLED_CHART_LIBRARY_DIR);
      return [
        `mkdir -p "${dir}"`,
        ...chartLibraryBuilds().map(
          ({ path: from, file }) => `cp "${from}" "${path.join(dir, file)}"`,
        ),
      ];
    },
  };
}
