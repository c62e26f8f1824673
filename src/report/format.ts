/**
 * Locale-free formatting for reports: the same results give the same text on every machine,
 * whatever its locale or time zone.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function parse(iso: string): Date | undefined {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** "18 November 2026, 11:06:40 UTC"; the input as given when it is not a date. */
export function formatDateTime(iso: string): string {
  const d = parse(iso);
  if (!d) return iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC`;
}

/** "18 November 2026". */
export function formatDate(iso: string): string {
  const d = parse(iso);
  if (!d) return iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "2026-11-18". */
export function isoDay(iso: string): string {
  const d = parse(iso);
  if (!d) return iso;
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
}

/** 12345 → "12,345". */
export function formatInt(n: number): string {
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.trunc(Math.abs(n)));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return sign + out;
}

/** 25 → "25.0%", null → "—". */
export function formatScore(score: number | null): string {
  if (score === null) return '—';
  return `${(Math.round(score * 10) / 10).toFixed(1)}%`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatInt(n)} ${n === 1 ? one : many}`;
}

/** A Kubernetes kind in the plural, for sentences: RoleBinding → RoleBindings, NetworkPolicy → NetworkPolicies. */
export function kindPlural(kind: string): string {
  if (kind.includes('.')) return `${kind} objects`;
  if (/(s|x|ch|sh)$/.test(kind)) return `${kind}es`;
  if (/[^aeiou]y$/.test(kind)) return `${kind.slice(0, -1)}ies`;
  return `${kind}s`;
}

/** A JSON value from the cluster as one line of text: strings as they are, the rest as compact JSON. */
export function valueText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Cuts text longer than max characters, saying how much was left out. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${formatInt(text.length - max)} more characters)`;
}

/** A stable id for anchors and PDF destinations: letters, digits and dashes. */
export function slug(...parts: string[]): string {
  return parts
    .map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(Boolean)
    .join('--');
}
