import { showInvisible } from './inert.js';

/**
 * Text from the cluster inside Markdown: characters with Markdown or HTML meaning are escaped,
 * line breaks flattened and control, bidirectional and zero-width characters shown as escapes, so
 * a hostile name cannot open a link, an image, a table cell or an HTML tag in a pull-request
 * comment, nor disguise itself.
 */
export function mdText(value: unknown): string {
  return showInvisible(String(value).replace(/[\t\n\r]/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|!~#]/g, (ch) => `\\${ch}`);
}

/** Inline code for identifiers (JSON Pointers, ids): backticks inside are neutralised. */
export function mdCode(value: unknown): string {
  const s = showInvisible(String(value).replace(/[\t\n\r]/g, ' ')).replace(/`/g, "'").replace(/\|/g, '\\|');
  return `\`${s}\``;
}
