import { z } from 'zod';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const severityRank: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

const text = z.string().trim().min(1, 'expected non-empty text');

export const celCheckSchema = z.strictObject({
  match: z.strictObject({
    /** Kind ids as the snapshot names them: Deployment, Ingress, Certificate.cert-manager.io. */
    kinds: z.array(z.string().regex(/^[A-Z][A-Za-z0-9]*(\.[a-z0-9.-]+)?$/, 'expected a kind such as Deployment or Certificate.cert-manager.io')).min(1),
    /** Only objects in these namespaces (cluster-scoped objects always match). */
    namespaces: z.array(z.string().min(1)).optional(),
  }),
  /** Must evaluate to a bool over `object` and `namespaceObject` (null for cluster-scoped objects). */
  expression: text,
  /** Said of each object for which the expression is false. */
  message: text,
  /** JSON Pointer of the field to blame in the object. */
  pointer: z.string().regex(/^(\/.*)?$/, 'expected a JSON Pointer such as /spec/replicas').default(''),
});

export const controlSchema = z.strictObject({
  id: z.string().regex(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/, 'expected an id such as KP-PS-001 (upper case, dash-separated)'),
  name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case name'),
  title: text,
  severity: z.enum(SEVERITIES),
  description: text,
  rationale: text,
  remediation: text,
  check: z
    .strictObject({
      /** A built-in check, by id (src/checks/<id>.ts). */
      id: z.string().min(1).optional(),
      options: z.record(z.string(), z.unknown()).default({}),
      /** A user-defined check: a CEL expression, as Kubernetes ValidatingAdmissionPolicy writes them. */
      cel: celCheckSchema.optional(),
    })
    .superRefine((c, ctx) => {
      if ((c.id === undefined) === (c.cel === undefined)) {
        ctx.addIssue({ code: 'custom', message: 'expected either id (a built-in check) or cel (a CEL expression), and not both' });
      } else if (c.cel && Object.keys(c.options).length) {
        ctx.addIssue({ code: 'custom', path: ['options'], message: 'a CEL check takes no options' });
      }
    }),
  frameworks: z.record(z.string(), z.array(z.string().min(1)).min(1)).default({}),
  aliases: z.array(z.string().min(1)).default([]),
  references: z.array(z.string().url('expected a URL')).default([]),
});
export type ControlDef = z.output<typeof controlSchema>;

export interface RequirementNode {
  id: string;
  title: string;
  assessment?: 'automated' | 'manual';
  manual?: string;
  children?: RequirementNode[];
}

const requirementSchema: z.ZodType<RequirementNode> = z.lazy(() =>
  z.union([
    z.strictObject({
      id: z.string().min(1),
      title: text,
      children: z.array(requirementSchema).min(1),
    }),
    z.strictObject({
      id: z.string().min(1),
      title: text,
      assessment: z.enum(['automated', 'manual']).optional(),
      manual: text.optional(),
    }),
  ]),
);

export const frameworkSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+([.-][a-z0-9]+)*$/, 'expected a lower-case id such as pci-dss-4.0.1'),
  title: text,
  version: z.string().min(1),
  publisher: text.optional(),
  /** `all`: the whole estate; any other tag: the namespaces labelled compliance.kubeproof.io/scope=<tag>. */
  scope: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected all, or a scope tag such as pci or hipaa'),
  description: text,
  requirements: z.array(requirementSchema).min(1),
});
export type FrameworkDef = z.output<typeof frameworkSchema>;
