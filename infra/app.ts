/** The CDK app: `npx cdk synth` / `npx cdk deploy` (cdk.json points here). */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { acknowledgeAcceptedFindings } from './nag.ts';
import { AggressorsStack } from './stack.ts';

const app = new App();
const stack = new AggressorsStack(app, 'Aggressors', {
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  },
  workRetentionDays: numberContext(app, 'workRetentionDays', 1),
  inferConcurrency: numberContext(app, 'inferConcurrency', 0),
  executionTimeoutHours: numberContext(app, 'executionTimeoutHours', 1),
});
acknowledgeAcceptedFindings(stack);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

function numberContext(scope: App, key: string, min: number): number | undefined {
  const raw: unknown = scope.node.tryGetContext(key);
  if (raw === undefined) return undefined;

  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(
      `context ${key} must be a whole number >= ${min}, got ${String(raw)}`,
    );
  }

  return value;
}
