import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { cspFor, inertModel, registerReportPartials, reportCss, TEMPLATES_DIR, type CompileOptions } from '../report/html.js';
import type { DiffResult } from './diff.js';
import { buildDiffModel } from './view.js';

let compiled: { template: Handlebars.TemplateDelegate; css: string; csp: string } | undefined;

/**
 * The diff as a self-contained HTML page in the report's look: the report's stylesheet and
 * partials, its own Handlebars environment with no helpers, and no script at all. Every value
 * from the cluster goes through Handlebars' escaping.
 */
export function renderDiffHtml(d: DiffResult): string {
  if (!compiled) {
    const hbs = Handlebars.create();
    const options: CompileOptions = { knownHelpersOnly: true, strict: false, preventIndent: true };
    registerReportPartials(hbs, options);
    const template = hbs.compile(readFileSync(join(TEMPLATES_DIR, 'diff.html.hbs'), 'utf8'), options);
    const css = reportCss();
    compiled = { template, css, csp: cspFor(css) };
  }
  return compiled.template({ ...inertModel(buildDiffModel(d)), css: compiled.css, csp: compiled.csp });
}
