import { describe, expect, it } from 'vitest';
import { startLocalStorage } from '../../infra/local/storage.ts';
import { createRun } from '../../shared/aws/runs.ts';
import { runCli, withLocalHome } from './tests-cli-capture.ts';

describe('Command: aggressors runs', () => {
  it('prints the runs as a JSON array with --json, and [] for a project without runs', async () => {
    await withLocalHome(async (home) => {
      const storage = await startLocalStorage({ stateDir: home });
      try {
        await createRun(storage.ddb, storage.table, {
          project: 'pets',
          modelVersion: 'v1',
          runId: 'pets-v1-abc',
          status: 'succeeded',
          uploadedAtEpochMs: 5,
          manifestKey: 'evaluations/pets/v1/manifest.json',
        });
      } finally {
        await storage.close();
      }

      const pets = await runCli(['runs', 'pets', '--json']);
      const none = await runCli(['runs', 'nope', '--json']);

      expect(JSON.parse(pets.stdout)).toEqual([
        expect.objectContaining({
          project: 'pets',
          modelVersion: 'v1',
          runId: 'pets-v1-abc',
          status: 'succeeded',
        }),
      ]);
      expect(JSON.parse(none.stdout)).toEqual([]);
      expect(none.exitCode).toBeUndefined();
    });
  });
});
