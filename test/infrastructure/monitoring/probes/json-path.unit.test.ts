import test from 'ava';
import { lookUpJsonPath } from '../../../../infrastructure/monitoring/probes/json-path.ts';

const document = { status: { db: 'ok', replicas: [{ lag: 0 }, { lag: null }] }, 'a.b': 1, list: ['x'] };

test('a dotted path goes through objects and array indexes', (t) => {
  t.deepEqual(lookUpJsonPath(document, 'status.db'), { found: true, value: 'ok' });
  t.deepEqual(lookUpJsonPath(document, 'status.replicas.1.lag'), { found: true, value: null });
  t.deepEqual(lookUpJsonPath(document, 'list.0'), { found: true, value: 'x' });
  t.deepEqual(lookUpJsonPath(['top'], '0'), { found: true, value: 'top' });
});

test('what is not there is not found, never an inherited property or a loose index', (t) => {
  for (const path of [
    'status.cache',
    'list.1',
    'list.01',
    'list.-1',
    'list.length',
    'status.toString',
    'a.b',
    '',
    'status.',
    '.status',
    'status.db.x',
  ]) {
    t.deepEqual(lookUpJsonPath(document, path), { found: false }, path);
  }
  t.deepEqual(lookUpJsonPath(null, 'a'), { found: false });
});
