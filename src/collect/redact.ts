import { createHmac, randomBytes } from 'node:crypto';
import type { K8sObject } from '../snapshot/types.js';

/**
 * Redaction at the door: whatever leaves this module carries no secret value. Secret payloads are
 * dropped, the last-applied annotation (which can hold a whole Secret) and managedFields are
 * dropped, and credential-looking literals elsewhere are replaced by a marker holding the
 * detector, the length and a keyed fingerprint, so two places that hold the same value can be
 * matched without the value being recoverable.
 */

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const REDACTED_PREFIX = 'kubeproof:redacted';

/** Key names that announce a credential. Matched against env names, ConfigMap keys, annotation keys. */
const CREDENTIAL_KEY = /(^|[^a-z])(pass(word|wd|phrase)?|pwd|secret|token|api[-_]?key|apikey|private[-_]?key|client[-_]?secret|access[-_]?key|credentials?|auth[-_]?token|bearer)([^a-z]|$)/i;

/** Value formats that are credentials whatever their key. */
const CREDENTIAL_VALUE: ReadonlyArray<readonly [string, RegExp]> = [
  ['pem-private-key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['aws-access-key-id', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['github-token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ['gitlab-token', /\bglpat-[A-Za-z0-9_-]{20,}\b/],
  ['slack-token', /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/],
  // The header is bounded: unbounded, a long value of dash-joined `eyJ…` runs took quadratic time.
  ['jwt', /\beyJ[A-Za-z0-9_-]{8,1024}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
  // The scheme is bounded: unbounded, the unanchored pattern backtracks quadratically over a long
  // run of letters (a 200 KB annotation took 44 s to collect).
  // No scheme before :// (any scheme counts), which also keeps the match linear on long values.
  ['url-with-password', /:\/\/[^\s:/@]+:[^\s@/]+@/],
];

/**
 * Lines such as `db.password=...` or `password: ...` inside a config file held in a ConfigMap;
 * not `password_file: /path` or `tokenFile: /var/run/...`, which name where a credential is.
 * Every repetition is bounded: unbounded runs around the keyword made a long value (anyone who can
 * write a ConfigMap can make one) cost quadratic time, with no --deadline able to stop it.
 */
const EMBEDDED_ASSIGNMENT = /(^|\n)\s{0,64}[\w.-]{0,64}(pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credentials?)(?![\w.-]{0,64}(file|path|dir|ref|name|url|endpoint)\b)[\w.-]{0,64}\s{0,16}[:=]\s{0,16}["']?(?![/$~.{])[^\s"']/i;

/** Key names that say the value is where a credential lives, not the credential. */
const LOCATION_KEY = /(file|path|dir|directory|ref|name|url|endpoint|ttl|length|expiry|expires|ttl_seconds)$/i;

/** Values that are a location or a setting: file paths, plain URLs, numbers, booleans. */
const LOCATION_VALUE = /^([/~]|\.{1,2}\/)|^[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+(:\d+)?(\/\S*)?$|^-?\d+(\.\d+)?$|^(true|false|yes|no|on|off)$/i;

/**
 * Long random-looking env values: at least 20 characters without spaces, at least three character
 * classes, and more than 4.2 bits of Shannon entropy per character. Hex digests, UUIDs, paths,
 * URLs and image references are left alone: they are long and random but public.
 */
const ENTROPY_MIN_LENGTH = 20;
const ENTROPY_BITS = 4.2;
const PUBLIC_RANDOM = /^([0-9a-f]{32,}|sha\d+:[0-9a-f]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\/.*|[a-z][a-z0-9+.-]*:\/\/.*|[\w.-]+(:\d+)?\/[\w./-]+(:[\w.-]+)?(@sha256:[0-9a-f]{64})?)$/i;

export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function looksRandom(value: string): boolean {
  if (value.length < ENTROPY_MIN_LENGTH || value.length > 512 || /\s/.test(value) || PUBLIC_RANDOM.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
  return classes >= 3 && shannonEntropy(value) > ENTROPY_BITS;
}

/** Values that are references or empty, never credentials: `${VAR}`, `$(VAR)`, blanks. */
const NOT_A_VALUE = /^\s*$|^\$\{[^}]+\}$|^\$\([^)]+\)$/;

let runKey: Buffer | undefined;

/**
 * The fingerprint key: KUBEPROOF_REDACTION_KEY when set (so runs can be compared and outputs
 * reproduced), otherwise random per process and never stored.
 */
function fingerprintKey(): Buffer {
  if (!runKey) {
    const configured = process.env.KUBEPROOF_REDACTION_KEY;
    runKey = configured ? Buffer.from(configured, 'utf8') : randomBytes(32);
  }
  return runKey;
}

export function fingerprint(value: string): string {
  return createHmac('sha256', fingerprintKey()).update(value, 'utf8').digest('hex').slice(0, 12);
}

export function redactedMarker(detector: string, value: string): string {
  return `${REDACTED_PREFIX}:${detector}:len=${Buffer.byteLength(value, 'utf8')}:fp=${fingerprint(value)}`;
}

export function isRedacted(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(`${REDACTED_PREFIX}:`);
}

/** Which detector, if any, says this key/value pair holds a credential. */
export function detectCredential(key: string, value: string): string | undefined {
  if (NOT_A_VALUE.test(value) || isRedacted(value)) return undefined;
  for (const [name, re] of CREDENTIAL_VALUE) if (re.test(value)) return name;
  if (CREDENTIAL_KEY.test(key) && !LOCATION_KEY.test(key.replace(/[-_.]/g, '')) && !LOCATION_VALUE.test(value.trim())) return 'credential-key-name';
  if (EMBEDDED_ASSIGNMENT.test(value)) return 'embedded-credential-assignment';
  return undefined;
}

function redactMap(map: unknown): void {
  if (!map || typeof map !== 'object') return;
  const record = map as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (typeof value !== 'string') continue;
    const detector = detectCredential(key, value);
    if (detector) record[key] = redactedMarker(detector, value);
  }
}

function redactContainers(podSpec: unknown): void {
  if (!podSpec || typeof podSpec !== 'object') return;
  const spec = podSpec as Record<string, unknown>;
  for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      const env = (c as Record<string, unknown>)?.env;
      if (!Array.isArray(env)) continue;
      for (const e of env) {
        const entry = e as Record<string, unknown>;
        if (typeof entry?.value === 'string' && typeof entry.name === 'string') {
          const detector = detectCredential(entry.name, entry.value) ?? (!NOT_A_VALUE.test(entry.value) && looksRandom(entry.value) ? 'high-entropy' : undefined);
          if (detector) entry.value = redactedMarker(detector, entry.value);
        }
      }
    }
  }
}

/** Pod specs inside any workload shape. */
function podSpecsOf(obj: K8sObject): unknown[] {
  const spec = obj.spec as Record<string, any> | undefined;
  if (!spec) return [];
  return [spec, spec.template?.spec, spec.jobTemplate?.spec?.template?.spec].filter(Boolean);
}

/** Mutates and returns the object, stripped of every secret value kubeproof knows of. */
export function redactObject(obj: K8sObject): K8sObject {
  const meta = obj.metadata as Record<string, unknown>;
  delete meta.managedFields;
  const annotations = obj.metadata.annotations;
  if (annotations) {
    delete annotations[LAST_APPLIED];
    redactMap(annotations);
  }
  if (obj.kind === 'Secret' && (obj.apiVersion === 'v1' || obj.apiVersion === '')) {
    delete obj.data;
    delete obj.stringData;
  }
  if (obj.kind === 'ConfigMap') {
    redactMap(obj.data);
    delete obj.binaryData;
  }
  for (const podSpec of podSpecsOf(obj)) redactContainers(podSpec);
  return obj;
}
