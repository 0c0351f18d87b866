import { Command, InvalidArgumentError, Option } from 'commander';
import { recordOperatorAct } from '../../../application/projections/index.ts';
import {
  type EventStore,
  type LeaseManager,
  formatCheckpoint,
  systemClock,
} from '../../../application/ports/index.ts';
import type { ProjectionOperatorEvent } from '../../../domain/projections/index.ts';
import { createRedisLeaseManager } from '../../../infrastructure/leases/index.ts';
import { createPostgresProjectionStore } from '../../../infrastructure/projections/index.ts';
import { closeRedis, openRedis } from '../../../infrastructure/redis/index.ts';
import { sleep } from '../../../projections/abortable-sleep.ts';
import {
  type ProjectionStore,
  type Projector,
  findProjector,
  projectors,
  rebuildProjection,
} from '../../../projections/index.ts';
import { type DatabaseRuntime, openDatabaseRuntime } from '../../runtime/database-runtime.ts';
import { openProtectedEventStore } from '../../runtime/event-store-runtime.ts';
import { type CliEnvironment, cliEnvironment } from '../cli-environment.ts';
import { UsageError } from '../exit-codes.ts';
import { cliActor, confirm } from '../projections/operator.ts';
import { rebuildProgressBar } from '../projections/rebuild-progress.ts';
import { listView, renderList, renderStatus } from '../projections/status-render.ts';
import { type StatusSources, collectStatus, sampleApplied } from '../projections/status-report.ts';

type Format = 'table' | 'json';

/** Everything a projections command works with, straight on the database: no running node is needed. */
interface Session extends StatusSources {
  readonly env: CliEnvironment;
  readonly database: DatabaseRuntime;
  readonly eventStore: EventStore;
  readonly projectionStore: ProjectionStore;
}

/** Seconds between two `status --watch` frames. */
const WATCH_INTERVAL_MS = 2_000;
/** How long `status` samples events_applied for events/s. */
const RATE_SAMPLE_MS = 1_000;

function projectorNamed(name: string): Projector {
  const projector = findProjector(name);
  if (!projector) {
    const known = projectors.map((p) => p.name).join(', ');
    throw new UsageError(`unknown projection "${name}"; known projections: ${known}`);
  }
  return projector;
}

/** Opens the database (attaching to a running embedded server if there is one), the stores, and Redis if asked. */
async function withSession<T>(
  env: CliEnvironment,
  work: (session: Session) => Promise<T>,
  options: { withLeases?: boolean } = {},
): Promise<T> {
  const { config, logger } = env;
  const database = await openDatabaseRuntime(config, logger, { purpose: 'command' });
  // Protected: a rebuild must read personal data decrypted, as the live runner does.
  const { eventStore, close: closeEventStore } = await openProtectedEventStore(config, logger, database);
  const redis =
    options.withLeases && config.redis.url
      ? openRedis({ url: config.redis.url, name: `tbot:${config.nodeId}:projections-cli`, logger })
      : null;
  const leases: LeaseManager | null = redis
    ? createRedisLeaseManager({ redis, nodeId: config.nodeId })
    : null;
  try {
    return await work({
      env,
      database,
      pool: database.pool,
      eventStore,
      projectionStore: createPostgresProjectionStore(database.pool),
      leases,
      projectors,
    });
  } finally {
    if (redis) await closeRedis(redis);
    await closeEventStore();
    await database.close();
    // `close` ends the pool through Kysely, which only owns it once it ran a query: this session never does,
    // and an idle pooled connection would keep the process alive for the pool's idle timeout (10 s).
    if (!database.pool.ending) await database.pool.end();
  }
}

/** Appends the operator's act to the projection's stream; the act itself is already done. */
async function record(
  session: Session,
  event: ProjectionOperatorEvent,
  reason: string | undefined,
): Promise<void> {
  try {
    const appended = await recordOperatorAct(
      { store: session.eventStore, clock: systemClock },
      { event, actor: cliActor(), source: 'cli', ...(reason === undefined ? {} : { reason }) },
    );
    console.log(`recorded ${event.type} at position ${appended.position}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${event.data.projection}: done, but recording ${event.type} failed: ${message}`, {
      cause: error,
    });
  }
}

const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');
const reasonOption = () => new Option('--reason <text>', 'why: recorded with the act (and in the audit log)');

function parsePosition(value: string): bigint {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('must be an event position (an integer)');
  return BigInt(value.trim());
}

async function listAction(options: { format: Format }): Promise<void> {
  const env = await cliEnvironment({ logTo: 'stderr' });
  await withSession(env, async (session) => {
    const started = new Set((await session.projectionStore.list()).map((state) => state.name));
    const listed = listView(projectors, started);
    console.log(options.format === 'json' ? JSON.stringify(listed, null, 2) : renderList(listed));
  });
}

async function statusAction(
  name: string | undefined,
  options: { watch?: boolean; format: Format },
): Promise<void> {
  if (name !== undefined) projectorNamed(name);
  const env = await cliEnvironment({ logTo: 'stderr' });
  await withSession(
    env,
    async (session) => {
      const stop = new AbortController();
      const onSigint = () => stop.abort();
      if (options.watch) process.once('SIGINT', onSigint);
      try {
        let since = await sampleApplied(session.projectionStore);
        let wait = RATE_SAMPLE_MS;
        for (;;) {
          await sleep(wait, stop.signal);
          if (stop.signal.aborted) return;
          const { report, sample } = await collectStatus(session, since, name);
          since = sample;
          if (options.format === 'json') {
            console.log(options.watch ? JSON.stringify(report) : JSON.stringify(report, null, 2));
          } else if (options.watch && process.stdout.isTTY) {
            // Home and clear, then the frame: a redraw rather than a scroll.
            process.stdout.write(
              `\x1b[H\x1b[2J${renderStatus(report)}\n\n${report.at}, every ${WATCH_INTERVAL_MS / 1000} s; Ctrl-C stops\n`,
            );
          } else {
            console.log(options.watch ? `${renderStatus(report)}\n` : renderStatus(report));
          }
          if (!options.watch) return;
          wait = WATCH_INTERVAL_MS;
        }
      } finally {
        process.off('SIGINT', onSigint);
      }
    },
    { withLeases: true },
  );
}

async function rebuildAction(name: string, options: { yes?: boolean; reason?: string }): Promise<void> {
  const projector = projectorNamed(name);
  const env = await cliEnvironment({ logTo: 'stderr' });
  const confirmed = await confirm(
    `rebuild ${name}`,
    `Rebuild ${name} (version ${projector.version}) from the whole log beside the live read model, which keeps ` +
      `serving, then switch to it?`,
    options.yes,
  );
  if (!confirmed) throw new Error(`rebuild of ${name} not confirmed: nothing was done`);

  await withSession(env, async (session) => {
    const before = await session.projectionStore.read(name);
    if (before?.rebuildStartedAt) {
      env.logger.warn(
        { projection: name, since: before.rebuildStartedAt.toISOString() },
        'an earlier rebuild did not finish (or runs elsewhere); this one starts over',
      );
    }
    // Ctrl-C stops between batches and leaves the live read model as it was; a second Ctrl-C kills at once.
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once('SIGINT', onSigint);
    const bar = rebuildProgressBar();
    let result;
    try {
      result = await rebuildProjection({
        projector,
        eventStore: session.eventStore,
        projectionStore: session.projectionStore,
        onProgress: (progress) => bar.update(progress),
        signal: abort.signal,
      });
    } finally {
      bar.stop();
      process.off('SIGINT', onSigint);
    }
    const seconds = result.durationMs / 1000;
    const rate = seconds > 0 ? Math.round(result.eventsApplied / seconds) : result.eventsApplied;
    const at = result.checkpoint ? `position ${result.checkpoint.position}` : 'the start of the log';
    console.log(
      `rebuilt ${name} (version ${projector.version}): ${result.eventsApplied} events in ${seconds.toFixed(1)} s ` +
        `(${rate} events/s); switched, live at ${at}`,
    );
    await record(
      session,
      { type: 'ProjectionRebuilt', data: { projection: name, eventsApplied: result.eventsApplied } },
      options.reason,
    );
  });
}

async function resetAction(name: string, options: { yes?: boolean; reason?: string }): Promise<void> {
  const projector = projectorNamed(name);
  const env = await cliEnvironment({ logTo: 'stderr' });
  const confirmed = await confirm(
    `reset ${name}`,
    `Reset ${name}: empty its read model now, so that its owner replays the whole log into it (queries see it ` +
      `incomplete meanwhile)?`,
    options.yes,
  );
  if (!confirmed) throw new Error(`reset of ${name} not confirmed: nothing was done`);
  await withSession(env, async (session) => {
    await session.projectionStore.register(projector);
    await session.projectionStore.reset(projector);
    console.log(`reset ${name}: the node that owns it replays the log into it from the start`);
    await record(session, { type: 'ProjectionReset', data: { projection: name } }, options.reason);
  });
}

async function retryAction(name: string, options: { reason?: string }): Promise<void> {
  projectorNamed(name);
  const env = await cliEnvironment({ logTo: 'stderr' });
  await withSession(env, async (session) => {
    const state = await session.projectionStore.read(name);
    const parked = state?.parked;
    if (state?.status !== 'parked' || !parked) {
      throw new UsageError(
        `${name} is not parked (${state ? state.status : 'not started'}): nothing to retry`,
      );
    }
    if (!(await session.projectionStore.retry(name))) {
      throw new UsageError(`${name} is no longer parked: nothing to retry`);
    }
    const position = parked.checkpoint.position;
    console.log(`${name}: retrying event ${position} (${parked.eventType}) on its owner`);
    await record(
      session,
      {
        type: 'ProjectionRetried',
        data: {
          projection: name,
          position: String(position),
          eventType: parked.eventType,
          error: parked.error,
        },
      },
      options.reason,
    );
  });
}

async function skipAction(name: string, options: { position: bigint; reason?: string }): Promise<void> {
  projectorNamed(name);
  const env = await cliEnvironment({ logTo: 'stderr' });
  await withSession(env, async (session) => {
    const state = await session.projectionStore.read(name);
    const parked = state?.parked;
    if (state?.status !== 'parked' || !parked) {
      throw new UsageError(
        `${name} is not parked (${state ? state.status : 'not started'}): nothing skipped`,
      );
    }
    if (parked.checkpoint.position !== options.position) {
      throw new UsageError(
        `${name} is parked on event ${parked.checkpoint.position} (${parked.eventType}), not ${options.position}: ` +
          'nothing skipped',
      );
    }
    const skipped = await session.projectionStore.skipParkedEvent(name, options.position);
    if (!skipped)
      throw new UsageError(`${name} is no longer parked on event ${options.position}: nothing skipped`);
    console.log(
      `${name}: skipped event ${skipped.checkpoint.position} (${skipped.eventType}, ` +
        `${formatCheckpoint(skipped.checkpoint)}); its read model will never reflect it`,
    );
    await record(
      session,
      {
        type: 'ProjectionEventSkipped',
        data: {
          projection: name,
          position: String(skipped.checkpoint.position),
          eventType: skipped.eventType,
          error: skipped.error,
        },
      },
      options.reason,
    );
  });
}

/** `tbot projections list|status|rebuild|reset|retry|skip`: read models, straight on the database. */
export function projectionsCommand(): Command {
  const command = new Command('projections')
    .description(
      'list projections, show their status, rebuild, reset, retry or skip (on the database; no node needed)',
    )
    // Before the subcommands, which copy these: a bad argument is a usage error (exit code 2), not an exit(1).
    .showHelpAfterError()
    .exitOverride();

  command
    .command('list')
    .description('every projection the code knows: version, event types, tables, and whether it started')
    .addOption(formatOption())
    .action((options: { format: Format }) => listAction(options));

  command
    .command('status')
    .argument('[name]', 'one projection (default: all)')
    .description(
      'state, checkpoint, head, lag, owner, lease, events/s; parked events; the oldest open transaction',
    )
    .option('--watch', `redraw every ${WATCH_INTERVAL_MS / 1000} s until Ctrl-C`)
    .addOption(formatOption())
    .action((name: string | undefined, options: { watch?: boolean; format: Format }) =>
      statusAction(name, options),
    );

  command
    .command('rebuild')
    .argument('<name>', 'the projection')
    .description('build the read model again beside the live one, which keeps serving, then switch to it')
    .option('--yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .addOption(reasonOption())
    .action((name: string, options: { yes?: boolean; reason?: string }) => rebuildAction(name, options));

  command
    .command('reset')
    .argument('<name>', 'the projection')
    .description('empty the live read model: its owner replays the log into it from the start')
    .option('--yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .addOption(reasonOption())
    .action((name: string, options: { yes?: boolean; reason?: string }) => resetAction(name, options));

  command
    .command('retry')
    .argument('<name>', 'the parked projection')
    .description('try the event a parked projection failed on again')
    .addOption(reasonOption())
    .action((name: string, options: { reason?: string }) => retryAction(name, options));

  command
    .command('skip')
    .argument('<name>', 'the parked projection')
    .description('move a parked projection past the event it failed on (recorded, never silent)')
    .requiredOption('--position <position>', 'the position of the event it is parked on', parsePosition)
    .addOption(reasonOption())
    .action((name: string, options: { position: bigint; reason?: string }) => skipAction(name, options));

  return command;
}
