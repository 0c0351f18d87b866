import { z } from 'zod';
import {
  ACTOR_KINDS,
  type AuditFilter,
  type StreamPoint,
  parseActorFilter,
} from '../../../application/audit/index.ts';
import type { Checkpoint } from '../../../application/ports/index.ts';
import { UsageError } from '../exit-codes.ts';
import { LIST_FORMATS, type ListFormat } from './event-formats.ts';

/** The options as commander hands them over: strings, a list for the repeatable `--type`. */
export interface RawFilterOptions {
  readonly actor?: string;
  readonly stream?: string;
  readonly streamPrefix?: string;
  readonly type?: readonly string[];
  readonly since?: string;
  readonly until?: string;
  readonly correlation?: string;
}

/** How each option key is spelled on the command line, for error messages. */
const FLAGS: Readonly<Record<string, string>> = {
  actor: '--actor',
  stream: '--stream',
  streamPrefix: '--stream-prefix',
  type: '--type',
  since: '--since',
  until: '--until',
  correlation: '--correlation',
  format: '--format',
  limit: '--limit',
  from: '--from',
  count: '--count',
  at: '--at',
  streamArgument: 'STREAM',
};

const TIME_HELP = 'an ISO-8601 time: 2026-11-24, 2026-11-24T09:30:00Z or 2026-11-24T12:30:00+03:00';
const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

const text = (what: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `must be ${what}, not empty` });

const time = z
  .string()
  .trim()
  .refine((value) => isoDateTime.safeParse(value).success || isoDate.safeParse(value).success, {
    error: `must be ${TIME_HELP} (a date alone is midnight UTC; a time needs Z or an offset)`,
  })
  .transform((value) => new Date(value));

const POSITION_PATTERN = /^\d{1,19}$/;
const MAX_POSITION = 2n ** 63n - 1n;

/** A global position (PostgreSQL bigint), or null when `value` is not one. */
function positionOf(value: string): bigint | null {
  if (!POSITION_PATTERN.test(value)) return null;
  const parsed = BigInt(value);
  return parsed <= MAX_POSITION ? parsed : null;
}

/**
 * Where `list --from` starts: a checkpoint (`TRANSACTION/POSITION`, as `--format json` prints it, or
 * `TRANSACTION:POSITION`), or a bare position, which names the event there (resolved to its checkpoint).
 */
export type FromPoint =
  { readonly checkpoint: Checkpoint } | { readonly position: bigint; readonly checkpoint?: undefined };

const CHECKPOINT_PATTERN = /^(\d{1,20})[/:](\d{1,19})$/;
const MAX_XID8 = 2n ** 64n - 1n;

const fromPoint = z.string().transform((value, context): FromPoint => {
  const trimmed = value.trim();
  const at = positionOf(trimmed);
  if (at !== null) return { position: at };
  const match = CHECKPOINT_PATTERN.exec(trimmed);
  const position = match?.[2] === undefined ? null : positionOf(match[2]);
  const transactionId = match?.[1] === undefined ? null : BigInt(match[1]);
  if (position !== null && transactionId !== null && transactionId <= MAX_XID8)
    return { checkpoint: { transactionId, position } };
  context.addIssue({
    code: 'custom',
    message:
      'must be an event position (an integer) or a checkpoint TRANSACTION/POSITION (or TRANSACTION:POSITION)',
  });
  return z.NEVER;
});

function count(max: number, what: string) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, { error: `must be ${what}` })
    .transform(Number)
    .refine((value) => value <= max, { error: `must be ${what}, at most ${max}` });
}

const actor = text(`an actor id, or kind:id with a kind among ${ACTOR_KINDS.join(', ')}`)
  .transform(parseActorFilter)
  .refine((filter) => filter.id.length > 0, { error: 'names a kind but no id (kind:id)' });

const EVENT_TYPE = /^[A-Za-z][\w.:-]*$/;
const eventTypes = z
  .array(z.string())
  .transform((values) =>
    values
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter((value) => value !== ''),
  )
  .pipe(
    z
      .array(
        z.string().regex(EVENT_TYPE, { error: 'must be event type names (EmployeeHired), comma-separated' }),
      )
      .min(1, { error: 'must name at least one event type' }),
  );

const filterShape = {
  actor: actor.optional(),
  stream: text('a stream id').optional(),
  streamPrefix: text('a stream id prefix').optional(),
  type: eventTypes.optional(),
  since: time.optional(),
  until: time.optional(),
  correlation: text('a correlation id').optional(),
};

type ParsedFilter = z.output<z.ZodObject<typeof filterShape>>;

function checkFilter(options: ParsedFilter, context: z.RefinementCtx): void {
  if (options.stream !== undefined && options.streamPrefix !== undefined) {
    context.addIssue({ code: 'custom', path: ['streamPrefix'], message: 'cannot be combined with --stream' });
  }
  if (options.since && options.until && options.since >= options.until) {
    context.addIssue({ code: 'custom', path: ['until'], message: 'must be later than --since' });
  }
}

function toFilter(options: ParsedFilter): AuditFilter {
  return {
    ...(options.actor ? { actor: options.actor } : {}),
    ...(options.stream === undefined ? {} : { streamId: options.stream }),
    ...(options.streamPrefix === undefined ? {} : { streamPrefix: options.streamPrefix }),
    ...(options.type ? { eventTypes: options.type } : {}),
    ...(options.since ? { since: options.since } : {}),
    ...(options.until ? { until: options.until } : {}),
    ...(options.correlation === undefined ? {} : { correlationId: options.correlation }),
  };
}

/** Parses with `schema`, or throws a usage error (exit code 2) that names the first bad option and its value. */
function parseOptions<T>(schema: z.ZodType<T>, raw: object): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = typeof issue?.path[0] === 'string' ? issue.path[0] : '';
  const flag = FLAGS[key] ?? (key || 'options');
  const given = (raw as Record<string, unknown>)[key];
  const shown = Array.isArray(given) ? given.join(',') : given;
  const value = typeof shown === 'string' ? ` (got "${shown}")` : '';
  throw new UsageError(`${flag}: ${issue?.message ?? 'invalid'}${value}`);
}

/** The table stops at this many events unless `--limit` says otherwise; the machine formats do not stop. */
export const DEFAULT_TABLE_LIMIT = 100;

export interface ListOptions {
  /** Without `from`: a bare position is resolved to its checkpoint on the database first. */
  readonly filter: AuditFilter;
  readonly from: FromPoint | null;
  readonly format: ListFormat;
  /** Null: no limit. */
  readonly limit: number | null;
}

const listSchema = z
  .object({
    ...filterShape,
    format: z.enum(LIST_FORMATS, { error: `must be one of ${LIST_FORMATS.join(', ')}` }).default('table'),
    limit: count(1_000_000_000, 'a number of events (0: no limit)').optional(),
    from: fromPoint.optional(),
  })
  .superRefine(checkFilter);

export function parseListOptions(
  raw: RawFilterOptions & { format?: string; limit?: string; from?: string },
): ListOptions {
  const options = parseOptions(listSchema, raw);
  const limit = options.limit ?? (options.format === 'table' ? DEFAULT_TABLE_LIMIT : 0);
  return {
    filter: toFilter(options),
    from: options.from ?? null,
    format: options.format,
    limit: limit === 0 ? null : limit,
  };
}

export const TAIL_FORMATS = ['table', 'ndjson'] as const;
export const DEFAULT_TAIL_COUNT = 20;

export interface TailOptions {
  readonly filter: AuditFilter;
  readonly format: (typeof TAIL_FORMATS)[number];
  readonly count: number;
  readonly follow: boolean;
}

const tailSchema = z
  .object({
    ...filterShape,
    format: z
      .enum(TAIL_FORMATS, {
        error: `must be one of ${TAIL_FORMATS.join(', ')} (a tail is not one JSON array)`,
      })
      .default('table'),
    count: count(100_000, 'a number of events').default(DEFAULT_TAIL_COUNT),
    follow: z.boolean().default(false),
  })
  .superRefine(checkFilter);

export function parseTailOptions(
  raw: RawFilterOptions & { format?: string; count?: string; follow?: boolean },
): TailOptions {
  const options = parseOptions(tailSchema, raw);
  return { filter: toFilter(options), format: options.format, count: options.count, follow: options.follow };
}

export const STATE_FORMATS = ['table', 'json'] as const;

export interface StateOptions {
  readonly streamId: string;
  /** Null: the stream as it is now. */
  readonly at: StreamPoint | null;
  readonly format: (typeof STATE_FORMATS)[number];
}

const point = z.string().transform((value, context): StreamPoint => {
  const trimmed = value.trim();
  const at = positionOf(trimmed);
  if (at !== null) return { position: at };
  const parsed = time.safeParse(trimmed);
  if (parsed.success) return { time: parsed.data };
  context.addIssue({ code: 'custom', message: `must be an event position (an integer) or ${TIME_HELP}` });
  return z.NEVER;
});

const stateSchema = z.object({
  streamArgument: text('a stream id'),
  at: point.optional(),
  format: z.enum(STATE_FORMATS, { error: `must be one of ${STATE_FORMATS.join(', ')}` }).default('table'),
});

export function parseStateOptions(stream: string, raw: { at?: string; format?: string }): StateOptions {
  const options = parseOptions(stateSchema, { ...raw, streamArgument: stream });
  return { streamId: options.streamArgument, at: options.at ?? null, format: options.format };
}

/** `show`'s argument: an event id or a global position. */
export type EventReference = { readonly eventId: string } | { readonly position: bigint };

export function parseEventReference(argument: string): EventReference {
  const value = argument.trim();
  const position = positionOf(value);
  if (position !== null) return { position };
  if (z.guid().safeParse(value).success) return { eventId: value.toLowerCase() };
  throw new UsageError(
    `ID|POSITION: must be an event id (a UUID) or a position (an integer) (got "${argument}")`,
  );
}
