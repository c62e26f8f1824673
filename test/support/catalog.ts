import { z } from 'zod';
import { buildCatalog, type Catalog, type Control, type Framework } from '../../src/catalog/load.js';
import { defineCheck, type Check } from '../../src/checks/types.js';
import privileged from '../../src/checks/privileged-containers.js';

/** A check that throws, to prove one broken check cannot take the run down. */
export const throwingCheck = defineCheck({
  id: 'always-throws',
  description: 'test double',
  needs: ['Pod'],
  options: z.strictObject({}),
  messages: { never: 'never' },
  evaluate() {
    throw new Error('boom: unexpected shape');
  },
});

/** A check that reads RoleBindings, to exercise coverage gaps. */
export const rbacCheck = defineCheck({
  id: 'reads-rolebindings',
  description: 'test double',
  needs: ['RoleBinding'],
  options: z.strictObject({}),
  messages: { seen: 'seen {{name}}' },
  evaluate(ctx) {
    for (const rb of ctx.index.of('RoleBinding')) {
      ctx.report({ outcome: 'pass', messageId: 'seen', data: { name: rb.metadata.name }, object: { apiVersion: rb.apiVersion, kind: rb.kind, name: rb.metadata.name, ...(rb.metadata.namespace ? { namespace: rb.metadata.namespace } : {}) }, pointer: '', observed: null, expected: 'anything' });
    }
  },
});

export function control(id: string, impl: Check, frameworks: Record<string, string[]>, severity: Control['severity'] = 'high'): Control {
  return {
    id,
    name: id.toLowerCase(),
    title: `control ${id}`,
    severity,
    description: 'd',
    rationale: 'r',
    remediation: 'm',
    check: { id: impl.id, options: {} },
    frameworks,
    aliases: [],
    references: [],
    file: `${id}.yaml`,
    impl,
    options: {},
  };
}

export function framework(id: string, scope: string, leaves: Array<{ id: string; manual?: string }>): Framework {
  return {
    id,
    title: id,
    version: '1',
    scope,
    description: 'test framework',
    requirements: [{ id: 'S', title: 'Section', children: leaves.map((l) => ({ id: l.id, title: `req ${l.id}`, ...(l.manual ? { manual: l.manual } : {}) })) }],
    file: `${id}.yaml`,
    leaves: leaves.map((l) => ({ id: l.id, title: `req ${l.id}`, path: [{ id: 'S', title: 'Section' }], ...(l.manual ? { manual: l.manual } : {}) })),
  };
}

export function testCatalog(): Catalog {
  return buildCatalog(
    [
      control('T-PRIV-1', privileged, { all: ['A1'], pci: ['P1'] }, 'critical'),
      control('T-THROW-1', throwingCheck, { all: ['A2'] }),
      control('T-RBAC-1', rbacCheck, { all: ['A3'], pci: ['P1'] }),
    ],
    [framework('all', 'all', [{ id: 'A1' }, { id: 'A2' }, { id: 'A3' }, { id: 'A4', manual: 'attest it' }]), framework('pci', 'pci', [{ id: 'P1' }, { id: 'P2', manual: 'attest' }])],
  );
}
