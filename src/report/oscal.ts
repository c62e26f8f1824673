import { v5 as uuidv5 } from 'uuid';
import type { ControlResult, EvidenceRecord, FrameworkResult, RequirementResult, Results } from '../evaluate/types.js';
import { valueText } from './format.js';
import { jsonChunks } from './json-stream.js';

export const OSCAL_VERSION = '1.1.2';

/** Namespace for kubeproof's name-based (version 5) UUIDs: the same results give the same ids. */
const NAMESPACE = uuidv5('https://kubeproof.io/ns/oscal', uuidv5.URL);
const PROP_NS = 'https://kubeproof.io/ns/oscal';

function uuid(...parts: string[]): string {
  return uuidv5(parts.join('\u0000'), NAMESPACE);
}

interface Prop {
  name: string;
  value: string;
  ns?: string;
}

/** OSCAL strings may not be empty nor start or end with white space, and hold one line. */
function oscalString(text: string, max = 2000): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

function prop(name: string, value: string | undefined): Prop[] {
  if (value === undefined) return [];
  const v = oscalString(value);
  return v ? [{ name, value: v, ns: PROP_NS }] : [];
}

/** An OSCAL token (letters, digits, . - _, starting with a letter) for a framework requirement. */
export function requirementToken(frameworkId: string, requirementId: string): string {
  const id = requirementId
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return `${frameworkId.replace(/[^\p{L}\p{N}._-]+/gu, '-')}_${id}`;
}

function objectKey(e: EvidenceRecord): string {
  const o = e.object;
  return [o.apiVersion, o.kind, o.namespace ?? '', o.name].join('/');
}

function subjectTitle(e: EvidenceRecord): string {
  const o = e.object;
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function observation(c: ControlResult, results: Results, toolUuid: string): object {
  const subjects = c.evidence.map((e) => ({
    'subject-uuid': uuid('subject', objectKey(e)),
    type: 'inventory-item',
    title: subjectTitle(e),
    props: [
      // Kind, namespace and name are in the title; the API version completes the reference.
      ...prop('outcome', e.outcome),
      ...prop('api-version', e.object.apiVersion),
      ...prop('container', e.container),
      ...prop('json-pointer', e.pointer || '/'),
      ...prop('observed', valueText(e.observed)),
      ...prop('expected', e.expected),
      ...prop('source', e.source ? `${e.source.file}:${e.source.line}` : undefined),
      ...prop('waiver', e.waiver ? `${e.waiver.id} ${e.waiver.expired ? 'expired' : 'until'} ${e.waiver.expires}` : undefined),
    ],
    remarks: e.message,
  }));
  const counts = `${c.counts.pass} passing, ${c.counts.fail} failing, ${c.counts.waived} waived evidence records`;
  return {
    uuid: uuid('observation', c.id),
    title: `${c.id} ${c.title}`,
    description: `kubeproof evaluated the check ${c.check} over the snapshot: ${counts}; status ${c.status}.${c.reason ? ` ${c.reason}` : ''}`,
    props: [...prop('control-id', c.id), ...prop('severity', c.severity), ...prop('status', c.status)],
    methods: ['TEST'],
    types: ['control-objective'],
    origins: [{ actors: [{ type: 'tool', 'actor-uuid': toolUuid }] }],
    ...(subjects.length ? { subjects } : {}),
    'relevant-evidence': [
      {
        href: 'results.json',
        description: `The evidence records of control ${c.id} in results.json (snapshot ${results.run.snapshot.digest}).`,
      },
    ],
    collected: results.run.snapshot.collectedAt,
    ...(c.reason ? { remarks: c.reason } : {}),
  };
}

const ASSESSED = new Set(['pass', 'fail', 'waived', 'attested']);

function finding(f: FrameworkResult, r: RequirementResult, frameworkName: string): object {
  const satisfied = r.status === 'pass' || r.status === 'attested';
  const reasonText =
    r.status === 'waived'
      ? 'every failure is covered by an unexpired waiver (accepted risk)'
      : r.status === 'attested'
        ? `attested by ${r.attestation?.attestedBy ?? 'an assessor'}${r.attestation?.date ? ` on ${r.attestation.date}` : ''}: ${r.attestation?.statement ?? ''}`
        : r.status;
  return {
    uuid: uuid('finding', f.id, r.id),
    title: `${frameworkName} ${r.id} ${r.title}`,
    description: `Requirement ${r.id} (${r.section}) is ${reasonText}${r.controls.length ? `, judged from the controls ${r.controls.map((c) => `${c.id} (${c.status})`).join(', ')}` : ''}.`,
    props: [...prop('framework', f.id), ...prop('requirement-id', r.id), ...prop('status', r.status), ...prop('severity', r.severity)],
    target: {
      type: 'objective-id',
      'target-id': requirementToken(f.id, r.id),
      title: `${r.id} ${r.title}`,
      status: { state: satisfied ? 'satisfied' : 'not-satisfied', reason: r.status === 'fail' ? 'fail' : r.status === 'pass' ? 'pass' : 'other' },
    },
    ...(r.controls.length ? { 'related-observations': r.controls.map((c) => ({ 'observation-uuid': uuid('observation', c.id) })) } : {}),
  };
}

/**
 * oscal-assessment-results.json: NIST OSCAL assessment results. The frameworks' requirements are
 * the reviewed controls; each kubeproof control is an observation whose subjects are the objects
 * it judged, with the evidence as properties; each requirement assessed from cluster data is a
 * finding pointing at the observations behind it. Requirements that need an assessor's
 * attestation or could not be assessed are listed in the result's remarks, not as findings.
 */
export function oscalDocument(results: Results, resultsDigest?: string): object {
  const run = results.run;
  const toolUuid = uuid('tool', run.tool.name);
  const resourceUuid = uuid('resource', run.snapshot.digest, run.catalog.digest, run.asOf);
  const names = new Map(results.frameworks.map((f) => [f.id, /^\d{4}$/.test(f.version) ? `${f.title} (${f.version})` : `${f.title} v${f.version}`]));
  const open: string[] = [];
  const findings: object[] = [];
  for (const f of results.frameworks) {
    const name = names.get(f.id)!;
    for (const r of f.requirements) {
      if (ASSESSED.has(r.status)) findings.push(finding(f, r, name));
    }
    const manual = f.requirements.filter((r) => r.status === 'manual').length;
    const notAssessed = f.requirements.filter((r) => r.status === 'not-assessed').length;
    const na = f.requirements.filter((r) => r.status === 'not-applicable').length;
    open.push(`${name}: ${manual} requirements need an assessor's attestation, ${notAssessed} could not be assessed, ${na} not applicable.`);
  }
  const result = {
    uuid: uuid('result', run.snapshot.digest, run.catalog.digest, run.asOf, run.frameworks.join(',')),
    title: `kubeproof assessment of ${oscalString(run.cluster.name) || 'the cluster'}`,
    description: `Automated assessment of the Kubernetes estate ${run.cluster.name} against ${[...names.values()].join(', ')}, from a snapshot collected at ${run.snapshot.collectedAt}.`,
    start: run.snapshot.collectedAt,
    props: [
      ...prop('cluster-name', run.cluster.name),
      ...prop('cluster-server', run.cluster.server ?? undefined),
      ...prop('cluster-version', run.cluster.version ?? undefined),
      ...prop('snapshot-digest', run.snapshot.digest),
      ...prop('catalog-digest', run.catalog.digest),
      ...prop('as-of', run.asOf),
    ],
    'local-definitions': {
      'assessment-assets': {
        components: [
          {
            uuid: toolUuid,
            type: 'software',
            title: `${run.tool.name} ${run.tool.version}`,
            description: 'kubeproof: evidence-backed compliance audits of Kubernetes estates.',
            status: { state: 'operational' },
          },
        ],
        'assessment-platforms': [{ uuid: uuid('platform', run.tool.name), title: 'kubeproof', 'uses-components': [{ 'component-uuid': toolUuid }] }],
      },
    },
    'reviewed-controls': {
      description: 'The requirements of each framework of this run, in the standard’s order.',
      'control-selections': results.frameworks.map((f) => ({
        description: `${names.get(f.id)}: ${f.scope.note}.`,
        props: [...prop('framework', f.id)],
        'include-controls': f.requirements.map((r) => ({ 'control-id': requirementToken(f.id, r.id) })),
      })),
    },
    ...(results.controls.length ? { observations: results.controls.map((c) => observation(c, results, toolUuid)) } : {}),
    ...(findings.length ? { findings } : {}),
    remarks: open.join(' '),
  };
  return {
    'assessment-results': {
      uuid: uuid('assessment-results', run.snapshot.digest, run.catalog.digest, run.asOf, run.frameworks.join(',')),
      metadata: {
        title: `kubeproof assessment results: ${oscalString(run.cluster.name) || 'cluster'}`,
        'last-modified': run.snapshot.collectedAt,
        version: run.snapshot.digest,
        'oscal-version': OSCAL_VERSION,
        props: [...prop('tool', `${run.tool.name} ${run.tool.version}`)],
      },
      'import-ap': {
        href: `#${resourceUuid}`,
        remarks: 'kubeproof has no separate assessment plan: the run described in the back matter stands in for it.',
      },
      results: [result],
      'back-matter': {
        resources: [
          {
            uuid: resourceUuid,
            title: 'kubeproof run',
            description: `Frameworks ${run.frameworks.join(', ')}; catalogue ${run.catalog.digest} (${run.catalog.controls} controls); snapshot ${run.snapshot.digest} collected ${run.snapshot.collectedAt}; waivers judged at ${run.asOf}.`,
            rlinks: [
              {
                href: 'results.json',
                'media-type': 'application/json',
                ...(resultsDigest ? { hashes: [{ algorithm: 'SHA-256', value: resultsDigest.replace(/^sha256:/, '') }] } : {}),
              },
            ],
          },
        ],
      },
    },
  };
}

export function* oscalChunks(results: Results, resultsDigest?: string): Generator<string> {
  yield* jsonChunks(oscalDocument(results, resultsDigest), 0, 8);
  yield '\n';
}
