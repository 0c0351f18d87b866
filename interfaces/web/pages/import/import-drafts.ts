import { randomUUID } from 'node:crypto';

/** A workbook whose dry run an admin saw, kept until they commit it (or it expires). */
export interface ImportDraft {
  readonly file: Buffer;
  readonly fileName: string;
  /** The admin who uploaded it: no one else may commit it. */
  readonly userId: string;
  readonly expiresAt: number;
}

export interface ImportDrafts {
  /** Keeps `draft` (the oldest dropped past the bound) and names it. */
  put(draft: Omit<ImportDraft, 'expiresAt'>): string;
  /** The user's draft by its name, once: a commit takes it, a second commit finds nothing. */
  take(id: string, userId: string): ImportDraft | null;
}

/**
 * Dry-run workbooks between the diff and the commit, in this node's memory: bounded in number and time (a
 * workbook is at most the upload limit). A commit that reaches another node of a cluster, or comes after a
 * restart or the expiry, finds nothing and is asked to upload again: nothing is written from a draft it lost.
 */
export function memoryImportDrafts(options: { max?: number; ttlMs?: number; now?: () => number } = {}) {
  const max = options.max ?? 8;
  const ttlMs = options.ttlMs ?? 15 * 60_000;
  const now = options.now ?? Date.now;
  const drafts = new Map<string, ImportDraft>();
  const prune = () => {
    for (const [id, draft] of drafts) if (draft.expiresAt <= now()) drafts.delete(id);
  };
  return {
    put(draft) {
      prune();
      while (drafts.size >= max) {
        const oldest = drafts.keys().next().value;
        if (oldest === undefined) break;
        drafts.delete(oldest);
      }
      const id = randomUUID();
      drafts.set(id, { ...draft, expiresAt: now() + ttlMs });
      return id;
    },
    take(id, userId) {
      prune();
      const draft = drafts.get(id);
      if (!draft || draft.userId !== userId) return null;
      drafts.delete(id);
      return draft;
    },
  } satisfies ImportDrafts;
}
