import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node as YamlNode } from 'yaml';
import { InputError, UsageError } from '../errors.js';
import { KNOWN_KINDS, isNamespaced, kindIdOf } from '../snapshot/kinds.js';
import { objectKey, type CoverageEntry, type K8sObject, type SourceLocation } from '../snapshot/types.js';
import { describeFsError } from '../util/fs.js';
import { escapePointerToken } from '../util/pointer.js';
import { redactObject } from './redact.js';

export interface ManifestOptions {
  /** Namespace given to namespaced objects that carry none, as `kubectl apply -n` would. */
  defaultNamespace: string;
  /** Where paths in source locations are made relative to. */
  cwd: string;
  /** Read for `-`. */
  stdin?: () => string;
}

export interface ManifestSet {
  objects: K8sObject[];
  sources: Record<string, SourceLocation>;
  coverage: CoverageEntry[];
  files: string[];
}

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;
/**
 * Larger manifest files are refused rather than parsed for minutes: YAML with source positions
 * costs about 50 times its size in memory. A larger estate is collected from the cluster, or split.
 */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
/** Aliases beyond this many in one document are a resource-exhaustion attack, not a manifest. */
const MAX_ALIAS_COUNT = 1000;

export function loadManifests(paths: readonly string[], options: ManifestOptions): ManifestSet {
  if (paths.length === 0) throw new UsageError('--manifests needs at least one file, folder or -');
  const files: Array<{ display: string; read: () => Buffer | string }> = [];
  for (const p of paths) {
    if (p === '-') {
      const stdin = options.stdin ?? (() => readFileSync(0, 'utf8'));
      files.push({ display: '<stdin>', read: stdin });
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      throw new InputError(`cannot read manifests: ${describeFsError(err)}`, { file: p });
    }
    if (st.isDirectory()) {
      const found = walkFolder(p);
      if (found.length === 0) throw new InputError('no manifests found: the folder holds no .yaml, .yml or .json file', { file: p });
      for (const f of found) files.push({ display: displayPath(f, options.cwd), read: () => readBounded(f, displayPath(f, options.cwd)) });
    } else {
      files.push({ display: displayPath(p, options.cwd), read: () => readBounded(p, displayPath(p, options.cwd)) });
    }
  }

  const objects: K8sObject[] = [];
  const sources: Record<string, SourceLocation> = {};
  for (const file of files) {
    let raw: Buffer | string;
    try {
      raw = file.read();
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(`cannot read manifests: ${describeFsError(err)}`, { file: file.display });
    }
    if (raw.length > MAX_MANIFEST_BYTES) throw tooLarge(file.display, raw.length);
    for (const { object, location } of parseManifestText(decodeText(raw, file.display), file.display)) {
      const id = kindIdOf(object.apiVersion, object.kind);
      if (object.metadata.namespace === undefined && isNamespaced(id) === true) {
        object.metadata.namespace = options.defaultNamespace;
      }
      const key = objectKey(object);
      const earlier = sources[key];
      if (earlier) {
        throw new InputError(
          `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name} is defined twice (first at ${earlier.file}:${earlier.line})`,
          { file: location.file, line: location.line },
        );
      }
      sources[key] = location;
      objects.push(redactObject(object));
    }
  }
  return { objects, sources, coverage: manifestCoverage(objects), files: files.map((f) => f.display) };
}

/**
 * A manifest set is the whole estate it describes, so every kind kubeproof knows is `collected`,
 * with a count of zero where the files hold none.
 */
function manifestCoverage(objects: readonly K8sObject[]): CoverageEntry[] {
  const counts = new Map<string, number>();
  for (const o of objects) {
    const id = kindIdOf(o.apiVersion, o.kind);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const entries: CoverageEntry[] = KNOWN_KINDS.filter((k) => !k.synthetic).map((k) => ({ kind: k.id, status: 'collected', count: counts.get(k.id) ?? 0 }));
  const known = new Set(KNOWN_KINDS.map((k) => k.id));
  for (const [kind, count] of counts) {
    if (!known.has(kind)) entries.push({ kind, status: 'collected', count, message: 'a kind no control reads' });
  }
  return entries;
}

function tooLarge(file: string, size: number): InputError {
  return new InputError(
    `manifest file of ${Math.round(size / 1048576)} MiB: kubeproof reads manifest files of up to ${MAX_MANIFEST_BYTES / 1048576} MiB; split it (one file per namespace) or collect from the cluster`,
    { file },
  );
}

function readBounded(path: string, display: string): Buffer {
  const size = statSync(path).size;
  if (size > MAX_MANIFEST_BYTES) throw tooLarge(display, size);
  return readFileSync(path);
}

function walkFolder(root: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (dir: string): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (err) {
      throw new InputError(`cannot read manifests: ${describeFsError(err)}`, { file: dir });
    }
    if (seen.has(real)) return; // a symlink back up the tree
    seen.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      throw new InputError(`cannot read manifests: ${describeFsError(err)}`, { file: dir });
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.')) continue;
      const path = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = statSync(path);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // a dangling link names nothing to audit
        }
      }
      if (isDir) visit(path);
      else if (isFile && MANIFEST_EXTENSIONS.test(e.name)) out.push(path);
    }
  };
  visit(root);
  return out;
}

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel.split('\\').join('/') : path;
}

export function decodeText(raw: Buffer | string, file: string): string {
  if (typeof raw === 'string') return raw.replace(/^\uFEFF/, '');
  if (raw[0] === 0xff && raw[1] === 0xfe) return raw.subarray(2).toString('utf16le');
  if (raw[0] === 0xfe && raw[1] === 0xff) {
    const swapped = Buffer.from(raw.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (raw.includes(0)) throw new InputError('binary file: expected UTF-8 YAML or JSON text', { file });
  const text = raw.toString('utf8');
  if (text.includes('\uFFFD')) throw new InputError('not valid UTF-8 text: expected UTF-8 YAML or JSON', { file });
  return text.replace(/^\uFEFF/, '');
}

export interface ParsedObject {
  object: K8sObject;
  location: SourceLocation;
}

/** Every Kubernetes object in one YAML or JSON text, `List` kinds expanded, with its location. */
export function parseManifestText(text: string, file: string): ParsedObject[] {
  try {
    return parseDocuments(text, file);
  } catch (err) {
    // Deeply nested input exhausts the parser's recursion: refuse it plainly.
    if (err instanceof RangeError) throw new InputError('YAML refused: nesting too deep to read', { file });
    throw err;
  }
}

function parseDocuments(text: string, file: string): ParsedObject[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const out: ParsedObject[] = [];
  let previousEnd = 0;
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const problem = doc.errors[0];
    if (problem) {
      const at = lineCounter.linePos(problem.pos[0]);
      throw new InputError(`YAML does not parse: ${firstLine(problem.message)}`, { file, line: at.line, column: at.col });
    }
    const contentsStart = doc.contents?.range?.[0] ?? doc.range[0];
    const header = text.slice(previousEnd, contentsStart);
    previousEnd = doc.range[2];
    const template = /^#\s*Source:\s*(.+?)\s*$/m.exec(header)?.[1];
    if (!doc.contents || (isScalar(doc.contents) && doc.contents.value === null)) continue;
    const line = lineCounter.linePos(contentsStart).line;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      throw new InputError(`YAML refused: ${firstLine((err as Error).message)}`, { file, line });
    }
    const fields = fieldLines(doc.contents as YamlNode, lineCounter);
    if (isList(value)) {
      const items = (value as { items?: unknown }).items;
      if (!Array.isArray(items)) throw new InputError(`${(value as K8sObject).kind} has no items list`, { file, line });
      items.forEach((item, i) => {
        const prefix = `/items/${i}`;
        const itemLine = fields[prefix] ?? line;
        out.push({ object: asObject(item, file, itemLine), location: located(file, itemLine, template, rebase(fields, prefix)) });
      });
    } else {
      out.push({ object: asObject(value, file, line), location: located(file, line, template, fields) });
    }
  }
  return out;
}

function located(file: string, line: number, template: string | undefined, fields: Record<string, number>): SourceLocation {
  const loc: SourceLocation = { file, line };
  if (template) loc.template = template;
  loc.fields = fields;
  return loc;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function isList(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

function asObject(value: unknown, file: string, line: number): K8sObject {
  const expected = 'expected a Kubernetes object (a mapping with apiVersion, kind and metadata.name)';
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`${expected}, found ${describe(value)}`, { file, line });
  }
  const v = value as Record<string, unknown>;
  const missing: string[] = [];
  if (typeof v.apiVersion !== 'string' || v.apiVersion === '') missing.push('apiVersion');
  if (typeof v.kind !== 'string' || v.kind === '') missing.push('kind');
  const meta = v.metadata as Record<string, unknown> | undefined;
  if (!meta || typeof meta !== 'object' || typeof meta.name !== 'string' || meta.name === '') missing.push('metadata.name');
  if (missing.length) throw new InputError(`${expected}: missing ${missing.join(', ')}`, { file, line });
  for (const field of ['labels', 'annotations'] as const) {
    const map = meta![field];
    if (map === undefined || map === null) continue;
    if (typeof map !== 'object' || Array.isArray(map) || Object.values(map).some((x) => typeof x !== 'string')) {
      throw new InputError(`metadata.${field} must map strings to strings`, { file, line });
    }
  }
  if (meta!.namespace !== undefined && typeof meta!.namespace !== 'string') {
    throw new InputError('metadata.namespace must be a string', { file, line });
  }
  return v as K8sObject;
}

/** JSON Pointer → line of every node in the document. */
function fieldLines(root: YamlNode, lc: LineCounter): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (node: unknown, pointer: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const child = `${pointer}/${escapePointerToken(key)}`;
        const start = (pair.key as YamlNode | null)?.range?.[0];
        if (start !== undefined) out[child] = lc.linePos(start).line;
        walk(pair.value, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const child = `${pointer}/${i}`;
        const start = (item as YamlNode | null)?.range?.[0];
        if (start !== undefined) out[child] = lc.linePos(start).line;
        walk(item, child);
      });
    }
  };
  walk(root, '');
  return out;
}

function rebase(fields: Record<string, number>, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [pointer, line] of Object.entries(fields)) {
    if (pointer.startsWith(`${prefix}/`)) out[pointer.slice(prefix.length)] = line;
  }
  return out;
}
