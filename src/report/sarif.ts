import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Severity } from '../catalog/schema.js';
import type { EvidenceRecord, Results } from '../evaluate/types.js';
import { showInvisible } from '../util/inert.js';
import { valueText } from './format.js';
import { jsonChunks } from './json-stream.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** GitHub code scanning ranks alerts by this number: 9+ critical, 7+ high, 4+ medium, below low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

/** A manifest path as a URI reference: relative paths stay relative (to the repository root), absolute ones become file URIs. */
export function artifactUri(file: string): { uri: string; uriBaseId?: string } | undefined {
  if (!file || file === '<stdin>' || file === '-') return undefined;
  const normal = file.replace(/\\/g, '/');
  const encoded = normal
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  if (normal.startsWith('/')) return { uri: `file://${encoded}` };
  return { uri: encoded.replace(/^(\.\/)+/, ''), uriBaseId: '%SRCROOT%' };
}

function location(e: EvidenceRecord): NonNullable<Result['locations']>[number] {
  const o = e.object;
  // Names and messages are what code-scanning pages show: their hidden characters are shown as
  // escapes; `properties` keeps the exact values for programs.
  const logical = {
    name: showInvisible(o.name),
    fullyQualifiedName: showInvisible(`${o.namespace ? `${o.namespace}/` : ''}${o.kind}/${o.name}${e.container ? `/${e.container}` : ''}`),
    kind: 'resource',
  };
  const artifact = e.source ? artifactUri(e.source.file) : undefined;
  if (!artifact || !e.source) return { logicalLocations: [logical] };
  return {
    physicalLocation: { artifactLocation: artifact, region: { startLine: Math.max(1, e.source.line) } },
    logicalLocations: [logical],
  };
}

/**
 * results.sarif (SARIF 2.1.0): a rule per control, a result per failing or waived evidence record.
 * Manifest sources carry file and line, so GitHub code scanning shows them on the line that
 * set the field; waived findings are suppressed, with the waiver as the justification.
 */
export function* sarifChunks(results: Results): Generator<string> {
  const controls = results.controls;
  const frameworks = results.run.frameworks;
  const waivers = new Map(results.waivers.map((w) => [w.id, w]));
  const rules: ReportingDescriptor[] = controls.map((c) => {
    const mapped = frameworks.filter((f) => c.frameworks[f]?.length).map((f) => `${f}: ${c.frameworks[f]!.join(', ')}`);
    return {
      id: c.id,
      name: c.name,
      shortDescription: { text: c.title },
      fullDescription: { text: `${c.title}.${mapped.length ? ` Evidence for ${mapped.join('; ')}.` : ''}` },
      help: { text: `${c.title}. Run \`kubeproof controls show ${c.id}\` for the rationale and the remediation.`, markdown: `**${c.title}**\n\nRun \`kubeproof controls show ${c.id}\` for the rationale and the remediation.` },
      defaultConfiguration: { level: LEVEL[c.severity] },
      properties: {
        tags: ['security', 'kubernetes', 'compliance', ...frameworks.filter((f) => c.frameworks[f]?.length)],
        'security-severity': SECURITY_SEVERITY[c.severity],
        precision: 'very-high',
        severity: c.severity,
        frameworks: Object.fromEntries(frameworks.filter((f) => c.frameworks[f]?.length).map((f) => [f, c.frameworks[f]!])),
      },
    };
  });

  const head: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kubeproof',
            version: results.run.tool.version,
            semanticVersion: results.run.tool.version,
            rules,
          },
        },
        automationDetails: { id: `kubeproof/${showInvisible(results.run.cluster.name)}/` },
        columnKind: 'unicodeCodePoints',
        properties: {
          cluster: results.run.cluster.name,
          collectedAt: results.run.snapshot.collectedAt,
          snapshotDigest: results.run.snapshot.digest,
          catalogDigest: results.run.catalog.digest,
          frameworks,
        },
        results: [],
      },
    ],
  };
  // Results are streamed one by one into the place of the empty array.
  const text = [...jsonChunks(head)].join('');
  const marker = '"results": []';
  const cut = text.lastIndexOf(marker);
  yield text.slice(0, cut);
  yield '"results": [';
  let first = true;
  for (let ruleIndex = 0; ruleIndex < controls.length; ruleIndex++) {
    const c = controls[ruleIndex]!;
    for (const e of c.evidence) {
      if (e.outcome === 'pass') continue;
      const result: Result = {
        ruleId: c.id,
        ruleIndex,
        level: LEVEL[c.severity],
        kind: 'fail',
        message: { text: showInvisible(`${e.message} (${e.pointer || '/'}: observed ${valueText(e.observed)}, expected ${e.expected})`) },
        locations: [location(e)],
        ...(e.fingerprint ? { partialFingerprints: { 'kubeproofFingerprint/v1': e.fingerprint } } : {}),
        properties: {
          object: e.object,
          ...(e.container !== undefined ? { container: e.container } : {}),
          pointer: e.pointer,
          observed: e.observed,
          expected: e.expected,
          ...(e.source?.template ? { helmTemplate: e.source.template } : {}),
          ...(e.waiver ? { waiver: e.waiver } : {}),
        },
      };
      if (e.outcome === 'waived' && e.waiver) {
        const w = waivers.get(e.waiver.id);
        result.suppressions = [
          {
            kind: 'external',
            status: 'accepted',
            justification: showInvisible(`${e.waiver.id} until ${e.waiver.expires}${w ? `: ${w.justification} (approved by ${w.approver})` : ''}`),
          },
        ];
      }
      // Indented as the fifth level of the log: runs[0].results[i].
      yield `${first ? '\n' : ',\n'}        ${[...jsonChunks(result, 4, 6)].join('')}`;
      first = false;
    }
  }
  yield first ? ']' : '\n      ]';
  yield `${text.slice(cut + marker.length)}\n`;
}
