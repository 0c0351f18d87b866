import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { Registry } from 'prom-client';
import { DomainError } from '../../../domain/shared/index.ts';
import { createOtrsMetrics } from '../../../infrastructure/metrics/index.ts';
import { createOtrsClient, type TlsOptions } from '../../../infrastructure/otrs/index.ts';
import { selfSignedCertificate } from '../../support/monitoring-targets/self-signed-certificate.ts';
import { startLocalOtrsServer } from '../../support/otrs-server/index.ts';

async function tlsServer(t: ExecutionContext) {
  const certificate = await selfSignedCertificate(2);
  const server = await startLocalOtrsServer({ tls: certificate });
  t.teardown(() => server.close());
  server.state.addAgent('anna', 'anna-pw');
  const dir = await mkdtemp(path.join(tmpdir(), 'tbot-otrs-ca-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const caFile = path.join(dir, 'ca.pem');
  await writeFile(caFile, certificate.cert);
  const client = (tls: TlsOptions) =>
    createOtrsClient({
      baseUrl: server.baseUrl,
      webservice: server.webservice,
      timeZone: 'UTC',
      retryDelaysMs: [],
      tls,
      metrics: createOtrsMetrics(new Registry()),
    });
  return { server, caFile, client };
}

test('an OTRS certificate no CA vouches for is refused, as OTRS.UNAVAILABLE', async (t) => {
  const { client } = await tlsServer(t);
  const error = await t.throwsAsync(client({}).createSession('anna', 'anna-pw'));
  t.true(error instanceof DomainError && error.code === 'OTRS.UNAVAILABLE');
  t.like((error as DomainError).context, { reason: 'connection', detail: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
});

test('OTRS_CA_FILE makes its CA trusted; OTRS_TLS_INSECURE accepts any certificate', async (t) => {
  const { client, caFile } = await tlsServer(t);
  t.truthy((await client({ caFile }).createSession('anna', 'anna-pw')).sessionId);
  t.truthy((await client({ insecure: true }).createSession('anna', 'anna-pw')).sessionId);
});
