import { z } from 'zod';
import type { ClaimedOutboxRow } from '../../../application/notifications/index.ts';
import type { SettingValue } from '../../../domain/settings/index.ts';
import { TELEGRAM_ROLES } from '../../../domain/telegram/index.ts';
import {
  ACCESS_DECISION_KIND,
  MONITORING_ALERT_KIND,
  MONITORING_CERTIFICATE_KIND,
  MONITORING_REMINDER_KIND,
  SELF_ALERT_KIND,
  OTRS_ESCALATION_KIND,
  OTRS_TICKET_CARD_KIND,
} from '../../../projections/index.ts';
import type { CallbackSigner } from '../callback-data.ts';
import { accessDecisionText } from '../telegram/access-decision-notice.ts';
import { AlertParams, monitoringAlertKeyboard, monitoringAlertText } from './monitoring-alert-text.ts';
import { CertificateParamsSchema, monitoringCertificateText } from './monitoring-certificate-text.ts';
import { ReminderParamsSchema, monitoringReminderText } from './monitoring-reminder-text.ts';
import { SelfAlertParamsSchema, selfAlertText } from './self-alert-text.ts';
import { EscalationParamsSchema, otrsEscalationText } from './otrs-escalation-text.ts';
import {
  TicketCardParamsSchema,
  otrsTicketCardKeyboard,
  otrsTicketCardText,
} from './otrs-ticket-card-text.ts';

/** A row the sender cannot render: written by a bug or by a version that knows a kind this one does not. */
export class BadOutboxRowError extends Error {
  override readonly name = 'BadOutboxRowError';
  readonly code = 'NOTIFICATIONS.BAD_ROW';
}

const Role = z.enum(TELEGRAM_ROLES);
const AccessDecisionParams = z.object({
  decision: z.discriminatedUnion('verdict', [
    z.object({ verdict: z.literal('approved'), role: Role.nullable() }),
    z.object({ verdict: z.literal('denied') }),
    z.object({ verdict: z.literal('roleChanged'), role: Role }),
  ]),
  languageCode: z.string().nullable(),
});

/**
 * The text of an outbox row, rendered now from the live settings (texts an admin changed, the default language)
 * in the recipient's language: the row holds what to say, never the words.
 * @throws {BadOutboxRowError} for a kind this version does not know or parameters it cannot read.
 */
export function renderNotice(
  row: Pick<ClaimedOutboxRow, 'kind' | 'params'>,
  settings: Readonly<Record<string, SettingValue>>,
): string {
  switch (row.kind) {
    case ACCESS_DECISION_KIND: {
      const params = AccessDecisionParams.safeParse(row.params);
      if (!params.success) throw new BadOutboxRowError(`unreadable ${row.kind} parameters`);
      return accessDecisionText(params.data, settings);
    }
    case MONITORING_ALERT_KIND:
      return monitoringAlertText(alertParams(row), settings);
    case MONITORING_REMINDER_KIND: {
      const params = ReminderParamsSchema.safeParse(row.params);
      if (!params.success) throw new BadOutboxRowError(`unreadable ${row.kind} parameters`);
      return monitoringReminderText(params.data, settings);
    }
    case SELF_ALERT_KIND: {
      const params = SelfAlertParamsSchema.safeParse(row.params);
      if (!params.success) throw new BadOutboxRowError(`unreadable ${row.kind} parameters`);
      return selfAlertText(params.data, settings);
    }
    case MONITORING_CERTIFICATE_KIND: {
      const params = CertificateParamsSchema.safeParse(row.params);
      if (!params.success) throw new BadOutboxRowError(`unreadable ${row.kind} parameters`);
      return monitoringCertificateText(params.data, settings);
    }
    // OTRS (#16)
    case OTRS_TICKET_CARD_KIND:
      return otrsTicketCardText(cardParams(row), settings);
    case OTRS_ESCALATION_KIND: {
      const params = EscalationParamsSchema.safeParse(row.params);
      if (!params.success) throw new BadOutboxRowError(`unreadable ${row.kind} parameters`);
      return otrsEscalationText(params.data, settings);
    }
    default:
      throw new BadOutboxRowError(`unknown notice kind ${row.kind}`);
  }
}

const alertParams = (row: Pick<ClaimedOutboxRow, 'kind' | 'params'>) => {
  const params = AlertParams.safeParse(row.params);
  if (!params.success) throw new BadOutboxRowError(`unreadable ${row.kind} parameters`);
  return params.data;
};

const cardParams = (row: Pick<ClaimedOutboxRow, 'kind' | 'params'>) => {
  const params = TicketCardParamsSchema.safeParse(row.params);
  if (!params.success) throw new BadOutboxRowError(`unreadable ${row.kind} parameters`);
  return params.data;
};

/**
 * The inline keyboard of an outbox row's message, `undefined` for none (an edit then removes it). Buttons are
 * signed for the row's chat; without a signer (a sender that cannot sign) they are left out.
 */
export function noticeKeyboard(
  row: Pick<ClaimedOutboxRow, 'kind' | 'params' | 'chatId'>,
  settings: Readonly<Record<string, SettingValue>>,
  signer: CallbackSigner | null,
): ReturnType<typeof monitoringAlertKeyboard> {
  if (signer === null) return undefined;
  if (row.kind === OTRS_TICKET_CARD_KIND)
    return otrsTicketCardKeyboard(cardParams(row), row.chatId, signer, settings);
  if (row.kind !== MONITORING_ALERT_KIND) return undefined;
  return monitoringAlertKeyboard(alertParams(row), row.chatId, signer, settings);
}

/** The names of people by `kind:id`, read while they are known (a forgotten person is absent). */
export type ActorNames = (
  actors: readonly { readonly kind: string; readonly id: string }[],
) => Promise<ReadonlyMap<string, string>>;

/**
 * An alert row with the names of who acknowledged its incidents filled in from `names`: the row keeps a person
 * by kind and id only, so forgetting them leaves their name nowhere here. Other rows, and rows it cannot read
 * (rendering refuses those), are returned as they are.
 */
export async function withActorNames<R extends Pick<ClaimedOutboxRow, 'kind' | 'params'>>(
  row: R,
  names: ActorNames,
): Promise<R> {
  if (row.kind === OTRS_TICKET_CARD_KIND) return withOwnerName(row, names);
  if (row.kind !== MONITORING_ALERT_KIND) return row;
  const params = AlertParams.safeParse(row.params);
  if (!params.success) return row;
  const unnamed = params.data.members.flatMap((m) =>
    m.acknowledgedBy !== null && m.acknowledgedBy.name === null ? [m.acknowledgedBy] : [],
  );
  if (unnamed.length === 0) return row;
  const known = await names(unnamed);
  const members = params.data.members.map((m) =>
    m.acknowledgedBy === null || m.acknowledgedBy.name !== null
      ? m
      : {
          ...m,
          acknowledgedBy: {
            ...m.acknowledgedBy,
            name: known.get(`${m.acknowledgedBy.kind}:${m.acknowledgedBy.id}`) ?? null,
          },
        },
  );
  return { ...row, params: { ...params.data, members } };
}

/** A ticket card with its owner's Telegram name (when linked) filled in from `names`, read while they are known. */
async function withOwnerName<R extends Pick<ClaimedOutboxRow, 'kind' | 'params'>>(
  row: R,
  names: ActorNames,
): Promise<R> {
  const params = TicketCardParamsSchema.safeParse(row.params);
  const owner = params.success ? params.data.owner : null;
  if (!params.success || owner === null || owner.telegramUserId === null || owner.name !== null) return row;
  const person = { kind: 'telegram', id: String(owner.telegramUserId) };
  const name = (await names([person])).get(`${person.kind}:${person.id}`) ?? null;
  return { ...row, params: { ...params.data, owner: { ...owner, name } } };
}
