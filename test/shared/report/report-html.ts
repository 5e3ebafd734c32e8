/** Reading back what a rendered report holds, for tests. */

const DATA_OPEN = '<script type="application/json" id="report-data">';

export interface ReportData {
  charts: Record<
    string,
    Record<string, unknown> & { datasets?: Record<string, unknown[]> }
  >;
  colorings: Record<string, { field: string; title: string }>;
}

/** The JSON block every chart is drawn from. */
export function reportData(html: string): ReportData {
  const start = html.indexOf(DATA_OPEN);
  const end = html.indexOf('</script>', start);
  if (start < 0 || end < 0) throw new Error('the report has no data block');

  return JSON.parse(html.slice(start + DATA_OPEN.length, end)) as ReportData;
}
