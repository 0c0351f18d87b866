/** A setting's value as it travels in commands, events and the API. */
export type SettingValue = string | number | boolean;

export type SettingType = 'string' | 'number' | 'boolean' | 'duration';

/** Plain validation rules; which apply depends on the type. */
export interface SettingConstraints {
  /** `number`: bounds (inclusive); `duration`: bounds in seconds. */
  readonly min?: number;
  readonly max?: number;
  /** `number`: whole numbers only. */
  readonly integer?: boolean;
  /** `string`: the longest accepted value, in characters. */
  readonly maxLength?: number;
  /** `string`: the only accepted values. */
  readonly oneOf?: readonly string[];
  /** `string`: a value other than `''` must match it whole; `patternHint` says what it wants. */
  readonly pattern?: string;
  readonly patternHint?: string;
}

export interface SettingDefinition {
  readonly key: string;
  readonly type: SettingType;
  readonly description: string;
  readonly default: SettingValue;
  readonly constraints: SettingConstraints;
  /**
   * A secret is never event-sourced (DESIGN.md keeps secrets out of events): its value comes from the
   * environment or the secret store, and the API only says whether it is set.
   */
  readonly secret: boolean;
}

/** The registry of every runtime setting, in the order the API lists them. */
export const SETTINGS: readonly SettingDefinition[] = [
  {
    key: 'bot.welcomeText',
    type: 'string',
    description: 'What the Telegram bot answers to /start',
    default: 'Здравствуйте! Я бот ИТ-отдела. Чем могу помочь?',
    constraints: { maxLength: 4096 },
    secret: false,
  },
  {
    key: 'bot.language',
    type: 'string',
    description: 'The language of the bot’s own texts',
    default: 'ru',
    constraints: { oneOf: ['ru', 'en'] },
    secret: false,
  },
  {
    key: 'bot.accessRequestedText',
    type: 'string',
    description: 'What the Telegram bot answers a stranger whose access request went to the admins',
    default: 'Доступ запрошен. Администратор рассмотрит запрос, и я сообщу о решении.',
    constraints: { maxLength: 4096 },
    secret: false,
  },
  {
    key: 'bot.accessDeniedText',
    type: 'string',
    description: 'What the Telegram bot answers a user whose access was denied',
    default: 'В доступе отказано. Если это ошибка, обратитесь в ИТ-отдел.',
    constraints: { maxLength: 4096 },
    secret: false,
  },
  {
    key: 'bot.rateLimitedText',
    type: 'string',
    description:
      'What the Telegram bot answers a user over the rate limit; {seconds} is replaced by the wait',
    default: 'Слишком много запросов. Попробуйте снова через {seconds} с.',
    constraints: { maxLength: 4096 },
    secret: false,
  },
  {
    key: 'bot.findPageSize',
    type: 'number',
    description: 'Employees per page of the Telegram bot’s /find answer',
    default: 5,
    constraints: { min: 1, max: 10, integer: true },
    secret: false,
  },
  {
    key: 'monitoring.checkIntervalSeconds',
    type: 'number',
    description: 'Seconds between two checks of a monitored server',
    default: 60,
    constraints: { min: 10, max: 3600, integer: true },
    secret: false,
  },
  {
    key: 'monitoring.resultRetentionDays',
    type: 'number',
    description: 'Days raw check results (latencies, uptime history) are kept; older days are dropped whole',
    default: 30,
    constraints: { min: 1, max: 400, integer: true },
    secret: false,
  },
  {
    key: 'monitoring.alertGroupingSeconds',
    type: 'number',
    description:
      'Servers of one group that go down within this many seconds of the first share one alert message',
    default: 60,
    constraints: { min: 0, max: 3600, integer: true },
    secret: false,
  },
  {
    key: 'monitoring.probeConcurrency',
    type: 'number',
    description:
      'Checks one node runs at once at most (sockets, ping processes); the rest wait their turn, in order',
    default: 200,
    constraints: { min: 1, max: 5000, integer: true },
    secret: false,
  },
  {
    key: 'monitoring.httpBodyLimitBytes',
    type: 'number',
    description:
      'Bytes of an HTTP check’s answer read at most, for its keyword or JSON expectation; a longer body is down',
    default: 1_048_576,
    constraints: { min: 1024, max: 16_777_216, integer: true },
    secret: false,
  },
  {
    key: 'monitoring.httpMaxRedirects',
    type: 'number',
    description: 'Redirects an HTTP check follows at most; one more is down',
    default: 5,
    constraints: { min: 0, max: 20, integer: true },
    secret: false,
  },
  {
    key: 'monitoring.adminsChat',
    type: 'string',
    description:
      "The admins' Telegram chat, `CHAT_ID` or `CHAT_ID/TOPIC_ID` (a forum topic's message_thread_id): " +
      "TBot's own alerts (checks running late, alerts failing to send, a parked projection) and alerts of " +
      "servers whose group routes nowhere go there; empty: TBot's own alerts go to each Telegram admin " +
      'privately, and unrouted alerts are only logged and counted (tbot_alerts_unrouted_total)',
    default: '',
    constraints: {
      maxLength: 40,
      pattern: '-?[1-9][0-9]{0,15}(/[1-9][0-9]{0,9})?',
      patternHint: 'CHAT_ID or CHAT_ID/TOPIC_ID',
    },
    secret: false,
  },
  {
    key: 'telegram.messageRetentionDays',
    type: 'number',
    description: 'Days a Telegram message is kept before it is deleted',
    default: 90,
    constraints: { min: 1, max: 3650, integer: true },
    secret: false,
  },
  {
    key: 'telegram.keepMessageTexts',
    type: 'boolean',
    description:
      'Keep the texts the Telegram bot sends in its message log (its /find answers hold names and phones); ' +
      'off: the log records that a message went out, not what it said',
    default: false,
    constraints: {},
    secret: false,
  },
  {
    // OTRS's GenericInterface has no API token: calls carry an agent's session, and the feed's agent logs in
    // with this password (it replaced `otrs.apiToken`, which was never settable).
    key: 'otrs.servicePassword',
    type: 'string',
    description:
      'The password of the OTRS service agent the ticket feed reads as (OTRS_SERVICE_PASSWORD: the environment, a file or the OS keyring, never the API)',
    default: '',
    constraints: { maxLength: 1000 },
    secret: true,
  },
  {
    key: 'directory.importHeaders',
    type: 'string',
    description:
      'Header names the employee import recognises besides its own, per column: ' +
      '`fullName=Работник|Сотрудник; room=Комн.` (columns: fullName, position, department, workPhone, ' +
      'mobilePhone, extension, email, room, workstation, ip, notes)',
    default: '',
    constraints: { maxLength: 2000 },
    secret: false,
  },
  // OTRS ticket feed (#16)
  {
    key: 'otrs.escalationWarnMinutes',
    type: 'number',
    description:
      'Minutes before an OTRS escalation (first response, update, solution) that it is announced as near; ' +
      '0: only once it is past',
    default: 60,
    constraints: { min: 0, max: 10_080, integer: true },
    secret: false,
  },
];

const BY_KEY: ReadonlyMap<string, SettingDefinition> = new Map(SETTINGS.map((s) => [s.key, s]));

export const findSetting = (key: string): SettingDefinition | undefined => BY_KEY.get(key);

/** The values of every setting before any change. */
export function defaultSettings(): Record<string, SettingValue> {
  return Object.fromEntries(SETTINGS.map((s) => [s.key, s.default]));
}

const DURATION = /^(\d+)(s|m|h|d)$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90s`, `15m`, `2h`, `1d` in seconds; `undefined` when the text is no duration. */
export function durationSeconds(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  return Number(match[1]) * (UNIT_SECONDS[match[2]] ?? 1);
}

function checkRange(value: number, c: SettingConstraints, unit = ''): string | undefined {
  if (c.min !== undefined && value < c.min) return `at least ${c.min}${unit}`;
  if (c.max !== undefined && value > c.max) return `at most ${c.max}${unit}`;
  return undefined;
}

/** Why `value` is not a valid value of `setting`, or `undefined` when it is. */
export function validateSetting(setting: SettingDefinition, value: unknown): string | undefined {
  const c = setting.constraints;
  switch (setting.type) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      if (c.maxLength !== undefined && [...value].length > c.maxLength) {
        return `at most ${c.maxLength} characters`;
      }
      if (c.oneOf && !c.oneOf.includes(value)) return `one of ${c.oneOf.join(', ')}`;
      if (c.pattern !== undefined && value !== '' && !new RegExp(`^(?:${c.pattern})$`).test(value)) {
        return `must be ${c.patternHint ?? `like ${c.pattern}`}`;
      }
      return undefined;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (c.integer && !Number.isInteger(value)) return 'must be a whole number';
      return checkRange(value, c);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'duration': {
      const seconds = typeof value === 'string' ? durationSeconds(value) : undefined;
      if (seconds === undefined) return 'must be a duration such as 90s, 15m, 2h or 1d';
      return checkRange(seconds, c, ' seconds');
    }
  }
}
