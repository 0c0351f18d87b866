import test from 'ava';
import { createKeyCache } from '../../../infrastructure/personal-data/key-cache.ts';

function clocked(maxEntries: number, ttlMs: number) {
  let time = 0;
  const cache = createKeyCache<string>({ maxEntries, ttlMs, now: () => time });
  return { cache, advance: (ms: number) => (time += ms) };
}

test('evicts the least recently used entry beyond its bound', (t) => {
  const { cache } = clocked(2, 1000);
  cache.set('a', 'A');
  cache.set('b', 'B');
  t.is(cache.get('a'), 'A');
  cache.set('c', 'C');
  t.deepEqual([cache.get('a'), cache.get('b'), cache.get('c')], ['A', undefined, 'C']);
});

test('forgets an entry after its TTL, counted from when it was stored', (t) => {
  const { cache, advance } = clocked(10, 30_000);
  cache.set('a', 'A');
  advance(29_999);
  t.is(cache.get('a'), 'A');
  advance(1);
  t.is(cache.get('a'), undefined);
});

test('deletes at once', (t) => {
  const { cache } = clocked(10, 30_000);
  cache.set('a', 'A');
  cache.delete('a');
  t.is(cache.get('a'), undefined);
});
