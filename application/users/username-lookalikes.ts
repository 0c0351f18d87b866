import { DomainError, type EventMetadata } from '../../domain/shared/index.ts';
import {
  type UsernameReserved,
  type UsernameSkeletonReserved,
  usernameSkeletonStreamId,
} from '../../domain/users/index.ts';
import { type Checkpoint, type EventStore, WrongExpectedRevisionError } from '../ports/index.ts';
import { looksAlike, usernameSkeleton } from './username-skeleton.ts';

const PAGE = 1000;

/** Every user name ever reserved (names are few: a full read at a user's creation is cheap). */
async function reservedUsernames(store: EventStore): Promise<string[]> {
  const names: string[] = [];
  let from: Checkpoint | null = null;
  for (;;) {
    const page = await store.readAll(from, { filter: { eventTypes: ['UsernameReserved'] }, maxCount: PAGE });
    for (const event of page) names.push((event.data as UsernameReserved['data']).username);
    const last = page.at(-1);
    if (!last || page.length < PAGE) return names;
    from = last.checkpoint;
  }
}

const lookalikeTaken = (username: string, existing: string) =>
  new DomainError(
    'USER.USERNAME_LOOKALIKE_TAKEN',
    `User name ${JSON.stringify(username)} looks like the existing ${JSON.stringify(existing)}`,
    { username, existing },
  );

/**
 * Refuses a new name that looks like another user's (equal TR39 skeletons, see `usernameSkeleton`), then
 * reserves its skeleton on its own stream with `no_stream`, so that of two look-alikes created at once only one
 * passes. Names reserved before skeletons were are found by reading their reservations. A name equal to an
 * existing one regardless of case passes here: its own reservation refuses it as taken.
 * @throws {DomainError} `USER.USERNAME_LOOKALIKE_TAKEN`
 */
export async function reserveUsernameSkeleton(
  store: EventStore,
  username: string,
  write: { readonly metadata: EventMetadata; readonly idempotencyKey?: string },
): Promise<void> {
  const skeleton = usernameSkeleton(username);
  const sameName = (other: string) => other.toLowerCase() === username.toLowerCase();
  const key = write.idempotencyKey === undefined ? undefined : `${write.idempotencyKey}:skeleton`;
  if (key !== undefined && (await store.findAppend(key))) return;

  const lookalike = (await reservedUsernames(store)).find(
    (other) => !sameName(other) && looksAlike(other, username),
  );
  if (lookalike !== undefined) throw lookalikeTaken(username, lookalike);

  const streamId = usernameSkeletonStreamId(skeleton);
  const event: UsernameSkeletonReserved = { type: 'UsernameSkeletonReserved', data: { skeleton, username } };
  try {
    await store.append(
      streamId,
      [{ ...event, metadata: write.metadata }],
      key === undefined
        ? { expectedRevision: 'no_stream' }
        : { expectedRevision: 'no_stream', idempotencyKey: key },
    );
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
    const [holder] = await store.readStream(streamId);
    const holderName = (holder?.data as UsernameSkeletonReserved['data'] | undefined)?.username ?? skeleton;
    if (!sameName(holderName)) throw lookalikeTaken(username, holderName);
  }
}
