import type {
  CheckDefinition,
  CheckTiming,
  DnsCheck,
  HttpCheck,
  PingCheck,
  PushCheck,
  TcpCheck,
} from './check-definition.ts';

/** One check of a server as its events carry it: its id, what it probes, and when. */
export interface CheckSpec {
  readonly checkId: string;
  readonly definition: CheckDefinition;
  readonly timing: CheckTiming;
}

/**
 * A check's definition as a command brings it: TCP and ping checks take the server's host, a DNS check
 * resolves the server's host unless it names another. A push check's token digest is made by the
 * application (which shows the token once); the domain only stores it.
 */
export type CheckDefinitionInput =
  | Omit<TcpCheck, 'host'>
  | HttpCheck
  | Omit<PingCheck, 'host'>
  | (Omit<DnsCheck, 'host'> & { readonly host?: string | undefined })
  | PushCheck;

export interface CheckSpecInput {
  readonly checkId: string;
  readonly definition: CheckDefinitionInput;
  readonly timing: CheckTiming;
}

/** How many checks one server has at most. */
export const MAX_CHECKS_PER_SERVER = 20;

/**
 * The checks of a server whose host changed from `from` to `to`: TCP and ping checks follow it, and so does
 * a DNS check that resolved the old host; HTTP, push and a DNS check of another name stay as they are.
 */
export function rehostChecks(checks: readonly CheckSpec[], from: string, to: string): CheckSpec[] {
  return checks.map((check) => {
    const { definition } = check;
    const follows =
      definition.kind === 'tcp' ||
      definition.kind === 'ping' ||
      (definition.kind === 'dns' && definition.host === from);
    return follows ? { ...check, definition: { ...definition, host: to } } : check;
  });
}
