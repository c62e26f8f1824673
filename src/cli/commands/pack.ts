import { existsSync } from 'node:fs';
import { loadCatalog } from '../../catalog/load.js';
import { diffRuns, loadSide } from '../../diff/diff.js';
import { renderDiffHtml } from '../../diff/html.js';
import { diffMarkdown } from '../../diff/markdown.js';
import { renderDiffPdf } from '../../diff/pdf.js';
import { PAPERS, type Paper } from '../../report/formats.js';
import { UsageError } from '../../errors.js';
import { historyPacks } from '../../pack/history.js';
import { generateKeys } from '../../pack/sign.js';
import { verifyPack } from '../../pack/verify.js';
import { writeOutput } from '../../util/fs.js';
import type { Io } from '../io.js';
import { inert } from '../terminal.js';
import { parseFailOn } from './shared.js';

export function verifyCommand(dir: string, flags: { publicKey?: string; reevaluate?: boolean; quiet?: boolean }, io: Io): number {
  const report = verifyPack(dir, flags);
  if (!flags.quiet || !report.ok) {
    const m = report.manifest;
    io.stdout(`pack ${inert(dir)}: ${inert(m.cluster.name)}${m.cluster.server ? ` (${inert(m.cluster.server)})` : ''}, collected ${m.collectedAt}, kubeproof ${m.tool.version}\n`);
    for (const l of report.lines) io.stdout(`  ${l.ok ? 'ok ' : 'BAD'}  ${inert(l.what)}: ${inert(l.detail)}\n`);
    io.stdout(report.ok ? 'verified\n' : 'NOT VERIFIED\n');
  }
  return report.ok ? 0 : 1;
}

export function keygenCommand(flags: { out: string; force?: boolean }, io: Io): number {
  const priv = `${flags.out}.key`;
  const pub = `${flags.out}.pub`;
  if (!flags.force && (existsSync(priv) || existsSync(pub))) throw new UsageError(`${priv} or ${pub} exists already; use --force to replace them`);
  const { privatePem, publicPem } = generateKeys();
  writeOutput(pub, publicPem);
  writeOutput(priv, privatePem, 0o600);
  io.stdout(`wrote ${inert(priv)} (private: keep it secret) and ${inert(pub)} (give it to whoever verifies the packs)\n`);
  return 0;
}

export interface DiffFlags {
  format?: string;
  out?: string;
  failOnRegression?: boolean;
  failOn?: string;
  history?: string;
  last?: string;
  cluster?: string;
  controls?: string[];
  paper?: string;
}

export const DIFF_FORMATS: readonly string[] = ['md', 'json', 'html', 'pdf'];

export async function diffCommand(sides: string[], flags: DiffFlags, io: Io): Promise<number> {
  let paths = sides;
  if (flags.history) {
    if (sides.length) throw new UsageError('give OLD and NEW, or --history DIR --last 2, not both');
    const last = Number(flags.last ?? '2');
    if (last !== 2) throw new UsageError('--last takes 2 (the two newest runs)');
    const packs = historyPacks(flags.history, flags.cluster);
    if (packs.length < 2) throw new UsageError(`history ${flags.history} holds ${packs.length} complete run${packs.length === 1 ? '' : 's'}; a diff needs two`);
    paths = packs.slice(-2);
  }
  if (paths.length !== 2) throw new UsageError('diff takes two runs: OLD NEW (packs or results.json files), or --history DIR --last 2');
  const format = flags.format ?? 'md';
  if (!DIFF_FORMATS.includes(format)) throw new UsageError(`unknown --format ${format} (available: ${DIFF_FORMATS.join(', ')})`);
  if ((format === 'html' || format === 'pdf') && !flags.out) throw new UsageError(`--format ${format} needs --out FILE`);
  if (flags.paper !== undefined && !(PAPERS as readonly string[]).includes(flags.paper)) throw new UsageError(`unknown --paper ${flags.paper} (available: ${PAPERS.join(', ')})`);
  const failOn = parseFailOn(flags.failOn ?? 'info');
  const result = diffRuns(loadSide(paths[0]!), loadSide(paths[1]!), loadCatalog(flags.controls ?? []), failOn);
  let data: string | Buffer;
  if (format === 'json') data = `${JSON.stringify(result, null, 2)}\n`;
  else if (format === 'html') data = renderDiffHtml(result);
  else if (format === 'pdf') data = await renderDiffPdf(result, { paper: (flags.paper as Paper | undefined) ?? 'a4' });
  else data = diffMarkdown(result);
  if (flags.out) writeOutput(flags.out, data);
  else io.stdout(data.toString());
  return flags.failOnRegression && result.regression ? 1 : 0;
}
