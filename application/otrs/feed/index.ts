export type { FeedWatermark, ForgottenSubjects, OtrsServiceSession } from './feed-ports.ts';
export { makeOtrsAgentCommands } from './otrs-agent-commands.ts';
export { OTRS_ADMIN_USER_ID, agentsOf, ticketSubjectOf, toTicketSnapshot } from './otrs-ticket-snapshot.ts';
export {
  FEED_BATCH_SIZE,
  type FeedOutcome,
  type FeedSource,
  type TicketFeed,
  type TicketFeedDeps,
  makeTicketFeed,
} from './ticket-feed.ts';
export {
  OTRS_POLLER_LEASE,
  POLLER_DEFAULTS,
  type PollRound,
  type TicketPoller,
  type TicketPollerDeps,
  createTicketPoller,
} from './ticket-poller.ts';
export { OTRS_ESCALATION_WARN_SETTING, escalationWarnSecondsOf } from './escalation-warn-setting.ts';
