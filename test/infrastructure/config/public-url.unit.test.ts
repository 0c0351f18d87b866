import test from 'ava';
import { ConfigError, loadConfig } from '../../../infrastructure/config/index.ts';
import { createSecretSource } from '../../../infrastructure/secrets/index.ts';

// PUBLIC_URL, HTTP_TRUST_PROXY and HTTP_ALLOW_INSECURE_COOKIES: a production node's cookie sessions travel over
// https unless an operator says otherwise in so many words.
const noKeyring = createSecretSource({ keyring: () => null });
const production = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'a-shared-secret-of-at-least-32-characters' };

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env, noKeyring);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

const REFUSAL =
  'PUBLIC_URL: must be an https:// URL in production, so that session cookies are Secure ' +
  '(or set HTTP_ALLOW_INSECURE_COOKIES=true to run cookie sessions over plain http)';

test('production refuses to start without an https PUBLIC_URL', (t) => {
  t.deepEqual(problems(production), [REFUSAL]);
  t.deepEqual(problems({ ...production, PUBLIC_URL: 'http://tbot.example.com' }), [REFUSAL]);
  t.deepEqual(problems({ ...production, PUBLIC_URL: 'https://tbot.example.com' }), []);
});

test('HTTP_ALLOW_INSECURE_COOKIES=true lets production run cookie sessions over plain http', (t) => {
  const config = loadConfig(
    { ...production, PUBLIC_URL: 'http://tbot.internal', HTTP_ALLOW_INSECURE_COOKIES: 'true' },
    noKeyring,
  );
  t.is(config.http.publicUrl, 'http://tbot.internal');
  t.true(config.http.allowInsecureCookies);
});

test('development needs no PUBLIC_URL', (t) => {
  t.deepEqual(problems({}), []);
});

test('HTTP_TRUST_PROXY takes addresses and CIDR blocks, and refuses anything else', (t) => {
  const config = loadConfig({ HTTP_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,fd00::/8, 10.0.0.0/8' }, noKeyring);
  t.deepEqual(config.http.trustProxy, ['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
  for (const bad of ['true', 'proxy.local', '10.0.0.0/33', '::1/129', '10.0.0.1/8/8', '10.0.0.1,']) {
    t.deepEqual(
      problems({ HTTP_TRUST_PROXY: bad }),
      [
        `HTTP_TRUST_PROXY: must be a comma-separated list of IP addresses or CIDR blocks (10.0.0.0/8, ::1) (got ${JSON.stringify(bad)})`,
      ],
      bad,
    );
  }
  t.deepEqual(problems({ PUBLIC_URL: 'ftp://tbot' }), [
    'PUBLIC_URL: must be a http:// or https:// URL (got "ftp://tbot")',
  ]);
});
