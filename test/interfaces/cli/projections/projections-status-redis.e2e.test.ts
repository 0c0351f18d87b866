import anyTest, { type TestFn } from 'ava';
import { type RedisContext, TEST_REDIS_URL, withRedis } from '../../../support/event-store-fixture.ts';
import { eventually } from '../../../support/eventually.ts';
import { freePort } from '../../../support/free-port.ts';
import { type ServingTbot, runTbot, serveTbot } from '../../../support/tbot-process.ts';
import { type TestDatabase, createTestDatabase } from '../../../support/test-database.ts';

// Two deployments share one Redis, each under its own REDIS_KEY_PREFIX: `tbot projections status` of each
// shows its own nodes as lease holders, never the other's.
const test = anyTest.serial as TestFn<RedisContext & { ours: TestDatabase; theirs: TestDatabase }>;
const KEY_PREFIX = withRedis(test);
const OURS = `${KEY_PREFIX}ours:`;
const THEIRS = `${KEY_PREFIX}theirs:`;

interface LeaseJson {
  kind: string;
  holder: string | null;
  node: string | null;
}
interface StatusJson {
  projections: { name: string; lease: LeaseJson }[];
}

test.before(async (t) => {
  t.context.ours = await createTestDatabase();
  t.context.theirs = await createTestDatabase();
});

test.after.always(async (t) => {
  await t.context.ours?.drop();
  await t.context.theirs?.drop();
});

const envOf = (database: TestDatabase, keyPrefix: string): Record<string, string> => ({
  DATABASE_URL: database.url,
  REDIS_URL: TEST_REDIS_URL,
  REDIS_KEY_PREFIX: keyPrefix,
  LOG_LEVEL: 'warn',
});

async function status(env: Record<string, string>): Promise<StatusJson> {
  const run = await runTbot(['projections', 'status', '--format', 'json'], env);
  if (run.code !== 0) throw new Error(`status exited ${run.code}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as StatusJson;
}

test('status shows the lease holders of its own deployment only', async (t) => {
  const { ours, theirs } = t.context;
  // Their deployment runs a node, which takes the projections' leases under its prefix.
  const node: ServingTbot = await serveTbot({
    ...envOf(theirs, THEIRS),
    NODE_ID: 'their-node',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    ROLES: 'api,workers',
    LOG_LEVEL: 'info',
  });
  t.teardown(() => node.stop().then(() => undefined));

  const theirStatus = await eventually(async () => {
    const report = await status(envOf(theirs, THEIRS));
    return report.projections.every((p) => p.lease.node === 'their-node') ? report : null;
  }, 30_000);
  t.truthy(theirStatus, 'their own status names their node as the holder of every lease');

  const ourStatus = await status(envOf(ours, OURS));
  t.true(ourStatus.projections.length > 0);
  for (const projection of ourStatus.projections) {
    t.like(projection.lease, { kind: 'redis', holder: null, node: null }, projection.name);
  }
});
