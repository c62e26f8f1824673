/** The report formats and their file names, apart from the renderers so the CLI can parse flags without loading them. */
export const REPORT_FORMATS = ['html', 'pdf', 'csv', 'junit', 'sarif', 'md', 'oscal'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The file each format writes in the output folder. */
export const REPORT_FILES: Record<ReportFormat, string> = {
  html: 'report.html',
  pdf: 'report.pdf',
  csv: 'findings.csv',
  junit: 'junit.xml',
  sarif: 'results.sarif',
  md: 'summary.md',
  oscal: 'oscal-assessment-results.json',
};

export type Paper = 'a4' | 'letter';
export const PAPERS: readonly Paper[] = ['a4', 'letter'];
