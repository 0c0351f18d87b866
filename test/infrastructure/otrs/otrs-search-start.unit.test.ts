import test from 'ava';
import { formatOtrsTime, otrsSearchStart } from '../../../infrastructure/otrs/index.ts';

const at = (iso: string) => new Date(iso);

test('on an ordinary day the search starts the margin and one second before the watermark', (t) => {
  const mark = at('2026-12-04T10:00:00Z');
  t.deepEqual(
    otrsSearchStart(mark, at('2026-12-04T10:00:30Z'), 60_000, 'Europe/Berlin'),
    at('2026-12-04T09:58:59Z'),
  );
  t.deepEqual(otrsSearchStart(mark, mark, 0, 'UTC'), at('2026-12-04T09:59:59Z'));
});

test('when summer time ends between the watermark and now, the search starts an hour earlier still', (t) => {
  // Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00 UTC). A change at 01:20 UTC reads 02:20 (CET),
  // earlier on OTRS's wall clock than the watermark's 02:50 (CEST, 00:50 UTC).
  const mark = at('2026-10-25T00:50:00Z');
  const now = at('2026-10-25T01:30:00Z');
  const start = otrsSearchStart(mark, now, 0, 'Europe/Berlin');
  t.deepEqual(start, at('2026-10-24T23:49:59Z'));
  const later = formatOtrsTime(at('2026-10-25T01:20:00Z'), 'Europe/Berlin');
  t.true(
    later > formatOtrsTime(start, 'Europe/Berlin'),
    'the change after the watermark is newer than the start',
  );
  t.true(later < formatOtrsTime(mark, 'Europe/Berlin'), 'without the hour it would have been missed');
});

test('a zone without summer time never widens the search', (t) => {
  const mark = at('2026-10-25T00:50:00Z');
  t.deepEqual(
    otrsSearchStart(mark, at('2026-10-26T00:00:00Z'), 0, 'Europe/Moscow'),
    at('2026-10-25T00:49:59Z'),
  );
});
