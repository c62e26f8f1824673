import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../errors.js';
import { TOOL_VERSION } from '../paths.js';
import { auditCommand } from './commands/audit.js';
import { controlsList, controlsShow, frameworksList, frameworksShow } from './commands/catalog.js';
import { collectCommand } from './commands/collect.js';
import { evaluateCommand } from './commands/evaluate.js';
import { diffCommand, keygenCommand, verifyCommand } from './commands/pack.js';
import { reportCommand } from './commands/report.js';
import { rollupCommand } from './commands/rollup.js';
import { parseList } from './commands/shared.js';
import type { Io } from './io.js';

const EXIT_CODES_HELP = `
Exit codes:
  0  clean: no failing control at or above --fail-on
  1  findings at or above --fail-on
  2  usage or input error (bad flag, unreadable or invalid file)
  3  cluster unreachable or credentials refused
  130 interrupted by SIGINT (Ctrl-C), 143 by SIGTERM; nothing partial is left behind`;

function sourceOptions(cmd: Command): Command {
  return cmd
    .option('--manifests <path...>', 'YAML/JSON files or folders (recursive), or - for stdin')
    .option('--snapshot <file>', 'a snapshot written by kubeproof collect')
    .option('--kubeconfig <file>', 'kubeconfig of the cluster to collect from')
    .option('--context <name>', 'kubeconfig context')
    .option('--in-cluster', 'use the pod ServiceAccount (when running in the cluster)')
    .option('--namespace <ns>', 'namespace for namespaced manifests that name none', 'default')
    .option('--cluster-name <name>', 'name to give the estate in reports (manifests: defaults to the folder name)')
    .option('--vulns <file...>', 'Trivy image reports (trivy image --format json) to add to the snapshot')
    .option('--concurrency <n>', 'cluster: requests in parallel (default 8)')
    .option('--page-size <n>', 'cluster: objects per list page, the limit parameter (default 500)')
    .option('--timeout <duration>', 'cluster: time allowed for one request, e.g. 30s (default 30s)')
    .option('--deadline <duration>', 'cluster: time allowed for the whole collection, e.g. 10m (default 10m)')
    .option('--node-config', "cluster: read each kubelet's configuration through nodes/proxy (/configz)")
    .addOption(logFormat());
}

const logFormat = () => new Option('--log-format <format>', 'progress and log lines on stderr: text or json').choices(['text', 'json']).default('text');

function evaluationOptions(cmd: Command): Command {
  return cmd
    .option('--framework <ids>', 'frameworks to report, comma separated (default: all)', parseList)
    .option('--waivers <file>', 'waivers file (YAML)')
    .option('--attestations <file>', 'attestations of manual requirements (YAML)')
    .option('--config <file>', 'config file: scope namespaces, control options')
    .option('--controls <dir...>', 'extra folders of controls and frameworks')
    .option('--as-of <time>', 'judge waiver and attestation expiry at this ISO time (default: the collection time)');
}

const failOn = () =>
  new Option('--fail-on <severity>', 'exit 1 when a control of this severity or above fails').choices(['critical', 'high', 'medium', 'low', 'info', 'none']);

const paper = () => new Option('--paper <size>', 'paper size of the PDF report').choices(['a4', 'letter']).default('a4');

/** The commander program; every action resolves to an exit code that main() passes to process.exit. */
export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('kubeproof')
    .description('Evidence-backed compliance audits of Kubernetes estates: CIS Kubernetes v1.12, PCI DSS v4.0.1, HIPAA Security Rule.')
    .version(TOOL_VERSION, '-V, --version')
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);

  const run = (fn: () => Promise<number> | number) => async () => setExit(await fn());

  sourceOptions(evaluationOptions(program.command('audit')))
    .description('collect, evaluate and write an evidence pack: snapshot, results, reports, manifest')
    .option('--out <dir>', 'pack folder (created if needed)')
    .option('--history <dir>', 'write a dated pack to DIR/<cluster>/<timestamp>/ instead of --out')
    .option('--keep <n>', 'with --history: keep the newest N packs of the cluster')
    .option('--sign-key <file>', 'Ed25519 private key (PEM) to sign the pack manifest with (kubeproof keygen)')
    .option('--archive', 'also write the pack as DIR.tar.gz')
    .option('--format <list>', 'report formats, comma separated: json, html, pdf, csv, junit, sarif, md, oscal (json)', parseList)
    .addOption(paper())
    .addOption(failOn())
    .option('--quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      `
Examples:
  kubeproof audit --manifests samples/estate --out out
  kubeproof audit --manifests samples/estate --format html,pdf,csv --paper letter --out out
  kubeproof audit --manifests rendered.yaml --framework cis-kubernetes-1.12 --fail-on high --out out
  helm template my-chart | kubeproof audit --manifests - --out out
  kubeproof audit --snapshot snapshot.json --waivers waivers.yaml --out out
  kubeproof audit --manifests samples/estate --vulns samples/vulns/*.json --config samples/kubeproof.yaml --out out
  kubeproof audit --manifests samples/estate --history audits --keep 30 --sign-key kubeproof.key
  kubeproof audit --context prod --out audit-$(date +%F)
  kubeproof audit --in-cluster --log-format json --out /reports/$(date +%F)
  kubeproof audit --snapshot snapshot.json --waivers waivers.yaml --attestations attestations.yaml --out out
  kubeproof audit --manifests estate.yaml --controls my-controls --out out
${EXIT_CODES_HELP}`,
    )
    .action(async function (this: Command) {
      await run(() => auditCommand(this.opts() as never, io))();
    });

  sourceOptions(program.command('collect'))
    .description('collect a snapshot (redacted: no Secret values) and write it as JSON')
    .requiredOption('--out <file>', 'snapshot file to write')
    .option('--quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      `
Examples:
  kubeproof collect --manifests samples/estate --out snapshot.json
  kubeproof collect --manifests estate.yaml --vulns trivy/*.json --out snapshot.json
  kubeproof collect --kubeconfig ~/.kube/config --context prod --concurrency 16 --out snapshot.json
  kubectl get -A -o yaml pods,deployments | kubeproof collect --manifests - --out snapshot.json`,
    )
    .action(async function (this: Command) {
      await run(() => collectCommand(this.opts() as never, io))();
    });

  evaluationOptions(program.command('evaluate'))
    .description('evaluate a snapshot against the controls and write results.json')
    .requiredOption('--snapshot <file>', 'snapshot written by kubeproof collect')
    .requiredOption('--out <file>', 'results file to write')
    .addOption(failOn())
    .option('--quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      `
Examples:
  kubeproof evaluate --snapshot snapshot.json --out results.json
  kubeproof evaluate --snapshot snapshot.json --framework pci-dss-4.0.1 --waivers waivers.yaml --out results.json`,
    )
    .action(async function (this: Command) {
      await run(() => evaluateCommand(this.opts() as never, io))();
    });

  program
    .command('report')
    .description('render a results file: a terminal summary, and the formats asked for into --out')
    .requiredOption('--results <file>', 'results.json written by evaluate or audit')
    .option('--format <list>', 'report formats, comma separated: json, html, pdf, csv, junit, sarif, md, oscal (json)', parseList)
    .option('--out <dir>', 'output folder')
    .addOption(paper())
    .addOption(failOn())
    .option('--quiet', 'print nothing but errors')
    .addOption(logFormat())
    .addHelpText(
      'after',
      `
Examples:
  kubeproof report --results out/results.json
  kubeproof report --results out/results.json --format json --out pack
  kubeproof report --results out/results.json --format pdf,html,sarif --paper letter --out pack`,
    )
    .action(async function (this: Command) {
      await run(() => reportCommand(this.opts() as never, io))();
    });

  program
    .command('diff [runs...]')
    .description('what changed between two runs (packs or results.json files): findings, requirements, scores, objects, images')
    .option('--format <format>', 'md (default), json, html, pdf (html and pdf need --out)', 'md')
    .option('--out <file>', 'write to a file instead of stdout')
    .addOption(paper())
    .option('--history <dir>', 'diff the two newest packs of a history folder')
    .option('--last <n>', 'with --history: how many of the newest runs (2)', '2')
    .option('--cluster <name>', 'with --history: the cluster, when the folder holds several')
    .option('--fail-on-regression', 'exit 1 when a requirement got worse or a new failure at or above --fail-on appeared')
    .addOption(failOn())
    .option('--controls <dir...>', 'extra folders of controls (for their aliases)')
    .addHelpText('after', '\nExamples:\n  kubeproof diff audits/prod/2026-10-24T02-00-00Z audits/prod/2026-11-24T02-00-00Z\n  kubeproof diff --history audits --last 2 --fail-on-regression --fail-on high\n  kubeproof diff old/results.json new/results.json --format json --out diff.json\n  kubeproof diff audits/prod/2026-10-24T02-00-00Z audits/prod/2026-11-24T02-00-00Z --format pdf --out changes.pdf')
    .action(async function (this: Command, runs: string[]) {
      await run(() => diffCommand(runs, this.opts() as never, io))();
    });

  program
    .command('rollup [packs...]')
    .description('one report across clusters: scores per cluster and framework, the requirements failing in most clusters, links to each pack')
    .option('--history <dir>', 'the newest complete pack of every cluster in a history folder')
    .option('--format <format>', 'md (default), json, html (needs --out)', 'md')
    .option('--out <file>', 'write to a file instead of stdout (report links are relative to it)')
    .addHelpText('after', '\nExamples:\n  kubeproof rollup --history /audits --format html --out /audits/fleet.html\n  kubeproof rollup audits/prod/2026-11-24T02-00-00Z audits/staging/2026-11-24T02-10-00Z --format json')
    .action(async function (this: Command, packs: string[]) {
      await run(() => rollupCommand(packs, this.opts() as never, io))();
    });

  program
    .command('verify <pack>')
    .description('check every hash of an evidence pack, its signature, and optionally reproduce its results')
    .option('--public-key <file>', 'Ed25519 public key (PEM) the pack must be signed with')
    .option('--reevaluate', "re-evaluate the pack's snapshot and require byte-identical results.json")
    .option('--quiet', 'print only on failure')
    .addHelpText('after', '\nExit codes: 0 verified, 1 not verified (the failing file is named), 2 not a pack or unreadable.\n\nExamples:\n  kubeproof verify out --public-key kubeproof.pub --reevaluate')
    .action(async function (this: Command, pack: string) {
      await run(() => verifyCommand(pack, this.opts() as never, io))();
    });

  program
    .command('keygen')
    .description('make an Ed25519 key pair for signing packs: NAME.key (private) and NAME.pub')
    .option('--out <name>', 'file name without extension', 'kubeproof')
    .option('--force', 'replace existing key files')
    .addHelpText('after', '\nExamples:\n  kubeproof keygen --out /secure/kubeproof')
    .action(async function (this: Command) {
      await run(() => keygenCommand(this.opts() as never, io))();
    });

  const controls = program.command('controls').description('list or show the controls of the catalogue');
  controls
    .command('list')
    .description('list controls with their severity and framework mappings')
    .option('--framework <ids>', 'only controls mapped to these frameworks', parseList)
    .option('--controls <dir...>', 'extra folders of controls and frameworks')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  kubeproof controls list\n  kubeproof controls list --framework pci-dss-4.0.1 --json')
    .action(async function (this: Command) {
      await run(() => controlsList(this.opts() as never, io))();
    });
  controls
    .command('show <id>')
    .description('show one control: description, rationale, remediation, mappings')
    .option('--controls <dir...>', 'extra folders of controls and frameworks')
    .addHelpText('after', '\nExamples:\n  kubeproof controls show KP-PS-001')
    .action(async function (this: Command, id: string) {
      await run(() => controlsShow(id, this.opts() as never, io))();
    });

  const frameworks = program.command('frameworks').description('list or show the frameworks and their requirements');
  frameworks
    .command('list')
    .description('list frameworks with requirement counts')
    .option('--controls <dir...>', 'extra folders of controls and frameworks')
    .addHelpText('after', '\nExamples:\n  kubeproof frameworks list')
    .action(async function (this: Command) {
      await run(() => frameworksList(this.opts() as never, io))();
    });
  frameworks
    .command('show <id>')
    .description("show a framework's requirement tree and the controls behind each requirement")
    .option('--controls <dir...>', 'extra folders of controls and frameworks')
    .addHelpText('after', '\nExamples:\n  kubeproof frameworks show cis-kubernetes-1.12')
    .action(async function (this: Command, id: string) {
      await run(() => frameworksShow(id, this.opts() as never, io))();
    });

  program.commands.forEach(function configure(cmd: Command) {
    cmd.exitOverride();
    cmd.configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
    cmd.commands.forEach(configure);
  });
  program.exitOverride();
  program.configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  return program;
}

/** Commander's own exits: help and version are 0, every parse error is a usage error. */
export function commanderExit(err: CommanderError): number {
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
  if (err.code === 'commander.executeSubCommandAsync') return 0;
  return new UsageError(err.message).exitCode;
}
