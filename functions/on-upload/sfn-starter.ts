import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { RunInput } from '../../shared/pipeline/types.ts';
import type { ExecutionStarter } from './on-upload.ts';

/**
 * Starts executions of the pipeline. Step Functions refuses a second
 * execution of the same name, which is what makes a redelivery a 'duplicate'.
 */
export function sfnStarter(
  client: SFNClient,
  stateMachineArn: string,
): ExecutionStarter {
  return {
    async start(name: string, input: RunInput) {
      try {
        await client.send(
          new StartExecutionCommand({
            stateMachineArn,
            name,
            input: JSON.stringify(input),
          }),
        );
      } catch (error) {
        if ((error as { name?: string } | null)?.name === 'ExecutionAlreadyExists') {
          return 'duplicate';
        }
        throw error;
      }

      return 'started';
    },
  };
}
