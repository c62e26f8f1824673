/**
 * Characters that let text from the cluster act instead of being read: C0 and C1 controls (ANSI
 * escapes among them), zero-width characters, bidirectional marks, embeddings, overrides and
 * isolates (`safe\u202Egnp.exe` shows as `safeexe.png`), invisible operators and the byte-order
 * mark. Wherever a person reads a report they are shown as visible `\u202e` escapes, the same in
 * every format, so a hostile name can neither rewrite a screen nor disguise itself.
 */
const HIDDEN = '\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';

export const INVISIBLE = new RegExp(`[${HIDDEN}]`, 'g');

/** The same, but tab, line feed and carriage return pass: for formats in which a line break is layout, not a trick. */
export const INVISIBLE_IN_TEXT = new RegExp(`[${HIDDEN.replace('\\u0000-\\u001f', '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f')}]`, 'g');

const escape = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Every such character as a visible escape (terminal, PDF, single-line fields). */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, escape);
}

/** As showInvisible, keeping tabs and line breaks (CSV cells, XML text, HTML). */
export function showInvisibleInText(text: string): string {
  return text.replace(INVISIBLE_IN_TEXT, escape);
}
