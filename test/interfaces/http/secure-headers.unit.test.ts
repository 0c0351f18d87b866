import test from 'ava';
import Koa from 'koa';
import { secureHeaders } from '../../../interfaces/http/secure-headers.ts';
import { serveKoa } from './serve-koa.ts';

test('sends HSTS only for a request that came over HTTPS', async (t) => {
  // Trusting X-Forwarded-Proto stands in for a TLS socket: either way Koa's `ctx.secure` is true.
  const app = new Koa({ proxy: true });
  app.use(secureHeaders());
  app.use((ctx) => {
    ctx.body = { ok: true };
  });
  const served = await serveKoa(app);
  t.teardown(() => served.close());
  const plain = await fetch(served.baseUrl);
  t.is(plain.headers.get('strict-transport-security'), null);
  t.is(plain.headers.get('x-content-type-options'), 'nosniff');
  const https = await fetch(served.baseUrl, { headers: { 'X-Forwarded-Proto': 'https' } });
  t.is(https.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
});
