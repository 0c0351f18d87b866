import test from 'ava';
import { z } from 'zod';
import { createCircuitBreaker, OtrsTransportError } from '../../../infrastructure/otrs/index.ts';
import { createOtrsRequester } from '../../../infrastructure/otrs/otrs-request.ts';

const noMetrics = { request: () => undefined };

function requester(transport: () => Promise<never>, failureThreshold = 1) {
  let now = 0;
  const breaker = createCircuitBreaker({ failureThreshold, openMs: 1000, now: () => now });
  const request = createOtrsRequester({
    serviceUrl: 'http://127.0.0.1:1/otrs',
    transport,
    timeoutMs: 1000,
    retryDelaysMs: [],
    breaker,
    metrics: noMetrics,
    sleep: () => Promise.resolve(),
  });
  const call = () =>
    request({
      operation: 'TicketGet',
      method: 'GET',
      path: '/Ticket/1',
      idempotent: true,
      secrets: [],
      answer: z.object({}),
    });
  return { breaker, call, advance: (ms: number) => (now += ms) };
}

test('a half-open probe that throws a bug (not the network) opens the breaker again, not for good (R6)', async (t) => {
  let calls = 0;
  const { breaker, call, advance } = requester(() => {
    calls += 1;
    return Promise.reject(
      calls === 1 ? new OtrsTransportError('connection', 'refused') : new TypeError('a bug in the transport'),
    );
  });
  await t.throwsAsync(call());
  t.is(breaker.state(), 'open');
  advance(1000);
  await t.throwsAsync(call(), { instanceOf: TypeError });
  t.is(breaker.state(), 'open', 'the failed probe reopens the breaker');
  advance(1000);
  t.is(breaker.state(), 'half-open', 'and lets the next probe through after openMs');
  t.true(breaker.tryAcquire());
});

test('bugs of ours while the breaker is closed do not open it: OTRS is not shut off for a local fault', async (t) => {
  const { breaker, call, advance } = requester(
    () => Promise.reject(new TypeError('a bug in the transport')),
    2,
  );
  for (let i = 0; i < 5; i += 1) await t.throwsAsync(call(), { instanceOf: TypeError });
  advance(1);
  t.is(breaker.state(), 'closed');
});
