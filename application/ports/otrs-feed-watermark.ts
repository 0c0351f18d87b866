/**
 * How far the poller has read OTRS's changes: the latest `Changed` time (OTRS's clock, as an instant) of the
 * tickets it has recorded. Kept durably; it only moves forward, whoever writes it.
 */
export interface FeedWatermark {
  /** `null` before the first round that recorded anything. */
  read(): Promise<Date | null>;
  /** Moves the watermark to `to` if that is later than it is; an earlier `to` changes nothing. */
  advance(to: Date): Promise<void>;
}
