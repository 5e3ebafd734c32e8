import { describe, expect, it } from 'vitest';
import { TestsReportError } from '../../../shared/tracking/errors.ts';
import { parseTestsReport } from '../../../shared/tracking/parse-tests-report.ts';
import { testResult, testsReport } from '../../functions/notify/fixtures.ts';

const FILE = 's3://bkt/results/spam/v2/spam-v2-abc/tests.json';

function errorOf(text: string): TestsReportError {
  try {
    parseTestsReport(text, FILE);
  } catch (error) {
    return error as TestsReportError;
  }
  throw new Error('the tests result was read');
}

describe('Function: parseTestsReport', () => {
  it('reads tests.json as RunTests writes it, keeping fields it does not know', () => {
    const report = { ...testsReport(), addedLater: true };

    expect(parseTestsReport(JSON.stringify(report), FILE)).toEqual(testsReport());
  });

  it('reads counts written before a status existed as 0 for it', () => {
    const report = testsReport();
    const { improved: _improved, ...olderCounts } = report.counts;

    const read = parseTestsReport(
      JSON.stringify({ ...report, counts: olderCounts }),
      FILE,
    );

    expect(read.counts).toEqual({ ...report.counts, improved: 0 });
  });

  it('names the file, line, field and value of a bad field', () => {
    const report = testsReport({ tests: [testResult({ members: 2.5 })] });
    const text = JSON.stringify(report, null, 2);
    const line = text.split('\n').findIndex((l) => l.includes('2.5')) + 1;

    const error = errorOf(text);

    expect(error).toBeInstanceOf(TestsReportError);
    expect(error.message).toBe(
      `${FILE} line ${line}, field "tests[0].members": expected a whole number >= 0, got 2.5`,
    );
    expect(error).toMatchObject({
      file: FILE,
      line,
      field: 'tests[0].members',
      value: 2.5,
    });
  });

  it('names a missing part and a bare NaN', () => {
    const { counts: _counts, ...withoutCounts } = testsReport();

    expect(errorOf(JSON.stringify(withoutCounts)).message).toBe(
      `${FILE}, field "counts": missing; expected counts by status`,
    );
    expect(errorOf('{"schemaVersion": 1, "tests": [{"value": NaN}]}').field).toBe(
      'tests[0].value',
    );
  });
});
