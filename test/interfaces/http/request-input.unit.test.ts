import test from 'ava';
import { z } from 'zod';
import { HttpProblem, fieldErrors, parseRequest } from '../../../interfaces/http/index.ts';

const Body = z.strictObject({
  user: z.object({ email: z.email(), name: z.string().min(1) }),
  tags: z.array(z.string()).max(3),
});

test('turns zod issues into field errors with dotted paths', (t) => {
  const result = Body.safeParse({ user: { email: 'nope', name: '' }, tags: ['a', 7], extra: true });
  if (result.success) return t.fail();
  const errors = fieldErrors(result.error);
  t.deepEqual(
    errors.map((e) => e.path),
    ['user.email', 'user.name', 'tags.1', ''],
  );
  t.true(errors.every((e) => e.message.length > 0));
  t.regex(errors[3]?.message ?? '', /extra/);
});

test('prefixes field errors with the request part', (t) => {
  const result = z.object({ limit: z.number() }).safeParse(undefined);
  if (result.success) return t.fail();
  t.deepEqual(
    fieldErrors(result.error, 'body').map((e) => e.path),
    ['body'],
  );
});

test('returns the parsed parts, coerced and defaulted', (t) => {
  const parsed = parseRequest(
    {
      request: { body: { user: { email: 'a@b.cd', name: 'Анна' }, tags: [] } },
      query: { limit: '20' },
      params: { id: '7' },
    },
    {
      body: Body,
      query: z.object({
        limit: z.coerce.number().int().max(100),
        order: z.enum(['asc', 'desc']).default('asc'),
      }),
      params: z.object({ id: z.coerce.number() }),
    },
  );
  t.deepEqual(parsed, {
    params: { id: 7 },
    query: { limit: 20, order: 'asc' },
    body: { user: { email: 'a@b.cd', name: 'Анна' }, tags: [] },
  });
});

test('refuses with 422 and every field error of every part at once', (t) => {
  const error = t.throws(
    () =>
      parseRequest(
        { request: { body: { user: { email: 'x', name: 'n' }, tags: [] } }, query: { limit: 'many' } },
        { body: Body, query: z.object({ limit: z.coerce.number() }) },
      ),
    { instanceOf: HttpProblem },
  );
  t.like(error.spec, { status: 422, code: 'HTTP.VALIDATION_FAILED' });
  t.deepEqual(
    error.spec.errors?.map((e) => e.path),
    ['query.limit', 'body.user.email'],
  );
});

const AnyPart = z.record(z.string(), z.unknown());

test('refuses a control character in any part a route reads, whatever its schema, naming where it is (#12 point 3)', (t) => {
  const error = t.throws(
    () =>
      parseRequest(
        {
          request: {
            body: { user: { email: 'a@b.cd', name: 'An\u0000na' }, tags: ['ok', 'x\u001b'], 'k\u0000': 1 },
          },
          query: { q: ['fine', 'bad\u0085'] },
          params: { stream: 'employee-\ud800' },
        },
        { body: Body, query: AnyPart, params: AnyPart },
      ),
    { instanceOf: HttpProblem },
  );
  t.is(error?.spec.status, 422);
  t.is(error?.spec.code, 'HTTP.VALIDATION_FAILED');
  t.deepEqual(
    error?.spec.errors?.map((e) => [e.path, e.message.match(/U\+[0-9A-F]{4}/)?.[0]]),
    [
      ['params.stream', 'U+D800'],
      ['query.q.1', 'U+0085'],
      ['body.user.name', 'U+0000'],
      ['body.tags.1', 'U+001B'],
      ['body', 'U+0000'],
    ],
  );
  // Tab and line breaks pass the generic check: the fields that refuse them say so in their schemas.
  const parsed = parseRequest(
    { request: { body: { user: { email: 'a@b.cd', name: 'a\tb\r\nc' }, tags: [] } }, query: {} },
    { body: Body },
  );
  t.is(parsed.body.user.name, 'a\tb\r\nc');
  // A part the route does not read is not looked at: it reaches nothing.
  t.notThrows(() => parseRequest({ request: {}, query: { x: '\u0000' } }, {}));
});
