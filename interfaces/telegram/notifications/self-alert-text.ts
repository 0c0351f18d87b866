import { z } from 'zod';
import { SELF_CHECK_CONDITIONS, SELF_CHECK_TEXT_LIMITS } from '../../../domain/monitoring/index.ts';
import type { SettingValue } from '../../../domain/settings/index.ts';
import type { SelfAlertParams } from '../../../projections/index.ts';
import { type Language, chooseLanguage, escapeHtml } from '../i18n/index.ts';
import { durationText } from './monitoring-alert-text.ts';

const Count = z.number().int().min(0);
const Detail = z.discriminatedUnion('condition', [
  z.object({ condition: z.literal('checks-late'), late: Count, ran: Count, windowMinutes: Count }),
  z.object({
    condition: z.literal('alerts-unsent'),
    unsent: Count,
    oldestMinutes: Count,
    lastError: z.string().max(SELF_CHECK_TEXT_LIMITS.lastError).nullable(),
  }),
  z.object({
    condition: z.literal('projection-parked'),
    eventType: z.string().max(SELF_CHECK_TEXT_LIMITS.eventType),
    error: z.string().max(SELF_CHECK_TEXT_LIMITS.error),
  }),
]);

/** Bounded as the decider bounds them: a self-alert is a line or two. */
export const SelfAlertParamsSchema = z.object({
  state: z.enum(['failed', 'recovered']),
  condition: z.enum(SELF_CHECK_CONDITIONS),
  subject: z.string().max(SELF_CHECK_TEXT_LIMITS.subject),
  since: z.string().max(40),
  detail: Detail.nullable(),
  failedForSeconds: Count.nullable(),
  ended: z.enum(['cleared', 'gone']).nullable(),
});

/** Russian's three forms of a noun after a number: 1 проверка, 3 проверки, 5 проверок (11-14 too). */
const russianForm = (n: number, [one, few, many]: readonly [string, string, string]) => {
  const tens = n % 100;
  const units = n % 10;
  if (tens >= 11 && tens <= 14) return many;
  if (units === 1) return one;
  return units >= 2 && units <= 4 ? few : many;
};

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

type Detail = z.infer<typeof Detail>;

// Beside the alert's other words for the same reason as theirs: the admins' chat has only `bot.language`.
const TEXTS = {
  ru: {
    failed(detail: Detail, subject: string): string {
      switch (detail.condition) {
        case 'checks-late': {
          const checks = russianForm(detail.late, ['проверка', 'проверки', 'проверок']);
          const started = russianForm(detail.late, ['запущена', 'запущены', 'запущено']);
          return `${detail.late} ${checks} ${started} с опозданием на узле ${code(subject)} за последние ${detail.windowMinutes} мин (всего запущено ${detail.ran})`;
        }
        case 'alerts-unsent': {
          const alerts = russianForm(detail.unsent, ['оповещение', 'оповещения', 'оповещений']);
          const verb =
            detail.unsent % 10 === 1 && detail.unsent % 100 !== 11 ? 'не отправлено' : 'не отправлены';
          return `${detail.unsent} ${alerts} ${verb} (самому старому ${detail.oldestMinutes} мин)`;
        }
        case 'projection-parked':
          return `проекция ${code(subject)} остановлена на событии ${code(detail.eventType)}: ${code(detail.error)}`;
      }
    },
    recovered: {
      'checks-late': (subject: string) => `проверки на узле ${code(subject)} снова идут вовремя`,
      'alerts-unsent': () => 'оповещения снова отправляются',
      'projection-parked': (subject: string) => `проекция ${code(subject)} снова работает`,
    },
    gone: {
      'checks-late': (subject: string) =>
        `узел ${code(subject)} покинул кластер, его опоздания больше не отслеживаются`,
      'alerts-unsent': (subject: string) => `${code(subject)} больше нет`,
      'projection-parked': (subject: string) => `проекции ${code(subject)} больше нет`,
    },
    lastError: 'Telegram ответил',
    after: 'спустя',
  },
  en: {
    failed(detail: Detail, subject: string): string {
      switch (detail.condition) {
        case 'checks-late':
          return `${detail.late} ${detail.late === 1 ? 'check' : 'checks'} started late on node ${code(subject)} in the last ${detail.windowMinutes} min (of ${detail.ran} run)`;
        case 'alerts-unsent':
          return `${detail.unsent} ${detail.unsent === 1 ? 'alert' : 'alerts'} could not be sent (oldest ${detail.oldestMinutes} min)`;
        case 'projection-parked':
          return `projection ${code(subject)} is parked on an event ${code(detail.eventType)}: ${code(detail.error)}`;
      }
    },
    recovered: {
      'checks-late': (subject: string) => `checks on node ${code(subject)} start on time again`,
      'alerts-unsent': () => 'alerts are being sent again',
      'projection-parked': (subject: string) => `projection ${code(subject)} runs again`,
    },
    gone: {
      'checks-late': (subject: string) =>
        `node ${code(subject)} left the cluster; its late checks are watched no more`,
      'alerts-unsent': (subject: string) => `${code(subject)} is gone`,
      'projection-parked': (subject: string) => `projection ${code(subject)} is gone`,
    },
    lastError: 'Telegram said',
    after: 'after',
  },
} as const satisfies Record<Language, unknown>;

/**
 * `⚠️ TBot: 37 checks started late on node n2 in the last 5 min (of 1200 run)`, `⚠️ TBot: 4 alerts could not be sent
 * (oldest 12 min)`, `⚠️ TBot: projection employees is parked on an event EmployeeHired: TypeError`, and on
 * recovery `✅ TBot: alerts are being sent again (after 14 min)`.
 */
export function selfAlertText(
  params: SelfAlertParams,
  settings: Readonly<Record<string, SettingValue>>,
): string {
  const language = chooseLanguage(null, settings);
  const texts = TEXTS[language];
  if (params.state === 'recovered') {
    const after =
      params.failedForSeconds === null
        ? ''
        : ` (${texts.after} ${durationText(params.failedForSeconds, language)})`;
    const ended = params.ended === 'gone' ? texts.gone : texts.recovered;
    return `✅ TBot: ${ended[params.condition](params.subject)}${after}`;
  }
  if (params.detail === null) return `⚠️ TBot: ${escapeHtml(params.condition)} ${code(params.subject)}`;
  const line = `⚠️ TBot: ${texts.failed(params.detail, params.subject)}`;
  const error =
    params.detail.condition === 'alerts-unsent' && params.detail.lastError !== null
      ? `\n${texts.lastError}: ${code(params.detail.lastError)}`
      : '';
  return line + error;
}
