/**
 * What the demo's lifecycle must show (issue 5, item 7): the saved hard-ham
 * test improves or passes in v2 and regresses in v3, v3's overall accuracy
 * stays within about one point of v2's, the gate lets v2 through and stops
 * v3, and the local sink holds no message for v2 and one for v3.
 */

/** "About one point" of overall accuracy, as a share. */
export const MAX_ACCURACY_GAP = 0.01;

/** What one model version's run showed. */
export interface VersionOutcome {
  modelVersion: string;
  accuracy: number | null;
  /** The hard-ham test's status in this run; undefined before it is saved. */
  testStatus?: string;
  /** Exit code of `aggressors gate` for this version; undefined if not gated. */
  gateExitCode?: number;
  /**
   * Messages the local sink received during this version's run; null when
   * alerts go to a configured webhook instead, where they cannot be counted.
   */
  alerts: number | null;
  /** What those messages break of Slack's Block Kit limits. */
  alertProblems?: string[];
}

export interface LifecycleOutcome {
  v1: VersionOutcome;
  v2: VersionOutcome;
  v3: VersionOutcome;
}

/** Each expectation the outcome misses, as a sentence; empty when all hold. */
export function lifecycleProblems(outcome: LifecycleOutcome): string[] {
  const { v2, v3 } = outcome;
  const problems: string[] = [];
  if (v2.testStatus !== 'improved' && v2.testStatus !== 'pass') {
    problems.push(`v2's hard-ham test is ${v2.testStatus}, expected improved or pass`);
  }
  if (v3.testStatus !== 'regressed') {
    problems.push(`v3's hard-ham test is ${v3.testStatus}, expected regressed`);
  }
  problems.push(...accuracyProblems(v2, v3));
  if (v2.gateExitCode !== 0) {
    problems.push(`the gate of v2 exited ${v2.gateExitCode}, expected 0`);
  }
  if (v3.gateExitCode === undefined || v3.gateExitCode === 0) {
    problems.push(`the gate of v3 exited ${v3.gateExitCode}, expected non-zero`);
  }
  if (v2.alerts !== null && v2.alerts !== 0) {
    problems.push(`v2 sent ${v2.alerts} alerts, expected none`);
  }
  if (v3.alerts !== null && v3.alerts !== 1) {
    problems.push(`v3 sent ${v3.alerts} alerts, expected one`);
  }
  for (const version of [outcome.v1, v2, v3]) {
    for (const problem of version.alertProblems ?? []) {
      problems.push(`an alert of ${version.modelVersion} breaks Block Kit: ${problem}`);
    }
  }

  return problems;
}

function accuracyProblems(v2: VersionOutcome, v3: VersionOutcome): string[] {
  if (v2.accuracy === null || v3.accuracy === null) {
    return [`overall accuracy is missing (v2 ${v2.accuracy}, v3 ${v3.accuracy})`];
  }
  const gap = Math.abs(v3.accuracy - v2.accuracy);
  if (gap > MAX_ACCURACY_GAP) {
    return [
      `v3's overall accuracy is ${(gap * 100).toFixed(2)} points from v2's, ` +
        `expected at most ${MAX_ACCURACY_GAP * 100}`,
    ];
  }

  return [];
}
