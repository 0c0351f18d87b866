import { DomainError, controlCharacterMessage, findControlCharacter } from '../shared/index.ts';
import type { CheckDefinition, CheckTiming, HttpCheck, JsonExpectation } from './check-definition.ts';
import type { CheckDefinitionInput, CheckSpec, CheckSpecInput } from './check-spec.ts';
import { isIpv4, isIpv6, normalizeHost } from './host-address.ts';
import { optionalPlainText, requireIntegerIn } from './monitoring-text.ts';

/** The bounds of the setting `monitoring.checkIntervalSeconds`, which is the default interval. */
export const CHECK_INTERVAL_BOUNDS = { min: 10, max: 3600 } as const;
/** A keyword is at most this many bytes (UTF-8): the probe searches a body cut at its limit. */
export const MAX_KEYWORD_BYTES = 1024;
const MAX_URL_LENGTH = 2048;
const MAX_RETRIES = 10;
const MAX_RESEND_SECONDS = 7 * 24 * 3600;
const MIN_RESEND_SECONDS = 60;

function normalizeUrl(url: string, field: string): string {
  const refuse = (why: string): never => {
    throw new DomainError('CHECK.INVALID_URL', `${field} ${why}`, { field });
  };
  if (url.length > MAX_URL_LENGTH) refuse(`is longer than ${MAX_URL_LENGTH} characters`);
  if (/[\p{Cc}\s]/u.test(url)) refuse('must not contain spaces or control characters');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse('is not an absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') refuse('must be an http: or https: URL');
  // A secret never enters an event: user info would be kept in the store and shown in every audit view.
  if (parsed.username !== '' || parsed.password !== '') {
    refuse('must not carry credentials (user:password@): they would be stored and shown');
  }
  // The host must be one the servers accept too (`[::1]` is an IPv6 literal in brackets).
  normalizeHost(parsed.hostname.replace(/^\[(.*)\]$/, '$1'), 'CHECK.INVALID_URL', field);
  return parsed.href;
}

function normalizeHttp(check: HttpCheck, at: string): HttpCheck {
  const url = normalizeUrl(check.url, `${at}.url`);
  if (check.method !== 'GET' && check.method !== 'HEAD') {
    throw new DomainError('CHECK.INVALID_METHOD', `${at}.method must be GET or HEAD`, {
      field: `${at}.method`,
    });
  }
  const field = `${at}.expectStatus`;
  const min = requireIntegerIn(
    check.expectStatus.min,
    100,
    599,
    'CHECK.INVALID_STATUS_RANGE',
    `${field}.min`,
  );
  const max = requireIntegerIn(
    check.expectStatus.max,
    100,
    599,
    'CHECK.INVALID_STATUS_RANGE',
    `${field}.max`,
  );
  if (min > max) {
    throw new DomainError('CHECK.INVALID_STATUS_RANGE', `${field}.min is above its max`, { field });
  }
  const keyword = check.keyword === undefined ? null : checkKeyword(check.keyword, `${at}.keyword`);
  const json = check.json === undefined ? null : checkJson(check.json, `${at}.json`);
  // A HEAD answer has no body: the probe could never check the expectation, and the check would stay UP.
  if (check.method !== 'GET' && (keyword !== null || json !== null)) {
    throw new DomainError(
      'CHECK.INVALID_METHOD',
      `${at}.method must be GET for a keyword or a JSON expectation`,
      {
        field: `${at}.method`,
      },
    );
  }
  const warningDays = check.tlsExpiryWarningDays;
  if (warningDays !== undefined) {
    requireIntegerIn(warningDays, 1, 365, 'CHECK.INVALID_TLS_WARNING', `${at}.tlsExpiryWarningDays`);
    if (!url.startsWith('https:')) {
      throw new DomainError('CHECK.INVALID_TLS_WARNING', 'A certificate warning needs an https: URL', {
        field: `${at}.tlsExpiryWarningDays`,
      });
    }
  }
  return {
    kind: 'http',
    url,
    method: check.method,
    expectStatus: { min, max },
    ...(keyword === null ? {} : { keyword }),
    ...(json === null ? {} : { json }),
    ...(warningDays === undefined ? {} : { tlsExpiryWarningDays: warningDays }),
    ignoreTlsErrors: check.ignoreTlsErrors === true,
  };
}

/**
 * Text compared with what a target answers: kept as given (its spaces mean something), at most `maxBytes`
 * in UTF-8, no control characters.
 */
function matchedText(
  text: string,
  code: 'CHECK.INVALID_KEYWORD' | 'CHECK.INVALID_JSON_PATH',
  field: string,
  allowEmpty: boolean,
): string {
  if ((!allowEmpty && text === '') || new TextEncoder().encode(text).length > MAX_KEYWORD_BYTES) {
    throw new DomainError(code, `${field} must be ${allowEmpty ? 0 : 1} to ${MAX_KEYWORD_BYTES} bytes`, {
      field,
      maxBytes: MAX_KEYWORD_BYTES,
    });
  }
  const found = findControlCharacter(text);
  if (found) {
    throw new DomainError(code, `${field} ${controlCharacterMessage(found)}`, {
      field,
      codePoint: found.codePoint,
    });
  }
  return text.normalize('NFC');
}

const checkKeyword = (keyword: string, field: string): string =>
  matchedText(keyword, 'CHECK.INVALID_KEYWORD', field, false);

function checkJson(json: JsonExpectation, at: string): JsonExpectation {
  const path = checkJsonPath(json.path, `${at}.path`);
  if (json.equals === undefined) return { path };
  return { path, equals: matchedText(json.equals, 'CHECK.INVALID_JSON_PATH', `${at}.equals`, true) };
}

const JSON_PATH = /^[^.\s]+(\.[^.\s]+)*$/u;

function checkJsonPath(path: string, field: string): string {
  const text = optionalPlainText(path, 256, 'CHECK.INVALID_JSON_PATH', field);
  if (text === null || !JSON_PATH.test(text)) {
    throw new DomainError('CHECK.INVALID_JSON_PATH', `${field} must be a dotted path such as status.db`, {
      field,
    });
  }
  return text;
}

/** Checks a definition at `at` (the field path of its errors) and fills in the server's `host`. */
export function normalizeCheckDefinition(
  input: CheckDefinitionInput,
  host: string,
  at: string,
): CheckDefinition {
  switch (input.kind) {
    case 'tcp':
      return {
        kind: 'tcp',
        host,
        port: requireIntegerIn(input.port, 1, 65535, 'CHECK.INVALID_PORT', `${at}.port`),
      };
    case 'http':
      return normalizeHttp(input, at);
    case 'ping':
      return { kind: 'ping', host };
    case 'dns': {
      const name =
        input.host === undefined ? host : normalizeHost(input.host, 'SERVER.INVALID_HOST', `${at}.host`);
      if (input.recordType !== 'A' && input.recordType !== 'AAAA') {
        throw new DomainError('CHECK.INVALID_KIND', `${at}.recordType must be A or AAAA`, {
          field: `${at}.recordType`,
        });
      }
      if (input.expectAddress === undefined) return { kind: 'dns', host: name, recordType: input.recordType };
      const address = input.expectAddress.trim().toLowerCase();
      if (input.recordType === 'A' ? !isIpv4(address) : !isIpv6(address)) {
        throw new DomainError(
          'CHECK.INVALID_ADDRESS',
          `${at}.expectAddress is not an ${input.recordType === 'A' ? 'IPv4' : 'IPv6'} address`,
          {
            field: `${at}.expectAddress`,
          },
        );
      }
      return { kind: 'dns', host: name, recordType: input.recordType, expectAddress: address };
    }
    case 'push':
      if (!/^[0-9a-f]{64}$/.test(input.tokenDigest)) {
        throw new DomainError('CHECK.INVALID_KIND', `${at}.tokenDigest must be a SHA-256 digest in hex`, {
          field: `${at}.tokenDigest`,
        });
      }
      return { kind: 'push', tokenDigest: input.tokenDigest };
    default: {
      const kind: unknown = (input as { kind?: unknown }).kind;
      throw new DomainError('CHECK.INVALID_KIND', `${at}.kind "${String(kind)}" is not a check kind`, {
        field: `${at}.kind`,
      });
    }
  }
}

/** Checks a check's timing: interval 10..3600 s, a timeout below it and below the retry interval. */
export function normalizeCheckTiming(timing: CheckTiming, at: string): CheckTiming {
  const { min, max } = CHECK_INTERVAL_BOUNDS;
  const intervalSeconds = requireIntegerIn(
    timing.intervalSeconds,
    min,
    max,
    'CHECK.INVALID_INTERVAL',
    `${at}.intervalSeconds`,
  );
  const retryIntervalSeconds = requireIntegerIn(
    timing.retryIntervalSeconds,
    min,
    max,
    'CHECK.INVALID_RETRY_INTERVAL',
    `${at}.retryIntervalSeconds`,
  );
  const timeoutSeconds = requireIntegerIn(
    timing.timeoutSeconds,
    1,
    max,
    'CHECK.INVALID_TIMEOUT',
    `${at}.timeoutSeconds`,
  );
  if (timeoutSeconds >= Math.min(intervalSeconds, retryIntervalSeconds)) {
    throw new DomainError(
      'CHECK.INVALID_TIMEOUT',
      `${at}.timeoutSeconds must be below the interval and the retry interval`,
      {
        field: `${at}.timeoutSeconds`,
      },
    );
  }
  const retries = requireIntegerIn(timing.retries, 0, MAX_RETRIES, 'CHECK.INVALID_RETRIES', `${at}.retries`);
  const resendIntervalSeconds = requireIntegerIn(
    timing.resendIntervalSeconds,
    0,
    MAX_RESEND_SECONDS,
    'CHECK.INVALID_RESEND_INTERVAL',
    `${at}.resendIntervalSeconds`,
  );
  if (resendIntervalSeconds > 0 && resendIntervalSeconds < MIN_RESEND_SECONDS) {
    throw new DomainError(
      'CHECK.INVALID_RESEND_INTERVAL',
      `${at}.resendIntervalSeconds is 0 (no reminders) or at least ${MIN_RESEND_SECONDS}`,
      {
        field: `${at}.resendIntervalSeconds`,
      },
    );
  }
  return { intervalSeconds, timeoutSeconds, retries, retryIntervalSeconds, resendIntervalSeconds };
}

/** Checks one check of a server whose host is `host`; `at` names it in errors (`checks.0`). */
export function normalizeCheckSpec(input: CheckSpecInput, host: string, at: string): CheckSpec {
  return {
    checkId: input.checkId,
    definition: normalizeCheckDefinition(input.definition, host, `${at}.definition`),
    timing: normalizeCheckTiming(input.timing, `${at}.timing`),
  };
}
