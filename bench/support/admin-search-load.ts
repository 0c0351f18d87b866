/**
 * The same directory searches asked of the JSON API and of the web admin's employees page, one request at a
 * time over loopback HTTP: latency (request sent to the last byte read) and answer size per kind of query.
 */
import { performance } from 'node:perf_hooks';
import { type DirectorySample, QUERY_KINDS } from './directory-search-load.ts';
import { type Distribution, distribution } from './percentiles.ts';

/** One query typed into the search box: its kind (see `QUERY_KINDS`) and its text. */
export interface AdminQuery {
  readonly kind: string;
  readonly text: string;
}

/** Every kind of query for every sample, `rounds` times over. */
export function adminQueries(samples: readonly DirectorySample[], rounds: number): AdminQuery[] {
  const queries: AdminQuery[] = [];
  for (let round = 0; round < rounds; round++)
    for (const [kind, typed] of Object.entries(QUERY_KINDS))
      for (const sample of samples) queries.push({ kind, text: typed(sample) });
  return queries;
}

export interface SearchFigures {
  /** Latency per kind of query, and over all of them (`'all'`). */
  readonly latency: ReadonlyMap<string, Distribution>;
  /** Answer sizes in bytes over all queries. */
  readonly bytes: Distribution;
}

/**
 * Asks `url(query)` for each query in turn with `headers`; every answer must be 200 with the content type
 * matching `type`, or the run fails (a bench of refusals measures nothing).
 */
export async function measureSearches(
  queries: readonly AdminQuery[],
  url: (query: AdminQuery) => string,
  headers: Readonly<Record<string, string>>,
  type: RegExp,
  signal?: AbortSignal,
): Promise<SearchFigures> {
  const byKind = new Map<string, number[]>();
  const all: number[] = [];
  const sizes: number[] = [];
  for (const query of queries) {
    if (signal?.aborted) throw new Error('Interrupted');
    const began = performance.now();
    const response = await fetch(url(query), { headers });
    const body = await response.arrayBuffer();
    const ms = performance.now() - began;
    const contentType = response.headers.get('content-type') ?? '';
    if (response.status !== 200 || !type.test(contentType)) {
      throw new Error(
        `${url(query)} answered ${response.status} ${contentType}: ${Buffer.from(body).toString().slice(0, 300)}`,
      );
    }
    all.push(ms);
    sizes.push(body.byteLength);
    byKind.set(query.kind, [...(byKind.get(query.kind) ?? []), ms]);
  }
  const latency = new Map<string, Distribution>();
  for (const [kind, times] of byKind) latency.set(kind, distribution(times));
  latency.set('all', distribution(all));
  return { latency, bytes: distribution(sizes) };
}
