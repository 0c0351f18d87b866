export type {
  ProjectionActData,
  ProjectionEventSkipped,
  ProjectionOperatorEvent,
  ProjectionRebuilt,
  ProjectionReset,
  ProjectionRetried,
} from './projection-events.ts';
export { projectionStreamId } from './projection-events.ts';
