import type { SelfCheckCondition, SelfCheckDetail } from '../../domain/monitoring/index.ts';

/** The outbox kind of one of TBot's own alerts (a self-check failing or recovered): params {@link SelfAlertParams}. */
export const SELF_ALERT_KIND = 'monitoring.selfAlert';

/** What a self-alert says; the sender renders it in `bot.language`. */
export interface SelfAlertParams {
  readonly state: 'failed' | 'recovered';
  readonly condition: SelfCheckCondition;
  /** The node (checks late), the projection (parked), `cluster` (alerts unsent). */
  readonly subject: string;
  /** When the episode began (ISO 8601). */
  readonly since: string;
  /** What was wrong when it began: on a failure only. */
  readonly detail: SelfCheckDetail | null;
  /** On a recovery only. */
  readonly failedForSeconds: number | null;
  /** On a recovery only: seen clear, or its subject (a node) gone. */
  readonly ended: 'cleared' | 'gone' | null;
}
