/**
 * Container image references as the kubelet reads them: the grammar of distribution/reference
 * (the Go package containerd, CRI-O and the kubelet use), with Docker's normalisation of familiar
 * names (`nginx` → `docker.io/library/nginx`).
 *
 * Written here rather than taken from npm: the packages that port it either follow an old grammar
 * (`[-]*` separators, which backtrack badly in a JavaScript engine, and no IPv6 registry hosts),
 * need a native regexp engine built at install time, or only split on `/`, `:` and `@` without
 * validating anything. The regexps below are the published ones, composed the same way, and
 * test/inventory/image-reference.test.ts holds the table of real references they must accept
 * and reject.
 */

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const optionalPort = '(?::[0-9]+)?';
const tagPat = '[\\w][\\w.-]{0,127}';
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const host = `(?:${domainName}|${ipv6address})`;
const domainAndPort = host + optionalPort;
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePat = `(?:${domainAndPort}/)?${remoteName}`;

const REFERENCE = new RegExp(`^(${namePat})(?::(${tagPat}))?(?:@(${digestPat}))?$`);
const ANCHORED_NAME = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;
const DIGEST = new RegExp(`^${digestPat}$`);

/** Hex lengths of the digest algorithms that containerd and the registries accept. */
const DIGEST_LENGTHS: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

export const DEFAULT_REGISTRY = 'docker.io';
const LEGACY_DEFAULT_REGISTRY = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
const NAME_MAX = 255;
/** Longer input is refused before any regexp runs on it: no real reference comes close. */
const INPUT_MAX = 4096;

export interface ImageReference {
  /** The text as written in the manifest. */
  written: string;
  /** Registry host, with its port: `docker.io`, `localhost:5000`, `[::1]:5000`. */
  registry: string;
  /** Repository path inside the registry: `library/nginx`, `payments/checkout`. */
  repository: string;
  /** The tag as written; null when none is (the runtime then pulls `latest`, unless a digest is given). */
  tag: string | null;
  /** `algorithm:hex` when the reference pins a digest. */
  digest: string | null;
  /** `registry/repository`. */
  name: string;
  /** The fully qualified reference: `docker.io/library/nginx:1.27@sha256:…`. */
  canonical: string;
}

export type ParsedReference = { ok: true; ref: ImageReference } | { ok: false; error: string };

/** Parses one image reference as the kubelet would before pulling it. */
export function parseImageReference(input: unknown): ParsedReference {
  if (typeof input !== 'string') return { ok: false, error: `an image reference must be a string, not ${input === null ? 'null' : typeof input}` };
  const s = input;
  const fail = (why: string): ParsedReference => ({ ok: false, error: `invalid image reference ${JSON.stringify(s.length > 120 ? `${s.slice(0, 120)}…` : s)}: ${why}` });
  if (s === '') return fail('it is empty');
  if (s.length > INPUT_MAX) return fail(`it is ${s.length} characters long`);
  if (s.trim() !== s) return fail('it has leading or trailing white space');
  if (IDENTIFIER.test(s)) return fail('a 64-hex-digit image id is not a reference a registry can serve (write name@sha256:… instead)');

  const [registry, remainder] = splitRegistry(s);
  const tagAt = remainder.indexOf(':');
  const remote = tagAt >= 0 ? remainder.slice(0, tagAt) : remainder.split('@')[0]!;
  if (remote.toLowerCase() !== remote) return fail(`the repository name ${JSON.stringify(remote)} must be lower case`);

  const full = `${registry}/${remainder}`;
  const m = REFERENCE.exec(full);
  if (!m) {
    const lower = full.toLowerCase();
    if (lower !== full && REFERENCE.test(lower)) return fail('the repository name must be lower case');
    return fail(describeFormatProblem(s));
  }
  const named = ANCHORED_NAME.exec(m[1]!);
  const repository = named ? named[2]! : m[1]!;
  if (repository.length > NAME_MAX) return fail(`the repository name is longer than ${NAME_MAX} characters`);
  const tag = m[2] ?? null;
  const digest = m[3] ?? null;
  if (digest) {
    const problem = digestProblem(digest);
    if (problem) return fail(problem);
  }
  const name = `${registry}/${repository}`;
  return {
    ok: true,
    ref: { written: s, registry, repository, tag, digest, name, canonical: `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}` },
  };
}

/** The registry part as Docker tells it from the first path component, and the rest. */
function splitRegistry(s: string): [string, string] {
  const slash = s.indexOf('/');
  if (slash < 0) return [DEFAULT_REGISTRY, OFFICIAL_PREFIX + s];
  const first = s.slice(0, slash);
  const rest = s.slice(slash + 1);
  let registry: string;
  let remainder: string;
  if (first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first) {
    registry = first === LEGACY_DEFAULT_REGISTRY ? DEFAULT_REGISTRY : first;
    remainder = rest;
  } else {
    registry = DEFAULT_REGISTRY;
    remainder = s;
  }
  if (registry === DEFAULT_REGISTRY && !remainder.split(/[:@]/)[0]!.includes('/')) remainder = OFFICIAL_PREFIX + remainder;
  return [registry, remainder];
}

/** A short reason for a reference that does not match the grammar, naming the part at fault. */
function describeFormatProblem(s: string): string {
  if (/\s/.test(s)) return 'it contains white space';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return 'a reference has no URL scheme (drop the https:// or docker://)';
  const at = s.indexOf('@');
  if (at >= 0 && s.indexOf('@', at + 1) >= 0) return 'it has more than one @';
  const beforeDigest = at >= 0 ? s.slice(0, at) : s;
  if (at >= 0 && !DIGEST.test(s.slice(at + 1))) return `the digest ${JSON.stringify(s.slice(at + 1))} is not algorithm:hex (such as sha256: and 64 hex digits)`;
  const lastSlash = beforeDigest.lastIndexOf('/');
  const lastColon = beforeDigest.lastIndexOf(':');
  if (lastColon > lastSlash) {
    const tag = beforeDigest.slice(lastColon + 1);
    if (tag === '') return 'the tag after ":" is empty';
    if (!new RegExp(`^${tagPat}$`).test(tag)) return `the tag ${JSON.stringify(tag)} is not valid (letters, digits, _ . -, at most 128, not starting with . or -)`;
  }
  if (beforeDigest.endsWith('/') || beforeDigest.startsWith('/') || beforeDigest.includes('//')) return 'it has an empty path component';
  return 'it does not follow the reference grammar [registry[:port]/]path[:tag][@algorithm:hex] (path components are lower-case letters and digits joined by . _ __ or -)';
}

/** go-digest's rules for the algorithms it knows, with the reason it would give. */
function digestProblem(digest: string): string | undefined {
  const colon = digest.indexOf(':');
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  const length = DIGEST_LENGTHS[algorithm];
  if (length === undefined) return `the digest algorithm ${JSON.stringify(algorithm)} is not supported (sha256, sha384 or sha512)`;
  if (hex.length !== length) return `a ${algorithm} digest has ${length} hex digits, not ${hex.length}`;
  if (!/^[a-f0-9]+$/.test(hex)) return `the ${algorithm} digest must be lower-case hex`;
  return undefined;
}

/** A digest as written on its own (`sha256:…`), checked the same way, or undefined. */
export function parseDigest(s: unknown): string | undefined {
  if (typeof s !== 'string' || !DIGEST.test(s)) return undefined;
  return digestProblem(s) === undefined ? s : undefined;
}

/** The tag the runtime pulls: the one written, or `latest` when neither tag nor digest is. */
export function effectiveTag(ref: ImageReference): string | null {
  return ref.tag ?? (ref.digest ? null : 'latest');
}

/**
 * What the API server writes when imagePullPolicy is left out (pkg/apis/core/v1/defaults.go):
 * Always for `:latest` or no tag and no digest, IfNotPresent otherwise.
 */
export function defaultPullPolicy(ref: ImageReference | undefined): 'Always' | 'IfNotPresent' {
  if (!ref) return 'IfNotPresent';
  return effectiveTag(ref) === 'latest' ? 'Always' : 'IfNotPresent';
}

export interface RunningImageId {
  /** The repository digest the runtime resolved and runs, when the id names one. */
  digest: string | null;
  /** The repository the runtime names, when it names one. */
  name: string | null;
  /** The value as the kubelet reported it. */
  raw: string;
  /**
   * `repo-digest`: a registry digest the image can be pulled by; `image-id`: the local id of the
   * image config (an image loaded onto the node or built there, not comparable to a registry digest).
   */
  kind: 'repo-digest' | 'image-id' | 'unknown';
}

/**
 * A Pod's `status.containerStatuses[].imageID`: `registry/repo@sha256:…` from containerd and
 * CRI-O, `docker-pullable://repo@sha256:…` or `docker://sha256:…` from dockershim and cri-dockerd.
 */
export function parseImageId(value: unknown): RunningImageId | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const stripped = value.replace(/^(docker-pullable|docker|containerd|cri-o):\/\//, '');
  const bare = parseDigest(stripped);
  if (bare) return { digest: null, name: null, raw: value, kind: 'image-id' };
  const at = stripped.lastIndexOf('@');
  if (at > 0) {
    const parsed = parseImageReference(stripped);
    if (parsed.ok && parsed.ref.digest) return { digest: parsed.ref.digest, name: parsed.ref.name, raw: value, kind: 'repo-digest' };
  }
  return { digest: null, name: null, raw: value, kind: 'unknown' };
}
