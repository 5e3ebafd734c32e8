import { describe, it, expect, beforeAll } from 'vitest';
import { App } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { acknowledgeAcceptedFindings } from '../../infra/nag.ts';
import { buildPipelineDefinition } from '../../infra/pipeline.ts';
import { AggressorsStack } from '../../infra/stack.ts';
import type { FunctionName } from '../../infra/stack.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };

let stack: AggressorsStack;
let template: Template;
let resources: Record<string, Resource>;

function logicalId(fn: FunctionName): string {
  return stack.getLogicalId(stack.functions[fn].node.defaultChild as CfnElement);
}

function ofType(type: string): [string, Resource][] {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

function policyStatementsOf(fn: FunctionName): Record<string, unknown>[] {
  const role = (stack.functions[fn].role!.node.defaultChild as CfnElement).logicalId;
  const roleId = stack.resolve(role) as string;

  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(roleId))
    .flatMap(
      ([, policy]) => (policy.Properties.PolicyDocument as { Statement: [] }).Statement,
    );
}

/** The function's statements on the service's actions (`s3:`, `dynamodb:`). */
function statementsOn(fn: FunctionName, service: string): Record<string, unknown>[] {
  const actionsOf = (statement: Record<string, unknown>) => [statement.Action].flat();

  return policyStatementsOf(fn).filter((statement) =>
    actionsOf(statement).some((action) => String(action).startsWith(`${service}:`)),
  );
}

function bucketArn(): object {
  const bucketId = stack.getLogicalId(stack.bucket.node.defaultChild as CfnElement);

  return { 'Fn::GetAtt': [bucketId, 'Arn'] };
}

function keysUnder(prefix: string): object {
  return { 'Fn::Join': ['', [bucketArn(), `/${prefix}/*`]] };
}

function listing(...prefixes: string[]): object {
  return {
    Action: 's3:ListBucket',
    Effect: 'Allow',
    Resource: bucketArn(),
    Condition: { StringLike: { 's3:prefix': prefixes.map((p) => `${p}/*`) } },
  };
}

function tableActions(fn: FunctionName): unknown[] {
  const tableId = stack.getLogicalId(stack.table.node.defaultChild as CfnElement);
  const statements = statementsOn(fn, 'dynamodb');
  for (const statement of statements)
    expect(statement.Resource, fn).toEqual({ 'Fn::GetAtt': [tableId, 'Arn'] });

  return statements.flatMap((statement) => [statement.Action].flat()).sort();
}

/** Resolves the Fn::Join of the definition, putting a placeholder for each function ARN. */
function resolveDefinition(definitionString: unknown): unknown {
  const [, parts] = (definitionString as { 'Fn::Join': [string, unknown[]] })[
    'Fn::Join'
  ];
  const names = Object.keys(stack.functions) as FunctionName[];
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const [id] = (part as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
      const name = names.find((candidate) => logicalId(candidate) === id);
      return `placeholder:${name}`;
    })
    .join('');

  return JSON.parse(text);
}

beforeAll(() => {
  const app = new App({ context: cdkJson.context });
  stack = new AggressorsStack(app, 'Aggressors', {
    inferConcurrency: 6,
    executionTimeoutHours: 3,
  });
  acknowledgeAcceptedFindings(stack);
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Record<string, Resource>;
});

describe('Class: AggressorsStack', () => {
  it('blocks public access, encrypts, versions, enforces TLS and logs the upload bucket', () => {
    const bucketId = stack.getLogicalId(stack.bucket.node.defaultChild as CfnElement);
    const bucket = resources[bucketId]!;

    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.any(String) } },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('expires work/ objects and sends bucket events to EventBridge', () => {
    const bucketId = stack.getLogicalId(stack.bucket.node.defaultChild as CfnElement);
    const rules = (
      resources[bucketId]!.Properties.LifecycleConfiguration as { Rules: [] }
    ).Rules;

    expect(rules).toContainEqual(
      expect.objectContaining({
        Prefix: 'work/',
        ExpirationInDays: 14,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        Status: 'Enabled',
      }),
    );
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: bucketId },
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    });
  });

  it('routes Object Created events of nested manifest keys to on-upload with a DLQ and retries', () => {
    const bucketId = stack.getLogicalId(stack.bucket.node.defaultChild as CfnElement);

    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: {
          bucket: { name: [{ Ref: bucketId }] },
          object: { key: [{ wildcard: 'evaluations/*/*/manifest.json' }] },
        },
      },
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [logicalId('onUpload'), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 },
          Id: Match.anyValue(),
        },
      ],
    });
  });

  it('keys the table by pk/sk strings, on demand, with point-in-time recovery, retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('runs every function on Node.js 24 arm64 with analyze given the most memory', () => {
    const functions = (Object.keys(stack.functions) as FunctionName[]).map(
      (name) => [name, resources[logicalId(name)]!.Properties] as const,
    );

    for (const [, props] of functions) {
      expect(props).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: {
          Variables: expect.objectContaining({
            POWERTOOLS_SERVICE_NAME: 'aggressors',
            POWERTOOLS_LOG_LEVEL: 'INFO',
            TABLE_NAME: expect.anything(),
          }),
        },
      });
    }
    const memory = Object.fromEntries(
      functions.map(([n, p]) => [n, p.MemorySize as number]),
    );
    expect(Math.max(...Object.values(memory))).toBe(memory.analyze);
    expect(Object.values(memory).filter((m) => m === memory.analyze)).toHaveLength(1);
  });

  it('gives the bucket name to the pipeline functions and not to on-upload, which never reads it', () => {
    const env = (name: FunctionName) =>
      (resources[logicalId(name)]!.Properties.Environment as { Variables: object })
        .Variables;
    const bucketId = stack.getLogicalId(stack.bucket.node.defaultChild as CfnElement);

    expect(env('onUpload')).not.toHaveProperty('BUCKET_NAME');
    for (const name of ['prepare', 'infer', 'analyze', 'runTests', 'notify'] as const)
      expect(env(name), name).toHaveProperty('BUCKET_NAME', { Ref: bucketId });
  });

  it('gives on-upload the state machine ARN and notify the webhook secret ARN', () => {
    const env = (name: FunctionName) =>
      (resources[logicalId(name)]!.Properties.Environment as { Variables: object })
        .Variables;

    expect(env('onUpload')).toMatchObject({
      STATE_MACHINE_ARN: {
        Ref: stack.getLogicalId(stack.stateMachine.node.defaultChild as CfnElement),
      },
    });
    expect(env('notify')).toMatchObject({
      WEBHOOK_SECRET_ARN: {
        Ref: stack.getLogicalId(stack.webhookSecret.node.defaultChild as CfnElement),
      },
    });
    const [[, secret]] = ofType('AWS::SecretsManager::Secret') as [[string, Resource]];
    expect(secret.Properties).not.toHaveProperty('SecretString');
  });

  it('lets infer invoke only endpoints named with the EndpointNamePrefix parameter', () => {
    const statements = policyStatementsOf('infer').filter(
      (statement) => statement.Action === 'sagemaker:InvokeEndpoint',
    );

    expect(statements).toEqual([
      {
        Action: 'sagemaker:InvokeEndpoint',
        Effect: 'Allow',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':sagemaker:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':endpoint/',
              { Ref: 'EndpointNamePrefix' },
              '*',
            ],
          ],
        },
      },
    ]);
    template.hasParameter('EndpointNamePrefix', {
      Type: 'String',
      AllowedPattern: '^[a-z0-9][a-z0-9-]{0,62}$',
    });
  });

  it('lets prepare read uploads and their versions, write, delete and list work/, and list evaluations/', () => {
    expect(statementsOn('prepare', 's3')).toEqual([
      {
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Effect: 'Allow',
        Resource: keysUnder('evaluations'),
      },
      {
        Action: ['s3:PutObject', 's3:DeleteObject'],
        Effect: 'Allow',
        Resource: keysUnder('work'),
      },
      listing('evaluations', 'work'),
    ]);
  });

  it('lets infer read and write work/ objects only, with no listing', () => {
    expect(statementsOn('infer', 's3')).toEqual([
      {
        Action: ['s3:GetObject', 's3:PutObject'],
        Effect: 'Allow',
        Resource: keysUnder('work'),
      },
    ]);
  });

  it('lets analyze read and list work/ and write results/, with no access to evaluations/', () => {
    expect(statementsOn('analyze', 's3')).toEqual([
      { Action: 's3:GetObject', Effect: 'Allow', Resource: keysUnder('work') },
      { Action: 's3:PutObject', Effect: 'Allow', Resource: keysUnder('results') },
      listing('work'),
    ]);
  });

  it('lets the clustering functions read and write work/ objects, and only the reduce list it', () => {
    const readWriteWork = {
      Action: ['s3:GetObject', 's3:PutObject'],
      Effect: 'Allow',
      Resource: keysUnder('work'),
    };

    expect(statementsOn('clusterShard', 's3')).toEqual([readWriteWork]);
    expect(statementsOn('clusterReduce', 's3')).toEqual([
      readWriteWork,
      listing('work'),
    ]);
    expect(tableActions('clusterShard')).toEqual([]);
    expect(tableActions('clusterReduce')).toEqual([]);
  });

  it('gives on-upload no S3 permission, and notify only reading results/', () => {
    expect(statementsOn('onUpload', 's3')).toEqual([]);
    expect(statementsOn('notify', 's3')).toEqual([
      { Action: 's3:GetObject', Effect: 'Allow', Resource: keysUnder('results') },
    ]);
  });

  it('signs report links with a role that only reads reports, assumable by notify alone, for an hour', () => {
    const roleId = stack.getLogicalId(
      stack.reportLinkRole.node.defaultChild as CfnElement,
    );
    const role = template.toJSON().Resources[roleId];
    const notifyRole = stack.getLogicalId(
      stack.functions.notify.role!.node.defaultChild as CfnElement,
    );

    expect(role.Properties.MaxSessionDuration).toBe(3600);
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::GetAtt': [notifyRole, 'Arn'] } },
      },
    ]);
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter(
      (p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
    );
    expect(policies.flatMap((p) => p.Properties.PolicyDocument.Statement)).toEqual([
      {
        Action: 's3:GetObject',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [bucketArn(), '/results/*/report.html']] },
      },
    ]);
    expect(JSON.stringify(policyStatementsOf('notify'))).toContain('sts:AssumeRole');
  });

  it('lets run-tests read evaluations/ (thumbnails), read and list tests/ and work/, and read, write and list results/', () => {
    expect(statementsOn('runTests', 's3')).toEqual([
      { Action: 's3:GetObject', Effect: 'Allow', Resource: keysUnder('evaluations') },
      { Action: 's3:GetObject', Effect: 'Allow', Resource: keysUnder('tests') },
      { Action: 's3:GetObject', Effect: 'Allow', Resource: keysUnder('work') },
      {
        Action: ['s3:GetObject', 's3:PutObject'],
        Effect: 'Allow',
        Resource: keysUnder('results'),
      },
      listing('tests', 'work', 'results'),
    ]);
  });

  it('grants each function exactly the DynamoDB actions it calls, on the table only', () => {
    expect(tableActions('onUpload')).toEqual(['dynamodb:PutItem']);
    expect(tableActions('prepare')).toEqual(['dynamodb:UpdateItem']);
    expect(tableActions('infer')).toEqual([]);
    expect(tableActions('analyze')).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:Query',
    ]);
    expect(tableActions('runTests')).toEqual([
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(tableActions('notify')).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });

  it('grants no function a SageMaker permission except infer, nor StartExecution except on-upload', () => {
    for (const name of Object.keys(stack.functions) as FunctionName[]) {
      const actions = JSON.stringify(policyStatementsOf(name).map((s) => s.Action));
      expect(actions.includes('sagemaker:'), name).toBe(name === 'infer');
      expect(actions.includes('states:StartExecution'), name).toBe(name === 'onUpload');
      expect(actions.includes('secretsmanager:GetSecretValue'), name).toBe(
        name === 'notify',
      );
    }
  });

  it('deploys the definition of buildPipelineDefinition with the function ARNs', () => {
    const [[, machine]] = ofType('AWS::StepFunctions::StateMachine') as [
      [string, Resource],
    ];
    const placeholders = {
      prepare: 'placeholder:prepare',
      infer: 'placeholder:infer',
      analyze: 'placeholder:analyze',
      runTests: 'placeholder:runTests',
      notify: 'placeholder:notify',
      clusterShard: 'placeholder:clusterShard',
      clusterReduce: 'placeholder:clusterReduce',
    };

    expect(resolveDefinition(machine.Properties.DefinitionString)).toEqual(
      buildPipelineDefinition(placeholders, {
        inferConcurrency: 6,
        timeoutSeconds: 3 * 3600,
      }),
    );
  });

  it('logs every execution event without execution data and traces with X-Ray', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: Match.anyValue() } }],
      },
      TracingConfiguration: { Enabled: true },
    });
  });

  for (const metric of [
    'ExecutionsFailed',
    'ExecutionsTimedOut',
    'ExecutionsAborted',
  ]) {
    it(`alarms on ${metric} of the state machine`, () => {
      const machineId = stack.getLogicalId(
        stack.stateMachine.node.defaultChild as CfnElement,
      );

      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metric,
        Namespace: 'AWS/States',
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: machineId } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: Match.anyValue() }],
      });
    });
  }

  it('outputs the bucket, table, state machine and webhook secret', () => {
    const outputs = Object.keys(template.toJSON().Outputs as object);

    expect(outputs).toEqual(
      expect.arrayContaining([
        'BucketName',
        'TableName',
        'StateMachineArn',
        'WebhookSecretArn',
      ]),
    );
  });

  it('passes the cdk-nag AwsSolutions checks with every acknowledgment explained', () => {
    const report = new AwsSolutionsChecks(stack.node.root).validateScope(stack);
    const acknowledged = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));

    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
    expect(report.success).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [, reason] of acknowledged)
      expect(String(reason).length).toBeGreaterThan(40);
  });

  it('reports an unacknowledged finding as a violation', () => {
    const skipBundling = { 'aws:cdk:bundling-stacks': [] };
    const app = new App({ context: { ...cdkJson.context, ...skipBundling } });
    const bare = new AggressorsStack(app, 'Bare');

    const report = new AwsSolutionsChecks(app).validateScope(bare);

    expect(report.success).toBe(false);
    expect(report.violations.map((v) => v.ruleName)).toContain('AwsSolutions-SMG4');
  });
});
