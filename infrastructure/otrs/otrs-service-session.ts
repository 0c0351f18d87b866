import type { OtrsGateway, OtrsSession } from '../../application/ports/otrs.ts';
import { DomainError } from '../../domain/shared/index.ts';

/**
 * The service agent's session (`OTRS_SERVICE_USER`), for the feed: logged in on first use, kept, and logged
 * in again once when OTRS answers that it has ended. The password goes to OTRS only in SessionCreate's body,
 * never in a URL.
 */
export interface ServiceSession {
  /** Runs `work` with the session; when OTRS ended it, logs in again and runs `work` once more. */
  run<T>(work: (session: OtrsSession) => Promise<T>): Promise<T>;
}

export function createServiceSession(
  gateway: Pick<OtrsGateway, 'createSession'>,
  credentials: { readonly login: string; readonly password: string },
): ServiceSession {
  let current: Promise<OtrsSession> | null = null;
  const session = () => {
    // One login for every caller waiting on it; a failed one is not kept.
    current ??= gateway.createSession(credentials.login, credentials.password).catch((error: unknown) => {
      current = null;
      throw error;
    });
    return current;
  };

  return {
    async run(work) {
      const used = await session();
      try {
        return await work(used);
      } catch (error) {
        // OTRS refused the session before doing anything: the work can run again with a new one.
        if (!(error instanceof DomainError) || error.code !== 'OTRS.SESSION_EXPIRED') throw error;
        if ((await current) === used) current = null;
        return work(await session());
      }
    },
  };
}
