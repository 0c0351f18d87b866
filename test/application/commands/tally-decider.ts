import { type Command, type Decider, DomainError, type Event } from '../../../domain/shared/index.ts';

/** A tiny aggregate for testing the command pipeline itself: a tally that refuses to pass its limit. */
export type TallyCommand = Command<'AddToTally', { tallyId: string; amount: number; limit: number }>;
export type TallyEvent = Event<'TallyIncreased', { tallyId: string; amount: number }>;
export interface TallyState {
  readonly total: number;
}

export const tallyDecider: Decider<TallyCommand, TallyEvent, TallyState> = {
  initialState: () => ({ total: 0 }),
  evolve: (state, event) => ({ total: state.total + event.data.amount }),
  decide: (command, state) => {
    const { tallyId, amount, limit } = command.data;
    if (amount === 0) return [];
    if (state.total + amount > limit) {
      throw new DomainError('TALLY.LIMIT_EXCEEDED', `Tally ${tallyId} would pass ${limit}`, {
        total: state.total,
      });
    }
    return [{ type: 'TallyIncreased', data: { tallyId, amount } }];
  },
};
