/** RFC 6901 JSON Pointer tokens. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...tokens: Array<string | number>): string {
  return tokens.map((t) => `/${escapePointerToken(String(t))}`).join('');
}

export function join(base: string, ...tokens: Array<string | number>): string {
  return base + pointer(...tokens);
}
