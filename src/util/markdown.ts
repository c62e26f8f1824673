/**
 * Text from the cluster inside Markdown: characters with Markdown or HTML meaning are escaped,
 * line breaks and control characters flattened, so a hostile name cannot open a link, an image,
 * a table cell or an HTML tag in a pull-request comment.
 */
export function mdText(value: unknown): string {
  return String(value)
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|!~#]/g, (ch) => `\\${ch}`);
}

/** Inline code for identifiers (JSON Pointers, ids): backticks inside are neutralised. */
export function mdCode(value: unknown): string {
  const s = String(value).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/`/g, "'").replace(/\|/g, '\\|');
  return `\`${s}\``;
}
