import { loadCatalog } from '../../catalog/load.js';
import { UsageError } from '../../errors.js';
import type { Io } from '../io.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function controlsList(flags: { controls?: string[]; framework?: string[]; json?: boolean }, io: Io): number {
  const catalog = loadCatalog(flags.controls ?? []);
  const wanted = flags.framework?.length ? new Set(flags.framework) : undefined;
  const list = catalog.controls.filter((c) => !wanted || Object.keys(c.frameworks).some((f) => wanted.has(f)));
  if (flags.json) {
    io.stdout(`${JSON.stringify(list.map((c) => ({ id: c.id, name: c.name, title: c.title, severity: c.severity, check: c.impl.id, frameworks: c.frameworks })), null, 2)}\n`);
    return 0;
  }
  for (const c of list) {
    const maps = Object.entries(c.frameworks).map(([f, reqs]) => `${f}:${reqs.join(',')}`).join(' ');
    io.stdout(`${pad(c.id, 14)}${pad(c.severity, 10)}${c.title}\n${' '.repeat(22)}${maps}\n`);
  }
  io.stdout(`${list.length} controls\n`);
  return 0;
}

export function controlsShow(id: string, flags: { controls?: string[] }, io: Io): number {
  const catalog = loadCatalog(flags.controls ?? []);
  const c = catalog.control(id);
  if (!c) throw new UsageError(`no control ${id} (see kubeproof controls list)`);
  const lines = [
    `${c.id}  ${c.title}`,
    `name:        ${c.name}${c.aliases.length ? ` (aliases: ${c.aliases.join(', ')})` : ''}`,
    `severity:    ${c.severity}`,
    c.check.cel ? `check:       cel ${JSON.stringify(c.check.cel)}` : `check:       ${c.impl.id} ${JSON.stringify(c.options)}`,
    `needs:       ${c.impl.needs.join(', ')}${c.impl.optionalNeeds?.length ? ` (if installed: ${c.impl.optionalNeeds.join(', ')})` : ''}`,
    `file:        ${c.file}`,
    '',
    'frameworks:',
    ...Object.entries(c.frameworks).map(([f, reqs]) => {
      const fw = catalog.framework(f);
      return reqs.map((r) => `  ${f} ${r}  ${fw?.leaves.find((l) => l.id === r)?.title ?? ''}`).join('\n');
    }),
    '',
    'description:',
    `  ${c.description}`,
    '',
    'rationale:',
    `  ${c.rationale}`,
    '',
    'remediation:',
    `  ${c.remediation}`,
  ];
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

export function frameworksList(flags: { controls?: string[] }, io: Io): number {
  const catalog = loadCatalog(flags.controls ?? []);
  for (const f of catalog.frameworks) {
    const mapped = new Set(catalog.controls.flatMap((c) => c.frameworks[f.id] ?? []));
    const automated = f.leaves.filter((l) => mapped.has(l.id)).length;
    io.stdout(`${pad(f.id, 24)}${pad(`${f.leaves.length} requirements`, 18)}${pad(`${automated} with controls`, 18)}scope: ${f.scope}  ${f.title} ${f.version}\n`);
  }
  return 0;
}

export function frameworksShow(id: string, flags: { controls?: string[] }, io: Io): number {
  const catalog = loadCatalog(flags.controls ?? []);
  const f = catalog.framework(id);
  if (!f) throw new UsageError(`no framework ${id} (known: ${catalog.frameworks.map((x) => x.id).join(', ')})`);
  const byReq = new Map<string, string[]>();
  for (const c of catalog.controls) for (const r of c.frameworks[f.id] ?? []) byReq.set(r, [...(byReq.get(r) ?? []), c.id]);
  io.stdout(`${f.title} ${f.version} (${f.id}), scope: ${f.scope}\n${f.description}\n\n`);
  let section = '';
  for (const leaf of f.leaves) {
    const s = leaf.path.map((p) => `${p.id} ${p.title}`).join(' › ');
    if (s !== section) {
      io.stdout(`\n${s}\n`);
      section = s;
    }
    const controls = byReq.get(leaf.id);
    io.stdout(`  ${pad(leaf.id, 22)}${controls ? pad(controls.join(','), 24) : pad('manual', 24)}${leaf.title}\n`);
  }
  return 0;
}
