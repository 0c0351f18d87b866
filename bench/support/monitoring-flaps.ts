/** How long a flapping target stays down, and up between outages: slow enough for one message each way. */
export const OUTAGE_MS = 30_000;
const CYCLE_MS = 60_000;
/** The first outage starts this long into the window, so that the window's first slots are all UP. */
const FIRST_OUTAGE_MS = 5_000;

/** One outage of one target, from the start of the measured window. */
export interface PlannedOutage {
  readonly index: number;
  readonly downAfterMs: number;
  readonly upAfterMs: number;
}

/**
 * `share` of the servers flap: one per group (then a second, ...), the TCP or the HTTP one by turns, each down
 * for 30 s every 60 s, their first outages spread over the first 30 s of the window. An outage starts only if
 * its alert is due before the window ends (`alertDueMs` after it starts). A group with one flapping server thus
 * needs at most a message and an edit a minute, far below Telegram's 20 a minute per group.
 */
export function planOutages(options: {
  readonly servers: number;
  readonly groups: number;
  readonly perGroup: number;
  readonly share: number;
  readonly windowMs: number;
  readonly alertDueMs: number;
}): PlannedOutage[] {
  const { servers, groups, perGroup, windowMs } = options;
  const flapping = Math.round(servers * options.share);
  const span = Math.max(0, Math.min(CYCLE_MS / 2, windowMs - options.alertDueMs - FIRST_OUTAGE_MS));
  const outages: PlannedOutage[] = [];
  for (let k = 0; k < flapping; k += 1) {
    const group = k % groups;
    const member = Math.floor(k / groups) * 2 + (group % 2);
    const index = group * perGroup + member;
    if (member >= perGroup || index >= servers) continue;
    const phase = FIRST_OUTAGE_MS + (flapping > 1 ? (k / flapping) * span : 0);
    for (let down = phase; down + options.alertDueMs <= windowMs; down += CYCLE_MS) {
      outages.push({ index, downAfterMs: down, upAfterMs: down + OUTAGE_MS });
    }
  }
  return outages;
}
