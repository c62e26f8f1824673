import { trivyReportObject } from '../../src/collect/vulns.js';
import { fixture } from './harness.js';

/** The Trivy JSON fixtures as the snapshot objects --vulns makes of them, as YAML documents. */
export function trivyDocs(...files: string[]): string {
  return files.map((f) => `\n---\n${JSON.stringify(trivyReportObject(fixture('vulns', f), `vulns/${f}`))}\n`).join('');
}

export const estate = (): string => fixture('checks', 'images', 'estate.yaml');
export const operatorReport = (): string => `\n---\n${fixture('vulns', 'vulnerability-report.yaml')}`;
