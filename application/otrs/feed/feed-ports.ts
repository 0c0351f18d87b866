import type { OtrsSession } from '../../ports/otrs.ts';

export type { FeedWatermark } from '../../ports/otrs-feed-watermark.ts';

/**
 * The feed's own OTRS agent (`OTRS_SERVICE_USER`): `run` gives `work` its session, logged in on first use and
 * again once when OTRS has ended it (the infrastructure's `ServiceSession`).
 */
export interface OtrsServiceSession {
  run<T>(work: (session: OtrsSession) => Promise<T>): Promise<T>;
}

/** The subjects among these that were forgotten (the personal data keys' tombstones). */
export type ForgottenSubjects = (subjectIds: readonly string[]) => Promise<ReadonlySet<string>>;
