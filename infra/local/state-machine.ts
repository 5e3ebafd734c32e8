import 'core-js/actual/promise/with-resolvers.js';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { StateMachine } from 'aws-local-stepfunctions';
import type { RunInput } from '../../shared/pipeline/types.ts';
import type { Logger } from '../../shared/logger.ts';
import type { TASK_STATE_NAMES } from '../pipeline.ts';
import { buildPipelineDefinition } from '../pipeline.ts';

/** The pipeline's Task states, bound to local functions by state name. */
export type LocalTaskHandlers = Record<
  (typeof TASK_STATE_NAMES)[keyof typeof TASK_STATE_NAMES],
  (input: unknown) => Promise<unknown>
>;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface LocalExecution {
  name: string;
  input: RunInput;
  status: ExecutionStatus;
  startedAtEpochMs: number;
  stoppedAtEpochMs?: number;
  output?: unknown;
  error?: string;
  done: Promise<void>;
}

const LOCAL_ARN = (name: string) =>
  `arn:aws:lambda:us-east-1:000000000000:function:aggressors-${name}`;

/** The function ARNs the local definition carries; Tasks run locally instead. */
export const LOCAL_FUNCTION_ARNS = {
  prepare: LOCAL_ARN('prepare'),
  infer: LOCAL_ARN('infer'),
  analyze: LOCAL_ARN('analyze'),
  runTests: LOCAL_ARN('run-tests'),
  notify: LOCAL_ARN('notify'),
  clusterShard: LOCAL_ARN('cluster-shard'),
  clusterReduce: LOCAL_ARN('cluster-reduce'),
};

/**
 * The pipeline definition from infra/pipeline.ts run by aws-local-stepfunctions,
 * with execution names unique as in Step Functions: starting a name twice
 * returns 'duplicate' and runs nothing.
 */
export class LocalStateMachine {
  readonly executions = new Map<string, LocalExecution>();
  private readonly machine: StateMachine;
  private readonly usedNames: Set<string>;

  /**
   * `namesFile` keeps the execution names used so far, one a line, so that a
   * name is refused across commands as Step Functions refuses it for 90 days.
   */
  constructor(
    private readonly handlers: LocalTaskHandlers,
    private readonly logger: Logger,
    private readonly namesFile: string,
    private readonly onStateEntered?: (execution: string, state: string) => void,
  ) {
    const definition = buildPipelineDefinition(LOCAL_FUNCTION_ARNS);
    this.machine = new StateMachine(definition as never, {
      validationOptions: { checkArn: true, checkPaths: true },
    });
    this.usedNames = new Set(
      existsSync(namesFile)
        ? readFileSync(namesFile, 'utf8').split('\n').filter(Boolean)
        : [],
    );
  }

  async start(name: string, input: RunInput): Promise<'started' | 'duplicate'> {
    if (this.usedNames.has(name)) return 'duplicate';
    this.usedNames.add(name);
    await appendFile(this.namesFile, `${name}\n`);
    const execution: LocalExecution = {
      name,
      input,
      status: 'RUNNING',
      startedAtEpochMs: Date.now(),
      done: Promise.resolve(),
    };
    this.executions.set(name, execution);
    execution.done = this.execute(execution);
    return 'started';
  }

  /** Resolves when every execution started so far has stopped. */
  async idle(): Promise<void> {
    let pending = [...this.executions.values()].filter((e) => e.status === 'RUNNING');
    while (pending.length > 0) {
      await Promise.all(pending.map((e) => e.done));
      pending = [...this.executions.values()].filter((e) => e.status === 'RUNNING');
    }
  }

  private async execute(execution: LocalExecution): Promise<void> {
    const run = this.machine.run(execution.input as never, {
      overrides: { taskResourceLocalHandlers: this.handlers as never },
      context: { Execution: { Name: execution.name } } as never,
    });
    void this.followEvents(execution.name, run.eventLogs);
    try {
      execution.output = await run.result;
      execution.status = 'SUCCEEDED';
    } catch (error) {
      execution.status = 'FAILED';
      execution.error = error instanceof Error ? error.message : String(error);
    }
    execution.stoppedAtEpochMs = Date.now();
    this.logger.info('execution stopped', {
      execution: execution.name,
      status: execution.status,
      durationMs: execution.stoppedAtEpochMs - execution.startedAtEpochMs,
    });
  }

  private async followEvents(
    name: string,
    events: AsyncGenerator<{ type: string; state?: { name: string } }>,
  ): Promise<void> {
    for await (const event of events) {
      if (event.type === 'StateEntered' && event.state) {
        this.onStateEntered?.(name, event.state.name);
      }
    }
  }
}
