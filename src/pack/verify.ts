import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../catalog/load.js';
import { loadConfig } from '../config.js';
import { evaluate } from '../evaluate/engine.js';
import { resultsText } from '../evaluate/io.js';
import { loadWaivers } from '../evaluate/waivers.js';
import { readSnapshot } from '../snapshot/io.js';
import { fileDigest, packFiles, readManifest, SIGNATURE, type PackManifest } from './manifest.js';
import { checkSignature, loadPublicKey } from './sign.js';
import { RUN_INPUTS } from './write.js';

export interface VerifyLine {
  ok: boolean;
  what: string;
  detail: string;
}

export interface VerifyReport {
  manifest: PackManifest;
  lines: VerifyLine[];
  ok: boolean;
}

/**
 * Recomputes every hash of a pack, finds missing and extra files, checks the signature against a
 * public key the caller trusts, and optionally re-evaluates the snapshot to reproduce results.json.
 */
export function verifyPack(dir: string, options: { publicKey?: string; reevaluate?: boolean } = {}): VerifyReport {
  const { manifest, bytes } = readManifest(dir);
  const lines: VerifyLine[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const path = join(dir, f.path);
    if (!existsSync(path)) {
      lines.push({ ok: false, what: f.path, detail: 'MISSING: listed in the manifest but not in the pack' });
      continue;
    }
    const actual = fileDigest(path);
    if (actual.sha256 !== f.sha256 || actual.size !== f.size) {
      lines.push({ ok: false, what: f.path, detail: `CHANGED: sha256 ${actual.sha256} (${actual.size} bytes), manifest says ${f.sha256} (${f.size} bytes)` });
    } else {
      lines.push({ ok: true, what: f.path, detail: `sha256 ${f.sha256}` });
    }
  }
  for (const extra of packFiles(dir).filter((p) => !listed.has(p))) {
    lines.push({ ok: false, what: extra, detail: 'EXTRA: in the pack but not in its manifest' });
  }

  const sigPath = join(dir, SIGNATURE);
  if (options.publicKey) {
    const key = loadPublicKey(options.publicKey);
    if (!existsSync(sigPath)) lines.push({ ok: false, what: SIGNATURE, detail: 'UNSIGNED: the pack carries no signature' });
    else {
      const problem = checkSignature(readFileSync(sigPath, 'utf8'), bytes, key);
      lines.push(problem ? { ok: false, what: SIGNATURE, detail: `BAD SIGNATURE: ${problem}` } : { ok: true, what: SIGNATURE, detail: 'signature verified (Ed25519, DSSE, in-toto statement over manifest.json)' });
    }
  } else if (existsSync(sigPath)) {
    lines.push({ ok: true, what: SIGNATURE, detail: 'signature present but NOT checked: give --public-key to verify who signed the pack' });
  }

  if (options.reevaluate) lines.push(reevaluate(dir, manifest));
  return { manifest, lines, ok: lines.every((l) => l.ok) };
}

function reevaluate(dir: string, manifest: PackManifest): VerifyLine {
  const has = (p: string) => manifest.files.some((f) => f.path === p);
  const run = has(RUN_INPUTS) ? (JSON.parse(readFileSync(join(dir, RUN_INPUTS), 'utf8')) as { frameworks: string[] | null; asOf: string | null }) : { frameworks: null, asOf: null };
  const controlDirs = [...new Set(manifest.files.filter((f) => f.path.startsWith('inputs/controls/')).map((f) => f.path.split('/').slice(0, 3).join('/')))].sort();
  const catalog = loadCatalog(controlDirs.map((d) => join(dir, d)));
  if (catalog.digest !== manifest.catalog.digest) {
    return { ok: false, what: 'results.json', detail: `NOT REPRODUCIBLE with this catalogue: its digest ${catalog.digest} differs from the pack's ${manifest.catalog.digest} (another kubeproof version or changed controls)` };
  }
  const results = evaluate(readSnapshot(join(dir, 'snapshot.json')), catalog, {
    ...(run.frameworks ? { frameworks: run.frameworks } : {}),
    ...(run.asOf ? { asOf: run.asOf } : {}),
    waivers: has('inputs/waivers.yaml') ? loadWaivers(join(dir, 'inputs/waivers.yaml'), catalog) : [],
    config: loadConfig(has('inputs/config.yaml') ? join(dir, 'inputs/config.yaml') : undefined),
  });
  const same = `${resultsText(results)}\n` === readFileSync(join(dir, 'results.json'), 'utf8');
  return same
    ? { ok: true, what: 'results.json', detail: 're-evaluating snapshot.json with the same catalogue reproduces it byte for byte' }
    : { ok: false, what: 'results.json', detail: 'NOT REPRODUCED: re-evaluating snapshot.json gives different results' };
}
