import { describe, it, expect } from 'vitest';
import { readOnUploadConfig } from '../../../functions/on-upload/config.ts';

describe('Function: readOnUploadConfig', () => {
  it('reads the table and the state machine ARN', () => {
    const config = readOnUploadConfig({ TABLE_NAME: 't', STATE_MACHINE_ARN: 'arn:sm' });

    expect(config).toEqual({ table: 't', stateMachineArn: 'arn:sm' });
  });

  it('names a missing variable', () => {
    expect(() => readOnUploadConfig({ TABLE_NAME: 't' })).toThrow(
      'environment variable STATE_MACHINE_ARN must be set to a non-empty value',
    );
  });

  it('names a blank variable', () => {
    expect(() =>
      readOnUploadConfig({ TABLE_NAME: ' ', STATE_MACHINE_ARN: 'a' }),
    ).toThrow('environment variable TABLE_NAME must be set');
  });
});
