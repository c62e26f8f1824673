/** Kubernetes label selectors (metav1.LabelSelector), as the API server evaluates them. */
export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] | null }> | null;
}

/**
 * An empty selector selects everything; a null or absent one, in the places where the API says
 * so (NetworkPolicy namespaceSelector), selects nothing: callers decide which applies.
 */
export function matchesSelector(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (l[key] !== value) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, expr.key);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(l[expr.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(l[expr.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false; // an operator the API would have rejected selects nothing
    }
  }
  return true;
}
