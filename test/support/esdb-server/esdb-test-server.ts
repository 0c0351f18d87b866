import * as grpc from '@grpc/grpc-js';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb.js';
import { featuresPb, featuresService, sharedPb, streamsPb, streamsService } from './grpc-definitions.ts';
import { type AllPosition, type Expected, InMemoryLog, type LogRecord, compareAll } from './in-memory-log.ts';
import { type RecordFilter, recordFilterOf } from './record-filter.ts';

type ReadReq = StreamsPb.ReadReq;
type ReadResp = StreamsPb.ReadResp;
type AppendReq = StreamsPb.AppendReq;
type AppendResp = StreamsPb.AppendResp;

export interface EsdbTestServerOptions {
  /** Accepted users (`username` → `password`); when given, a call without valid Basic credentials is refused. */
  readonly users?: Readonly<Record<string, string>>;
}

export interface EsdbTestServer {
  readonly port: number;
  /** `esdb://127.0.0.1:<port>?tls=false` */
  readonly url: string;
  readonly log: InMemoryLog;
  /** Ends every open read and subscription with UNAVAILABLE, as a dropped connection looks to the client. */
  dropConnections(): void;
  close(): Promise<void>;
}

/** How many events a filtered subscription scans between checkpoints, times the client's multiplier. */
const CHECKPOINT_WINDOW = 32;

/**
 * A wire-level EventStoreDB for tests: `Streams.Read` (stream forwards/backwards, `$all` from a position,
 * filtered by stream prefix/regex or event type prefix/regex, subscriptions: catch-up, `CaughtUp`, then live),
 * `Streams.Append` (expected revision any/no_stream/stream_exists/exact, idempotent re-appends, the
 * wrong-expected-version answer as EventStoreDB 20.10+ gives it), and `ServerFeatures.GetSupportedMethods`
 * (no BatchAppend advertised: the client uses the classic Append). Everything else answers UNIMPLEMENTED.
 */
export async function startEsdbTestServer(options: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
  const log = new InMemoryLog();
  const server = new grpc.Server();
  const openCalls = new Set<grpc.ServerWritableStream<ReadReq, ReadResp>>();

  const authorized = (metadata: grpc.Metadata): boolean => {
    if (!options.users) return true;
    const header = metadata.get('authorization')[0];
    if (typeof header !== 'string' || !header.startsWith('Basic ')) return false;
    const [username, ...rest] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
    return username !== undefined && options.users[username] === rest.join(':');
  };
  const unauthenticated = { code: grpc.status.UNAUTHENTICATED, details: 'Bad username or password' };

  server.addService(streamsService, {
    read(call: grpc.ServerWritableStream<ReadReq, ReadResp>) {
      if (!authorized(call.metadata)) {
        call.emit('error', unauthenticated);
        return;
      }
      openCalls.add(call);
      const close = () => openCalls.delete(call);
      call.once('cancelled', close);
      call.once('finish', close);
      serveRead(log, call);
    },
    append(call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>) {
      if (!authorized(call.metadata)) {
        callback(unauthenticated);
        return;
      }
      const requests: AppendReq[] = [];
      call.on('data', (request: AppendReq) => requests.push(request));
      call.on('error', () => undefined);
      call.on('end', () => {
        try {
          callback(null, serveAppend(log, requests));
        } catch (error) {
          callback({ code: grpc.status.INVALID_ARGUMENT, details: String(error) });
        }
      });
    },
    delete: unimplemented,
    tombstone: unimplemented,
    batchAppend: unimplemented,
  });
  server.addService(featuresService, {
    getSupportedMethods(_call: unknown, callback: grpc.sendUnaryData<unknown>) {
      const methods = new featuresPb.SupportedMethods();
      methods.setEventStoreServerVersion('23.10.0');
      methods.setMethodsList(
        ['read', 'append'].map((name) => {
          const method = new featuresPb.SupportedMethod();
          method.setServiceName('event_store.client.streams.streams');
          method.setMethodName(name);
          return method;
        }),
      );
      callback(null, methods);
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });

  return {
    port,
    url: `esdb://127.0.0.1:${port}?tls=false`,
    log,
    dropConnections() {
      for (const call of openCalls) {
        call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'connection dropped by the test' });
        openCalls.delete(call);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const call of openCalls)
          call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'closing' });
        server.tryShutdown(() => resolve());
        // Subscriptions never end by themselves: do not wait for them.
        setTimeout(() => server.forceShutdown(), 200).unref();
      }),
  };
}

function unimplemented(_call: unknown, callback?: grpc.sendUnaryData<unknown>) {
  const error = { code: grpc.status.UNIMPLEMENTED, details: 'not implemented by the test server' };
  if (typeof callback === 'function') callback(error);
  else (_call as { emit(event: string, error: unknown): void }).emit('error', error);
}

function serveAppend(log: InMemoryLog, requests: readonly AppendReq[]): AppendResp {
  const options = requests[0]?.getOptions();
  if (!options) throw new Error('the first append message carries no options');
  const streamId = streamNameOf(options.getStreamIdentifier());
  const Case = streamsPb.AppendReq.Options.ExpectedStreamRevisionCase;
  const kind = options.getExpectedStreamRevisionCase();
  const expected: Expected =
    kind === Case.REVISION
      ? { kind: 'exact', revision: BigInt(options.getRevision()) }
      : kind === Case.NO_STREAM
        ? { kind: 'no_stream' }
        : kind === Case.STREAM_EXISTS
          ? { kind: 'stream_exists' }
          : { kind: 'any' };
  const events = requests.slice(1).map((request) => {
    const message = request.getProposedMessage();
    if (!message) throw new Error('an append message after the options carries no event');
    const metadata = message.getMetadataMap();
    return {
      eventId: uuidOf(message.getId()),
      type: metadata.get('type') ?? '',
      contentType: metadata.get('content-type') ?? 'application/octet-stream',
      data: message.getData_asU8(),
      customMetadata: message.getCustomMetadata_asU8(),
    };
  });
  const outcome = log.append(streamId, expected, events);
  const response = new streamsPb.AppendResp();
  if (outcome.outcome === 'wrong_expected_version') {
    const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
    if (outcome.current === null) wrong.setCurrentNoStream(new sharedPb.Empty());
    else wrong.setCurrentRevision(outcome.current.toString());
    if (expected.kind === 'exact') wrong.setExpectedRevision(expected.revision.toString());
    else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new sharedPb.Empty());
    else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new sharedPb.Empty());
    else wrong.setExpectedAny(new sharedPb.Empty());
    response.setWrongExpectedVersion(wrong);
    return response;
  }
  const success = new streamsPb.AppendResp.Success();
  if (outcome.lastRevision < 0n) success.setNoStream(new sharedPb.Empty());
  else success.setCurrentRevision(outcome.lastRevision.toString());
  if (outcome.commitPosition < 0n) success.setNoPosition(new sharedPb.Empty());
  else {
    const position = new streamsPb.AppendResp.Position();
    position.setCommitPosition(outcome.commitPosition.toString());
    position.setPreparePosition(outcome.preparePosition.toString());
    success.setPosition(position);
  }
  response.setSuccess(success);
  return response;
}

function serveRead(log: InMemoryLog, call: grpc.ServerWritableStream<ReadReq, ReadResp>): void {
  const options = call.request.getOptions();
  if (!options) {
    call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: 'no read options' });
    return;
  }
  const backwards = options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
  const count = options.hasCount() ? Number(BigInt(options.getCount())) : Number.MAX_SAFE_INTEGER;
  const filter = options.hasFilter() ? recordFilterOf(options.getFilter()) : null;
  const send = (record: LogRecord) => call.write(eventResponse(record));

  if (options.hasStream()) {
    const streamOptions = options.getStream();
    const streamId = streamNameOf(streamOptions?.getStreamIdentifier());
    const records = log.streamRecords(streamId);
    if (!records) {
      const notFound = new streamsPb.ReadResp.StreamNotFound();
      notFound.setStreamIdentifier(streamOptions?.getStreamIdentifier());
      const response = new streamsPb.ReadResp();
      response.setStreamNotFound(notFound);
      call.write(response);
      call.end();
      return;
    }
    if (options.hasSubscription()) {
      call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'stream subscriptions' });
      return;
    }
    const last = records.length - 1;
    const from = streamOptions?.hasRevision()
      ? Number(BigInt(streamOptions.getRevision()))
      : streamOptions?.hasEnd()
        ? last
        : backwards
          ? last
          : 0;
    const selected = backwards
      ? records.slice(0, Math.min(from, last) + 1).reverse()
      : records.slice(Math.max(from, 0));
    for (const record of selected.slice(0, count)) send(record);
    call.end();
    return;
  }

  const allOptions = options.getAll();
  const position = allOptions?.getPosition();
  const start: AllPosition | 'start' | 'end' = allOptions?.hasEnd()
    ? 'end'
    : position
      ? { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) }
      : 'start';

  if (!options.hasSubscription()) {
    // A read of $all includes the event at its position (a subscription starts after it).
    let index = start === 'start' ? 0 : start === 'end' ? log.records.length : log.indexFrom(start);
    if (backwards) {
      if (start !== 'start' && start !== 'end') {
        // Backwards from a position reads the events before it.
        index -= 1;
      } else index = start === 'end' ? log.records.length - 1 : -1;
    }
    let sent = 0;
    for (let i = index; sent < count && i >= 0 && i < log.records.length; i += backwards ? -1 : 1) {
      const record = log.records[i] as LogRecord;
      if (filter && !filter.matches(record)) continue;
      send(record);
      sent += 1;
    }
    call.end();
    return;
  }

  subscribeToAll(log, call, start, filter, options);
}

function subscribeToAll(
  log: InMemoryLog,
  call: grpc.ServerWritableStream<ReadReq, ReadResp>,
  start: AllPosition | 'start' | 'end',
  filter: RecordFilter | null,
  options: StreamsPb.ReadReq.Options,
): void {
  const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(`test-${Math.random().toString(36).slice(2)}`);
  const confirmed = new streamsPb.ReadResp();
  confirmed.setConfirmation(confirmation);
  call.write(confirmed);

  const checkpointEvery =
    CHECKPOINT_WINDOW * Math.max(1, options.getFilter()?.getCheckpointintervalmultiplier() ?? 1);
  let scanned = 0;
  const deliver = (record: LogRecord) => {
    scanned += 1;
    if (!filter || filter.matches(record)) call.write(eventResponse(record));
    else if (scanned % checkpointEvery === 0) call.write(checkpointResponse(record));
  };
  // Catch-up and the switch to live happen in one synchronous run: no append can fall between them.
  let index = start === 'start' ? 0 : start === 'end' ? log.records.length : log.indexFrom(start);
  if (
    typeof start === 'object' &&
    log.records[index] &&
    compareAll(log.records[index] as LogRecord, start) === 0
  )
    index += 1;
  for (let i = index; i < log.records.length; i += 1) deliver(log.records[i] as LogRecord);
  const caughtUp = new streamsPb.ReadResp();
  caughtUp.setCaughtUp(new streamsPb.ReadResp.CaughtUp());
  call.write(caughtUp);
  const stop = log.onAppend(deliver);
  call.once('cancelled', stop);
  call.once('error', stop);
  call.once('finish', stop);
}

function eventResponse(record: LogRecord): ReadResp {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent();
  const id = new sharedPb.UUID();
  id.setString(record.eventId);
  recorded.setId(id);
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(Buffer.from(record.streamId, 'utf8'));
  recorded.setStreamIdentifier(identifier);
  recorded.setStreamRevision(record.revision.toString());
  recorded.setCommitPosition(record.commit.toString());
  recorded.setPreparePosition(record.prepare.toString());
  const metadata = recorded.getMetadataMap();
  metadata.set('type', record.type);
  metadata.set('content-type', record.contentType);
  metadata.set('created', record.created.toString());
  recorded.setData(record.data);
  recorded.setCustomMetadata(record.customMetadata);
  const event = new streamsPb.ReadResp.ReadEvent();
  event.setEvent(recorded);
  event.setCommitPosition(record.commit.toString());
  const response = new streamsPb.ReadResp();
  response.setEvent(event);
  return response;
}

function checkpointResponse(record: LogRecord): ReadResp {
  const checkpoint = new streamsPb.ReadResp.Checkpoint();
  checkpoint.setCommitPosition(record.commit.toString());
  checkpoint.setPreparePosition(record.prepare.toString());
  const response = new streamsPb.ReadResp();
  response.setCheckpoint(checkpoint);
  return response;
}

function streamNameOf(identifier: { getStreamName_asU8(): Uint8Array } | undefined): string {
  if (!identifier) throw new Error('no stream identifier');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

function uuidOf(uuid: InstanceType<typeof sharedPb.UUID> | undefined): string {
  if (!uuid) throw new Error('an event without an id');
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured();
    const bytes = Buffer.alloc(16);
    bytes.writeBigInt64BE(BigInt(structured?.getMostSignificantBits() ?? 0), 0);
    bytes.writeBigInt64BE(BigInt(structured?.getLeastSignificantBits() ?? 0), 8);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuid.getString();
}
