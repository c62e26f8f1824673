import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { PACKAGE_ROOT } from '../paths.js';
import { showInvisibleInText } from '../util/inert.js';
import type { ReportModel } from './view-model.js';

export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

interface Compiled {
  template: Handlebars.TemplateDelegate;
  css: string;
  script: string;
  csp: string;
}

let compiled: Compiled | undefined;

function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/**
 * Compiles report.html.hbs and its partials in a Handlebars environment of its own, allowing no
 * helper beyond the built-in loops and conditionals: templates hold no logic.
 */
function compile(): Compiled {
  if (compiled) return compiled;
  const hbs = Handlebars.create();
  const options: CompileOptions = { knownHelpersOnly: true, strict: false, preventIndent: true };
  const partialsDir = join(TEMPLATES_DIR, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs')).sort()) {
    hbs.registerPartial(basename(file, '.hbs'), hbs.compile(readFileSync(join(partialsDir, file), 'utf8'), options));
  }
  const template = hbs.compile(readFileSync(join(TEMPLATES_DIR, 'report.html.hbs'), 'utf8'), options);
  const css = reportCss();
  const script = readFileSync(join(TEMPLATES_DIR, 'scripts', 'report.js'), 'utf8');
  // Only the page's own stylesheet and script may run: no other script, style, font, image or
  // connection, whatever text from the cluster ends up in the page.
  const csp = [
    "default-src 'none'",
    `style-src 'sha256-${sha256Base64(css)}'`,
    `script-src 'sha256-${sha256Base64(script)}'`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  compiled = { template, css, script, csp };
  return compiled;
}

/** The report's stylesheet (every templates/styles/*.css), shared by the other HTML documents. */
export function reportCss(): string {
  return readdirSync(join(TEMPLATES_DIR, 'styles'))
    .filter((f) => f.endsWith('.css'))
    .sort()
    .map((f) => readFileSync(join(TEMPLATES_DIR, 'styles', f), 'utf8'))
    .join('\n');
}

/** Registers the report's partials in a Handlebars environment, so other documents reuse them. */
export function registerReportPartials(hbs: typeof Handlebars, options: CompileOptions): void {
  const partialsDir = join(TEMPLATES_DIR, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs')).sort()) {
    hbs.registerPartial(basename(file, '.hbs'), hbs.compile(readFileSync(join(partialsDir, file), 'utf8'), options));
  }
}

/** A Content-Security-Policy allowing only the given inline stylesheet (and script, when there is one). */
export function cspFor(css: string, script?: string): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${sha256Base64(css)}'`,
    script === undefined ? "script-src 'none'" : `script-src 'sha256-${sha256Base64(script)}'`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export type CompileOptions = Parameters<typeof Handlebars.compile>[1];

/** The self-contained HTML report: inline CSS, inline SVG, one small inline script. */
export function renderHtml(model: ReportModel): string {
  const { template, css, script, csp } = compile();
  return template({ ...inertModel(model), css, script, csp });
}

/**
 * Every string of a view model with control, bidirectional and zero-width characters shown as
 * escapes, as the terminal and the PDF show them: Handlebars escapes what HTML would parse, not
 * what would reorder or hide the text on screen. The model is plain data (strings, numbers,
 * arrays, objects), so a copy is made field by field.
 */
export function inertModel<T>(value: T): T {
  if (typeof value === 'string') return showInvisibleInText(value) as T;
  if (Array.isArray(value)) return value.map(inertModel) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = inertModel(v);
    return out as T;
  }
  return value;
}
