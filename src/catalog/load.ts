import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InputError } from '../errors.js';
import { checkRegistry } from '../checks/registry.js';
import { celCheck } from '../cel/control.js';
import type { Check } from '../checks/types.js';
import { BUILTIN_CONTROLS_DIR, PACKAGE_ROOT } from '../paths.js';
import { canonicalJson, sha256 } from '../util/canonical.js';
import { describeFsError } from '../util/fs.js';
import { readYamlFile, type YamlSource } from '../util/yaml-input.js';
import { formatPath } from '../util/zod-errors.js';
import { controlSchema, frameworkSchema, type ControlDef, type FrameworkDef, type RequirementNode } from './schema.js';

export interface Control extends ControlDef {
  file: string;
  impl: Check;
  options: unknown;
}

export interface Leaf {
  id: string;
  title: string;
  /** Ids and titles of the groups above the leaf, outermost first. */
  path: Array<{ id: string; title: string }>;
  assessment?: 'automated' | 'manual';
  manual?: string;
}

export interface Framework extends FrameworkDef {
  file: string;
  leaves: Leaf[];
}

export interface Catalog {
  controls: Control[];
  frameworks: Framework[];
  /** sha256 of the canonical JSON of every control and framework definition. */
  digest: string;
  control(idOrAlias: string): Control | undefined;
  framework(id: string): Framework | undefined;
}

/**
 * Loads the built-in catalogue and any user folders, validating every file and every
 * cross-reference (check ids and options, framework requirement ids, unique ids and aliases).
 */
export function loadCatalog(extraDirs: readonly string[] = []): Catalog {
  const controls: Control[] = [];
  const frameworks: Framework[] = [];
  for (const dir of [BUILTIN_CONTROLS_DIR, ...extraDirs]) {
    for (const file of yamlFiles(dir)) {
      const display = displayName(file);
      if (isFrameworkFile(dir, file)) frameworks.push(loadFramework(file, display));
      else controls.push(loadControl(file, display));
    }
  }
  return buildCatalog(controls, frameworks);
}

function displayName(file: string): string {
  const rel = relative(PACKAGE_ROOT, file);
  return rel.startsWith('..') ? relative(process.cwd(), file) || file : rel;
}

function isFrameworkFile(root: string, file: string): boolean {
  return relative(root, file).split(/[\\/]/)[0] === 'frameworks';
}

function yamlFiles(dir: string): string[] {
  let entries;
  try {
    if (!statSync(dir).isDirectory()) throw new InputError('expected a folder of control and framework YAML files', { file: dir });
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read controls: ${describeFsError(err)}`, { file: dir });
  }
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}

/** Where each loaded control came from, so that a bad cross-reference names its line. */
const sources = new WeakMap<Control, YamlSource>();

function loadControl(file: string, display: string): Control {
  const { value, source } = readYamlFile(file, controlSchema, 'control');
  if (value.check.cel) {
    const line = source.lineOf(['check', 'cel', 'expression']) ?? 1;
    const lines = readFileSync(file, 'utf8').split('\n');
    const text = lines[line - 1] ?? '';
    const block = /expression:\s*[|>][-+0-9]*\s*(#.*)?$/.test(text);
    const column = block
      ? (/^\s*/.exec(lines[line] ?? '')?.[0].length ?? 0) + 1
      : (/expression:\s*["']?/.exec(text)?.[0].length ?? 0) + text.indexOf('expression:') + 1;
    const kindLines = value.check.cel.match.kinds.map((_, i) => source.lineOf(['check', 'cel', 'match', 'kinds', i]));
    const control: Control = { ...value, file: display, impl: celCheck(value.id, value.check.cel, { file: display, line, block, column, kindLines }), options: {} };
    sources.set(control, source);
    return control;
  }
  const impl = checkRegistry.get(value.check.id!);
  if (!impl) {
    throw new InputError(
      `control ${value.id}: check.id ${JSON.stringify(value.check.id)} is not a built-in check (known: ${[...checkRegistry.keys()].join(', ')})`,
      { file: display, line: source.lineOf(['check', 'id']) ?? 1 },
    );
  }
  const options = impl.options.safeParse(value.check.options);
  if (!options.success) {
    const issue = options.error.issues[0]!;
    throw new InputError(`control ${value.id}: check.options.${formatPath(issue.path)}: ${issue.message}`, {
      file: display,
      line: source.lineOf(['check', 'options', ...issue.path]) ?? 1,
    });
  }
  const control: Control = { ...value, file: display, impl, options: options.data };
  sources.set(control, source);
  return control;
}

function loadFramework(file: string, display: string): Framework {
  const { value } = readYamlFile(file, frameworkSchema, 'framework');
  const leaves: Leaf[] = [];
  const seen = new Set<string>();
  const walk = (node: RequirementNode, path: Leaf['path']): void => {
    if (node.children) {
      for (const child of node.children) walk(child, [...path, { id: node.id, title: node.title }]);
      return;
    }
    if (seen.has(node.id)) throw new InputError(`framework ${value.id}: requirement ${node.id} is listed twice`, { file: display });
    seen.add(node.id);
    const leaf: Leaf = { id: node.id, title: node.title, path };
    if (node.assessment) leaf.assessment = node.assessment;
    if (node.manual) leaf.manual = node.manual;
    leaves.push(leaf);
  };
  for (const node of value.requirements) walk(node, []);
  return { ...value, file: display, leaves };
}

/** Links loaded definitions into a catalogue, checking every cross-reference. */
export function buildCatalog(controls: Control[], frameworks: Framework[]): Catalog {
  const byId = new Map<string, Control>();
  for (const c of [...controls].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    for (const key of [c.id, ...c.aliases]) {
      const other = byId.get(key);
      if (other) throw new InputError(`control id or alias ${key} is used by both ${other.file} and ${c.file}`, { file: c.file });
      byId.set(key, c);
    }
  }
  const fwById = new Map<string, Framework>();
  for (const f of frameworks) {
    const other = fwById.get(f.id);
    if (other) throw new InputError(`framework ${f.id} is defined twice (also in ${other.file})`, { file: f.file });
    fwById.set(f.id, f);
  }
  for (const c of controls) {
    for (const [fid, reqs] of Object.entries(c.frameworks)) {
      const fw = fwById.get(fid);
      const at = (path: PropertyKey[]) => {
        const line = sources.get(c)?.lineOf(['frameworks', fid, ...path]);
        return line ? { file: c.file, line } : { file: c.file };
      };
      if (!fw) throw new InputError(`control ${c.id}: frameworks.${fid}: maps to framework ${fid}, which is not loaded (known: ${[...fwById.keys()].join(', ')})`, at([]));
      const known = new Set(fw.leaves.map((l) => l.id));
      for (const [i, r] of reqs.entries()) {
        if (!known.has(r)) throw new InputError(`control ${c.id}: frameworks.${fid}[${i}]: maps to ${fid} requirement ${r}, which ${fw.file} does not list`, at([i]));
      }
    }
  }
  const sortedControls = controls.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sortedFrameworks = frameworks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const digest = sha256(
    canonicalJson({
      controls: sortedControls.map(({ impl: _impl, file: _file, options: _options, ...def }) => def),
      frameworks: sortedFrameworks.map(({ file: _file, leaves: _leaves, ...def }) => def),
    }),
  );
  return {
    controls: sortedControls,
    frameworks: sortedFrameworks,
    digest,
    control: (id) => byId.get(id),
    framework: (id) => fwById.get(id),
  };
}
