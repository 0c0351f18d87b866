import type { ExecutionContext } from 'ava';
import {
  type Command,
  type Decider,
  DomainError,
  type DomainErrorCode,
  type Event,
  fold,
} from '../../domain/shared/index.ts';

/**
 * Given/when/then for deciders: `spec(t).given([hired]).when(dismiss).then([dismissed])`, or
 * `.thenThrows('EMPLOYEE.DISMISSED')` (a code of `DomainErrorCode`, so a misspelt one does not compile).
 * Pure: no store, no clock.
 */
export function deciderSpec<C extends Command, E extends Event, S>(decider: Decider<C, E, S>) {
  return (t: ExecutionContext) => ({
    given: (history: readonly E[]) => ({
      when: (command: C) => {
        const run = () => decider.decide(command, fold(decider, history));
        return {
          then(expected: readonly E[]): void {
            t.deepEqual(run(), expected);
          },
          thenThrows(code: DomainErrorCode): void {
            const error = t.throws(run, { instanceOf: DomainError });
            t.is(error?.code, code);
          },
        };
      },
    }),
  });
}
