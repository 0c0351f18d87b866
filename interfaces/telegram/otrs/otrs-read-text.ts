import type { AgentMetricsView, DurationView, TicketView } from '../../../projections/otrs/index.ts';
import type { EscalationKind } from '../../../domain/otrs/index.ts';
import { type TextKey, type Translate, escapeHtml } from '../i18n/index.ts';

/** Telegram takes 4,096 characters a message; a list stops short of it and says how many it left out. */
export const MAX_LIST_LENGTH = 3_800;

/** Times in UTC to the minute, as the alerts show them: the bot does not know the reader's zone. */
const minuteOf = (at: string): string => `${at.slice(0, 16).replace('T', ' ')} UTC`;

/** A span as minutes, hours and minutes, or days and hours. */
export function durationText(t: Translate, seconds: number | null): string {
  if (seconds === null) return t('otrsDurationNone');
  const minutes = Math.max(0, Math.floor(seconds / 60));
  if (minutes < 60) return t('otrsDurationMinutes', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('otrsDurationHours', { h: hours, m: minutes % 60 });
  return t('otrsDurationDays', { d: Math.floor(hours / 24), h: hours % 24 });
}

const ageOf = (t: Translate, created: string, now: Date) =>
  durationText(t, (now.getTime() - Date.parse(created)) / 1000);

/** One line of a list: number, title, queue, state and age. */
export const ticketLine = (t: Translate, ticket: TicketView, now: Date): string =>
  t('otrsTicketLine', {
    number: ticket.number,
    title: ticket.title ?? t('otrsNoTitle'),
    queue: ticket.queue.name,
    state: ticket.state,
    age: ageOf(t, ticket.created, now),
  });

/** A header and lines up to the bound; the lines left out are counted (of `total`, which may be more). */
export function boundedList(t: Translate, header: string, lines: readonly string[], total: number): string {
  const kept = [header];
  let length = header.length;
  // Room for the last line, whatever it counts.
  const room = MAX_LIST_LENGTH - 80;
  for (const line of lines) {
    if (length + line.length + 1 > room) break;
    kept.push(line);
    length += line.length + 1;
  }
  const shown = kept.length - 1;
  if (total > shown) kept.push(t('otrsTicketsMore', { count: total - shown }));
  return kept.join('\n');
}

const ESCALATION_KEYS: Readonly<Record<EscalationKind, TextKey>> = {
  firstResponse: 'otrsEscalationFirstResponse',
  update: 'otrsEscalationUpdate',
  solution: 'otrsEscalationSolution',
};
const SENDER_KEYS: Readonly<Record<'agent' | 'customer' | 'system', TextKey>> = {
  agent: 'otrsSenderAgent',
  customer: 'otrsSenderCustomer',
  system: 'otrsSenderSystem',
};

/** Replaces the `\u0000` placeholder of an already escaped text with already escaped HTML. */
const withHtml = (text: string, html: string): string => text.replace('\u0000', html);

/** The owner as Telegram HTML: their login (escaped), their id when no login is known, or nobody. */
function ownerHtml(t: Translate, ticket: TicketView): string {
  if (ticket.ownerId === null) return t('otrsCardNobody');
  const owner =
    ticket.ownerLogin === null ? t('otrsCardAgent', { id: ticket.ownerId }) : escapeHtml(ticket.ownerLogin);
  return ticket.lock === 'lock' ? withHtml(t('otrsCardLocked', { owner: '\u0000' }), owner) : owner;
}

/**
 * The card of a ticket as `/ticket` shows it (Telegram HTML): number and title, queue and priority, state and
 * owner, customer, age, escalations to come or past, the latest article's first lines. At most about 1,500
 * characters (the texts' own bounds), far under Telegram's limit.
 */
export function ticketCardText(t: Translate, ticket: TicketView, now: Date): string {
  const lines = [
    `<b>${t('otrsCardTitle', { number: ticket.number, title: ticket.title ?? t('otrsNoTitle') })}</b>`,
    t('otrsCardQueue', { queue: ticket.queue.name, priority: ticket.priority.name }),
    withHtml(t('otrsCardState', { state: ticket.state, owner: '\u0000' }), ownerHtml(t, ticket)),
  ];
  const { customer } = ticket;
  if (customer !== null) {
    const named = customer.name === null ? customer.userId : `${customer.name} (${customer.userId})`;
    lines.push(t('otrsCardCustomer', { customer: named }));
  }
  lines.push(t('otrsCardCreated', { at: minuteOf(ticket.created), age: ageOf(t, ticket.created, now) }));
  if (!ticket.closed) {
    for (const kind of ['firstResponse', 'update', 'solution'] as const) {
      const at = ticket.escalations[kind];
      if (at === null) continue;
      const key = Date.parse(at) <= now.getTime() ? 'otrsCardEscalationPast' : 'otrsCardEscalation';
      lines.push(t(key, { kind: t(ESCALATION_KEYS[kind]), at: minuteOf(at) }));
    }
  }
  const article = ticket.latestArticle;
  if (article?.excerpt) {
    lines.push(
      t('otrsCardArticle', { sender: t(SENDER_KEYS[article.senderType]), excerpt: article.excerpt }),
    );
  }
  return lines.join('\n');
}

const average = (duration: DurationView) => duration.averageSeconds;

/** The caller's figures in one line (`/mytickets`). */
export const metricsLine = (t: Translate, metrics: AgentMetricsView, days: number): string =>
  t('otrsMetricsLine', {
    days,
    taken: metrics.timeToTake.count,
    takeTime: durationText(t, average(metrics.timeToTake)),
    closed: metrics.timeToClose.count,
    closeTime: durationText(t, average(metrics.timeToClose)),
    notes: metrics.actions.note,
    reassigned: metrics.actions.reassign,
  });
