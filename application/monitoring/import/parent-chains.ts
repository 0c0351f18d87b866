import { MAX_SERVER_DEPTH } from '../../../domain/monitoring/index.ts';

/** Where a node's parent chain leads once the import is done. */
export type Chain =
  | { readonly kind: 'ok'; readonly depth: number }
  | { readonly kind: 'cycle'; readonly names: readonly string[]; readonly own: boolean }
  | { readonly kind: 'too-deep' }
  | { readonly kind: 'refused'; readonly key: string; readonly direct: boolean };

export interface ParentGraph {
  /** The parent key of a node once imported (`null`: none), or `'refused'` for a new row that is refused. */
  readonly parentOf: (key: string) => string | null;
  readonly isRefused: (key: string) => boolean;
}

/**
 * Follows a server's parents as the import leaves them, never further than the domain allows
 * (`MAX_SERVER_DEPTH`): a cycle (through the server itself or above it), a chain too deep, a parent that
 * will not exist (a refused new row), or its depth.
 */
export function followParents(key: string, graph: ParentGraph): Chain {
  const path = [key];
  let current = key;
  for (;;) {
    const parent = graph.parentOf(current);
    if (parent === null) return { kind: 'ok', depth: path.length - 1 };
    if (graph.isRefused(parent)) return { kind: 'refused', key: parent, direct: current === key };
    const at = path.indexOf(parent);
    if (at >= 0) return { kind: 'cycle', names: [...path.slice(at), parent], own: at === 0 };
    path.push(parent);
    if (path.length > MAX_SERVER_DEPTH) return { kind: 'too-deep' };
    current = parent;
  }
}
