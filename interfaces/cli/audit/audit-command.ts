import { Command } from 'commander';
import {
  type AuditEventLog,
  type AuditFilter,
  type AuditPageOptions,
  matchesAuditFilter,
  streamStateFolder,
} from '../../../application/audit/index.ts';
import type { EventFilter, EventStore } from '../../../application/ports/index.ts';
import { openAuditEventLog } from '../../runtime/audit-runtime.ts';
import { openEventStoreRuntime } from '../../runtime/event-store-runtime.ts';
import { type CliEnvironment, cliEnvironment } from '../cli-environment.ts';
import { UsageError } from '../exit-codes.ts';
import { terminalJson } from '../terminal-text.ts';
import { eventFormatter } from './event-formats.ts';
import { eventJson, toJson } from './event-json.ts';
import {
  DEFAULT_TABLE_LIMIT,
  DEFAULT_TAIL_COUNT,
  type ListOptions,
  type RawFilterOptions,
  parseEventReference,
  parseListOptions,
  parseStateOptions,
  parseTailOptions,
} from './event-options.ts';
import { outputSink } from './output-sink.ts';
import { renderStreamState, stateJson } from './state-render.ts';
import { type RenumberOptions, renumberAction } from './renumber-action.ts';
import { reasonOption } from '../reason-option.ts';

/** What an events command reads with, straight on the database: no running node is needed. */
interface Session {
  readonly auditLog: AuditEventLog;
  readonly eventStore: EventStore;
}

async function withSession<T>(env: CliEnvironment, work: (session: Session) => Promise<T>): Promise<T> {
  const { config, logger } = env;
  // Protected: an investigator reads personal data decrypted (and `null` once the person is forgotten).
  const runtime = await openEventStoreRuntime(config, logger, { purpose: 'command' });
  try {
    const auditLog = openAuditEventLog({
      pool: runtime.database.pool,
      personalDataKeys: runtime.personalDataKeys,
    });
    return await work({ auditLog, eventStore: runtime.eventStore });
  } finally {
    await runtime.close();
  }
}

type ListRaw = RawFilterOptions & { format?: string; limit?: string; from?: string };
type TailRaw = RawFilterOptions & { format?: string; count?: string; follow?: boolean };

async function listAction(raw: ListRaw): Promise<void> {
  // Options first: a bad filter is refused before any connection is made.
  const options = parseListOptions(raw);
  const env = await cliEnvironment({ logTo: 'stderr' });
  await withSession(env, async ({ auditLog }) => {
    const { limit, format } = options;
    const filter = await withFrom(auditLog, options);
    const formatter = eventFormatter(format);
    const sink = outputSink();
    // A table asks for one event more than it shows, to say that there were more.
    const pageOptions: AuditPageOptions =
      limit === null ? {} : { limit: format === 'table' ? limit + 1 : limit };
    let printed = 0;
    let more = false;
    try {
      for await (const page of auditLog.pages(filter, pageOptions)) {
        const room = limit === null ? page.length : limit - printed;
        more = page.length > room;
        const events = more ? page.slice(0, room) : page;
        if (!(await sink.write(formatter.page(events)))) return;
        printed += events.length;
      }
      if (!(await sink.write(formatter.end(printed)))) return;
    } finally {
      sink.dispose();
    }
    if (format === 'table' && printed === 0) console.error('no events match');
    if (more) {
      console.error(`more events match than the ${printed} shown: --limit N for more, --limit 0 for all`);
    }
  });
}

/**
 * The list's filter with `--from` as a checkpoint: a bare position names its event, whose checkpoint it is (the
 * position alone would leave out the events committed late after it, whose positions are lower).
 */
async function withFrom(auditLog: AuditEventLog, options: ListOptions): Promise<AuditFilter> {
  if (!options.from) return options.filter;
  if (options.from.checkpoint) return { ...options.filter, from: options.from.checkpoint };
  const event = await auditLog.findByPosition(options.from.position);
  if (!event)
    throw new UsageError(
      `--from: no event at position ${options.from.position}; give a checkpoint TRANSACTION/POSITION instead`,
    );
  return { ...options.filter, from: event.checkpoint };
}

async function showAction(argument: string): Promise<void> {
  const reference = parseEventReference(argument);
  const env = await cliEnvironment({ logTo: 'stderr' });
  await withSession(env, async ({ auditLog }) => {
    const event =
      'eventId' in reference
        ? await auditLog.findById(reference.eventId)
        : await auditLog.findByPosition(reference.position);
    if (!event) {
      const what = 'eventId' in reference ? `id ${reference.eventId}` : `position ${reference.position}`;
      throw new Error(`no event with ${what}`);
    }
    console.log(terminalJson(toJson(eventJson(event), 2)));
  });
}

/** What the store's subscription can filter itself; the rest of the filter applies to what it yields. */
function storeFilter(filter: AuditFilter): EventFilter {
  const streamPrefix = filter.streamId ?? filter.streamPrefix;
  return {
    ...(filter.eventTypes ? { eventTypes: filter.eventTypes } : {}),
    ...(streamPrefix === undefined ? {} : { streamPrefix }),
  };
}

async function tailAction(raw: TailRaw): Promise<void> {
  const options = parseTailOptions(raw);
  const env = await cliEnvironment({ logTo: 'stderr' });
  await withSession(env, async ({ auditLog, eventStore }) => {
    const formatter = eventFormatter(options.format);
    const sink = outputSink();
    const stop = new AbortController();
    const onSigint = () => stop.abort();
    if (options.follow) process.once('SIGINT', onSigint);
    try {
      // The head splits the work: the last events up to it, then live from it; none is shown twice or missed.
      const head = await auditLog.head();
      const last = head && options.count > 0 ? await auditLog.last(options.filter, options.count, head) : [];
      if (!(await sink.write(formatter.page(last)))) return;
      if (!options.follow) {
        if (last.length === 0 && options.format === 'table') console.error('no events match');
        return;
      }
      console.error('following new events; Ctrl-C stops');
      const batches = eventStore.subscribeBatches(head, {
        filter: storeFilter(options.filter),
        signal: stop.signal,
      });
      for await (const batch of batches) {
        const matching = batch.filter((event) => matchesAuditFilter(event, options.filter));
        if (!(await sink.write(formatter.page(matching)))) return;
      }
    } finally {
      process.off('SIGINT', onSigint);
      sink.dispose();
    }
  });
}

async function stateAction(stream: string, raw: { at?: string; format?: string }): Promise<void> {
  const options = parseStateOptions(stream, raw);
  const env = await cliEnvironment({ logTo: 'stderr' });
  await withSession(env, async ({ auditLog, eventStore }) => {
    const folder = streamStateFolder(options.streamId);
    for await (const page of auditLog.streamPages(options.streamId, options.at ?? undefined))
      folder.apply(page);
    const result = folder.result();
    if (result.eventCount === 0) {
      const any = await eventStore.readStream(options.streamId, { maxCount: 1 });
      if (any.length === 0) throw new Error(`stream ${options.streamId} has no events`);
    }
    console.log(
      options.format === 'json' ? stateJson(result, options.at) : renderStreamState(result, options.at),
    );
  });
}

const collectTypes = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The filters `list` and `tail` share with the audit API. */
function withFilters(command: Command): Command {
  return command
    .option('--actor <id>', 'who: metadata.actor.id, or kind:id (cli:alice, telegram:42, admin:...)')
    .option('--stream <id>', 'exactly this stream (employee-<uuid>, settings)')
    .option('--stream-prefix <prefix>', 'streams starting with this (employee-)')
    .option('--type <types>', 'event types, comma-separated or repeated', collectTypes)
    .option('--since <time>', 'occurred at or after (metadata.occurredAt; ISO-8601, Z or an offset)')
    .option('--until <time>', 'occurred before (metadata.occurredAt; ISO-8601)')
    .option('--correlation <id>', 'one correlation id: every event a command caused');
}

/**
 * `tbot events list|show|tail|state|renumber`: the audit feature at the terminal, the event log for audit
 * investigations, straight on the database (the command keeps the name users type).
 */
export function auditCommand(): Command {
  const command = new Command('events')
    .description('read the event log: list, show, tail (--follow) and state as of a moment (no node needed)')
    .showHelpAfterError()
    .exitOverride();

  withFilters(
    command
      .command('list')
      .description('matching events in log order; large outputs stream (times are metadata.occurredAt)'),
  )
    .option('--format <format>', 'table, json (one array) or ndjson (one event per line)', 'table')
    .option(
      '--limit <n>',
      `at most N events (default: ${DEFAULT_TABLE_LIMIT} for a table, all otherwise; 0: all)`,
    )
    .option(
      '--from <point>',
      'from this event on, in log order: its position, or a checkpoint TRANSACTION/POSITION',
    )
    .action((options: ListRaw) => listAction(options));

  command
    .command('show')
    .argument('<id|position>', 'an event id (UUID) or a global position')
    .description('one event in full, as JSON')
    .action((argument: string) => showAction(argument));

  withFilters(
    command
      .command('tail')
      .description('the last matching events; with --follow, new ones as they are appended until Ctrl-C'),
  )
    .option('-n, --count <n>', `how many of the last events (default ${DEFAULT_TAIL_COUNT})`)
    .option('-f, --follow', 'keep printing new events until Ctrl-C')
    .option('--format <format>', 'table or ndjson', 'table')
    .action((options: TailRaw) => tailAction(options));

  command
    .command('state')
    .argument('<stream>', 'the stream (projection-audit, employee-<uuid>)')
    .description("the stream's state folded up to a moment, and the events it was built from")
    .option(
      '--at <time|position>',
      'up to this position, or events that occurred up to this time (default: now)',
    )
    .option('--format <format>', 'table or json', 'table')
    .action((stream: string, options: { at?: string; format?: string }) => stateAction(stream, options));

  command
    .command('renumber')
    .description(
      "after a restore or copy from another PostgreSQL cluster: rewrite the log's transaction ids below this " +
        "cluster's, keeping its order, then rebuild every read model (stop every node first)",
    )
    .option('--yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .option('--force', 'go on even though cluster.nodes shows a node running (one that was killed)')
    .addOption(reasonOption())
    .action((options: RenumberOptions) => renumberAction(options));

  return command;
}
