import { z } from 'zod';
import { readYamlFile } from './util/yaml-input.js';

export const configSchema = z.strictObject({
  apiVersion: z.literal('kubeproof.io/v1').optional(),
  kind: z.literal('Config').optional(),
  /** Scope tag → namespaces in scope, added to the ones labelled compliance.kubeproof.io/scope. */
  scope: z.record(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/), z.array(z.string().min(1))).default({}),
  controls: z
    .record(
      z.string(),
      z.strictObject({
        enabled: z.boolean().default(true),
        options: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .default({}),
  images: z
    .strictObject({
      /**
       * Registries (and optionally a path below one) that images may come from:
       * `registry.example.com`, `registry.example.com/payments`, `*.dkr.ecr.eu-west-1.amazonaws.com`, `docker.io/library`.
       */
      allowedRegistries: z
        .array(
          z
            .string()
            .regex(
              /^(\*\.)?[a-zA-Z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/,
              'expected a registry host, optionally with :port and a path, such as registry.example.com or registry.example.com/payments (no scheme, tag or digest)',
            ),
        )
        .optional(),
    })
    .default({}),
});

export type Config = z.output<typeof configSchema>;

export const DEFAULT_CONFIG: Config = { scope: {}, controls: {}, images: {} };

export function loadConfig(path: string | undefined): Config {
  if (!path) return DEFAULT_CONFIG;
  return readYamlFile(path, configSchema, 'config').value;
}
