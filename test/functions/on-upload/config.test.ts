import { describe, it, expect } from 'vitest';
import { readOnUploadConfig } from '../../../functions/on-upload/config.ts';
import { ConfigError } from '../../../shared/aws/config-error.ts';

describe('Function: readOnUploadConfig', () => {
  it('reads the table and the state machine ARN', () => {
    const config = readOnUploadConfig({ TABLE_NAME: 't', STATE_MACHINE_ARN: 'arn:sm' });

    expect(config).toEqual({ table: 't', stateMachineArn: 'arn:sm' });
  });

  it('does not need BUCKET_NAME, which on-upload never reads', () => {
    const config = readOnUploadConfig({ TABLE_NAME: 't', STATE_MACHINE_ARN: 'arn:sm' });

    expect(Object.keys(config).sort()).toEqual(['stateMachineArn', 'table']);
  });

  it('throws a ConfigError naming a missing variable', () => {
    const read = () => readOnUploadConfig({ TABLE_NAME: 't' });

    expect(read).toThrow(ConfigError);
    expect(read).toThrow(
      'environment variable STATE_MACHINE_ARN is required but not set',
    );
  });

  it('takes a blank variable as missing and names it', () => {
    expect(() =>
      readOnUploadConfig({ TABLE_NAME: ' ', STATE_MACHINE_ARN: 'a' }),
    ).toThrow('environment variable TABLE_NAME is required but not set');
  });
});
