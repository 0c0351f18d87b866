import anyTest, { type TestFn } from 'ava';
import pg from 'pg';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../../infrastructure/event-store/index.ts';
import { numbered, uniqueStream } from '../../../support/event-fixtures.ts';
import { eventually } from '../../../support/eventually.ts';
import { type ServedApi, startServedApi } from '../../../support/served-api.ts';
import { runTbot } from '../../../support/tbot-process.ts';

// An appender that stays open (a node paused mid-append) holds the log's read horizon: the operator sees who,
// in `tbot projections status`, in `/ready` and in `/metrics`.
const test = anyTest as TestFn<{ api: ServedApi; store: PostgresEventStore }>;

test.before(async (t) => {
  t.context.api = await startServedApi();
  const { database } = t.context.api;
  t.context.store = createPostgresEventStore({ pool: database.pool, url: database.url });
});

test.after.always(async (t) => {
  await t.context.store?.close();
  await t.context.api?.stop();
});

interface StatusJson {
  projections: { name: string; heldBack: number }[];
  horizonHolder: { pid: number | null; xid: string; applicationName: string; ageSeconds: number } | null;
}

interface ReadyJson {
  status: string;
  details?: { eventLogHorizon?: { heldBy?: { pid: number; xid: string; applicationName: string } } };
}

const heldSeconds = (metrics: string): number | null => {
  const match = /^tbot_event_log_horizon_held_seconds (\S+)$/m.exec(metrics);
  return match?.[1] === undefined ? null : Number(match[1]);
};

test.serial(
  'names the open appender that holds the read horizon in status, /ready and /metrics',
  async (t) => {
    const { api, store } = t.context;
    const env = { DATABASE_URL: api.database.url, LOG_LEVEL: 'warn' };
    const baseUrl = api.node.baseUrl;
    const stuck = new pg.Client({ connectionString: api.database.url, application_name: 'stuck-appender' });
    await stuck.connect();
    try {
      await stuck.query('begin');
      await stuck.query('select es.begin_append()');
      const { rows } = await stuck.query<{ xid: string; pid: number }>(
        'select pg_current_xact_id()::text as xid, pg_backend_pid() as pid',
      );
      const held = rows[0];
      // A later append commits above it: readers now wait for the stuck one.
      await store.append(uniqueStream('behind'), numbered(1, 'ThingCounted'));

      const ready = await eventually(async () => {
        const body = (await (await fetch(`${baseUrl}/ready`)).json()) as ReadyJson;
        return body.details?.eventLogHorizon?.heldBy ? body : null;
      }, 15_000);
      t.like(ready?.details?.eventLogHorizon?.heldBy, {
        pid: held?.pid,
        xid: held?.xid,
        applicationName: 'stuck-appender',
      });

      const metric = await eventually(async () => {
        const seconds = heldSeconds(await (await fetch(`${baseUrl}/metrics`)).text());
        return seconds !== null && seconds >= 1 ? seconds : null;
      });
      t.true((metric ?? 0) >= 1, 'the metric shows how long it has held the horizon');

      const json = await runTbot(['projections', 'status', '--format', 'json'], env);
      t.is(json.code, 0, json.stderr);
      const status = JSON.parse(json.stdout) as StatusJson;
      t.like(status.horizonHolder, { pid: held?.pid, xid: held?.xid, applicationName: 'stuck-appender' });
      t.true(
        status.projections.some((p) => p.heldBack > 0),
        'a projection counts the event behind it as held back',
      );
      const text = await runTbot(['projections', 'status'], env);
      t.is(text.code, 0, text.stderr);
      t.regex(
        text.stdout,
        new RegExp(
          `read horizon held by an open appender: pid ${held?.pid}, xid ${held?.xid}, application "stuck-appender"`,
        ),
      );
    } finally {
      await stuck.query('rollback');
      await stuck.end();
    }

    const released = await eventually(async () => {
      const seconds = heldSeconds(await (await fetch(`${baseUrl}/metrics`)).text());
      return seconds === 0 ? seconds : null;
    });
    t.is(released, 0, 'back to 0 once it ended');
    const after = (await (await fetch(`${baseUrl}/ready`)).json()) as ReadyJson;
    t.is(after.details?.eventLogHorizon, undefined);
  },
);
