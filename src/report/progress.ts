import type { LogFormat } from '../collect/progress.js';

/**
 * What the renderers say while they work. A PDF of a large estate takes seconds to lay out, so
 * its start and end are announced on stderr, as collection progress is: a line of text, or with
 * --log-format json one JSON object (`render`, then `rendered`).
 */
export interface RenderLog {
  rendering(file: string, format: string): void;
  rendered(file: string, format: string, stats: { bytes: number; ms: number }): void;
}

export const silentRenderLog: RenderLog = {
  rendering() {},
  rendered() {},
};

export function createRenderLog(write: (text: string) => void, format: LogFormat): RenderLog {
  if (format === 'json') {
    const emit = (event: string, fields: Record<string, unknown>): void => write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', event, ...fields })}\n`);
    return {
      rendering: (file, fmt) => emit('render', { file, format: fmt }),
      rendered: (file, fmt, stats) => emit('rendered', { file, format: fmt, ...stats }),
    };
  }
  return {
    rendering: (file) => write(`kubeproof: rendering ${file}\n`),
    rendered: (file, _fmt, stats) => write(`kubeproof: rendered ${file} (${(stats.bytes / 1e6).toFixed(1)} MB in ${(stats.ms / 1000).toFixed(1)}s)\n`),
  };
}
