import { z } from 'zod';
import type { SettingValue } from '../../../domain/settings/index.ts';
import type { EscalationParams } from '../../../projections/index.ts';
import { type Language, chooseLanguage, escapeHtml } from '../i18n/index.ts';

const TEXTS = {
  ru: {
    near: '⏳ Скоро эскалация',
    escalated: '🔥 Эскалация',
    due: 'срок',
    queue: 'Очередь',
    kinds: { firstResponse: 'первый ответ', update: 'обновление', solution: 'решение' },
  },
  en: {
    near: '⏳ Escalation near',
    escalated: '🔥 Escalated',
    due: 'due',
    queue: 'Queue',
    kinds: { firstResponse: 'first response', update: 'update', solution: 'solution' },
  },
} as const satisfies Record<Language, unknown>;

export const EscalationParamsSchema = z.object({
  ticketId: z.number().int().positive(),
  number: z.string().max(100),
  title: z.string().max(1000).nullable(),
  queue: z.string().max(1000),
  kind: z.enum(['firstResponse', 'update', 'solution']),
  deadline: z.string().max(40),
  escalated: z.boolean(),
});

const at = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** `🔥 Escalated: solution, due 2026-12-04 09:00 UTC · #2026120310000017 · Printer (Queue: IT)`: one line. */
export function otrsEscalationText(
  params: EscalationParams,
  settings: Readonly<Record<string, SettingValue>>,
): string {
  const texts = TEXTS[chooseLanguage(null, settings)];
  const title = params.title === null ? '' : ` · ${escapeHtml(params.title.slice(0, 255))}`;
  return (
    `${params.escalated ? texts.escalated : texts.near}: ${texts.kinds[params.kind]}, ${texts.due} ` +
    `${at(params.deadline)} · <b>#${escapeHtml(params.number.slice(0, 40))}</b>${title} ` +
    `(${texts.queue}: ${escapeHtml(params.queue.slice(0, 200))})`
  );
}
