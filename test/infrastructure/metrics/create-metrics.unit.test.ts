import test from 'ava';
import { Counter } from 'prom-client';
import { createMetrics, renderMetrics } from '../../../infrastructure/metrics/index.ts';

test('collects the default process metrics under the tbot_ prefix', async (t) => {
  const { body } = await renderMetrics(createMetrics());
  t.regex(body, /^tbot_process_cpu_user_seconds_total \d/m);
  t.regex(body, /^tbot_nodejs_heap_size_used_bytes \d/m);
  t.notRegex(body, /^process_cpu_user_seconds_total/m);
});

test('gives each call its own registry', async (t) => {
  const first = createMetrics();
  const second = createMetrics();
  new Counter({ name: 'tbot_test_only_here_total', help: 'test', registers: [first] }).inc();

  t.not(first, second);
  t.regex((await renderMetrics(first)).body, /^tbot_test_only_here_total 1$/m);
  t.notRegex((await renderMetrics(second)).body, /tbot_test_only_here_total/);
});

test('answers with the Prometheus text content type', async (t) => {
  const { contentType } = await renderMetrics(createMetrics());
  t.regex(contentType, /^text\/plain; version=0\.0\.4/);
});
