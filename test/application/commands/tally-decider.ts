import {
  type Command,
  type Decider,
  DomainError,
  type DomainErrorCode,
  type Event,
} from '../../../domain/shared/index.ts';

/** A tiny aggregate for testing the command pipeline itself: a tally that refuses to pass its limit. */
export type TallyCommand = Command<'AddToTally', { tallyId: string; amount: number; limit: number }>;
export type TallyEvent = Event<'TallyIncreased', { tallyId: string; amount: number }>;
export interface TallyState {
  readonly total: number;
}

/**
 * The tally's refusal. No feature of TBot owns it, so it is outside `DomainErrorCode` on purpose (the
 * interfaces' maps stay exactly the product's codes); the widening cast is the one place that says so.
 */
export const LIMIT_EXCEEDED = 'TALLY.LIMIT_EXCEEDED' as string as DomainErrorCode;

export const tallyDecider: Decider<TallyCommand, TallyEvent, TallyState> = {
  initialState: () => ({ total: 0 }),
  evolve: (state, event) => ({ total: state.total + event.data.amount }),
  decide: (command, state) => {
    const { tallyId, amount, limit } = command.data;
    if (amount === 0) return [];
    if (state.total + amount > limit) {
      throw new DomainError(LIMIT_EXCEEDED, `Tally ${tallyId} would pass ${limit}`, {
        total: state.total,
      });
    }
    return [{ type: 'TallyIncreased', data: { tallyId, amount } }];
  },
};
