import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * DejaVu Sans, a Unicode TrueType family (Latin, Greek, Cyrillic, Arabic, Hebrew, symbols such
 * as ✓ ✗ →), from the dejavu-fonts-ttf package. The standard PDF fonts know only Latin-1; and a
 * font file fixed by the lockfile keeps the PDF's bytes reproducible.
 */
export type FontRole = 'body' | 'bold' | 'italic' | 'mono' | 'monoBold';

const FILES: Record<FontRole, string> = {
  body: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  mono: 'DejaVuSansMono.ttf',
  monoBold: 'DejaVuSansMono-Bold.ttf',
};

export const FONT_FAMILY = 'DejaVu Sans';

let fontDir: string | undefined;

function dir(): string {
  if (!fontDir) {
    const require = createRequire(import.meta.url);
    fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  }
  return fontDir;
}

const cache = new Map<FontRole, Buffer>();

export function fontData(role: FontRole): Buffer {
  let data = cache.get(role);
  if (!data) {
    data = readFileSync(join(dir(), FILES[role]));
    cache.set(role, data);
  }
  return data;
}

export const FONT_ROLES = Object.keys(FILES) as FontRole[];
