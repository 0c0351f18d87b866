/** What became of one try to send an outbox row. `failed`: our own error, the reactor parks. */
export type SendOutcome = 'sent' | 'undeliverable' | 'retried' | 'failed';

/** The sender's figures; the pending gauge is read from the outbox at scrape time. */
export interface NotificationMetrics {
  sent(kind: string, outcome: SendOutcome): void;
  /** A row for nobody (`NO_RECIPIENT_CHAT`): an alert that had nowhere to go. */
  unrouted(kind: string): void;
}

export const noNotificationMetrics: NotificationMetrics = {
  sent: () => undefined,
  unrouted: () => undefined,
};
