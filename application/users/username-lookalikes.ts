import { createHash } from 'node:crypto';
import { DomainError, type EventMetadata } from '../../domain/shared/index.ts';
import { type UsernameSkeletonReserved, usernameSkeletonStreamId } from '../../domain/users/index.ts';
import { type Checkpoint, type EventStore, WrongExpectedRevisionError } from '../ports/index.ts';
import { looksAlike, usernameSkeleton } from './username-skeleton.ts';

const PAGE = 1000;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Every user name ever reserved (names are few: a full read at a user's creation is cheap). */
async function reservedUsernames(store: EventStore): Promise<string[]> {
  const names: string[] = [];
  let from: Checkpoint | null = null;
  for (;;) {
    const page = await store.readAll(from, { filter: { eventTypes: ['UsernameReserved'] }, maxCount: PAGE });
    for (const event of page) {
      // A forgotten user's name reads as null: nobody's any more, it no longer blocks a look-alike.
      const { username } = event.data as { username: string | null };
      if (typeof username === 'string') names.push(username);
    }
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

  const streamId = usernameSkeletonStreamId(digest(skeleton));
  const nameDigest = digest(username.toLowerCase());
  const event: UsernameSkeletonReserved = { type: 'UsernameSkeletonReserved', data: { nameDigest } };
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
    // The skeleton is held. By this very name (in any case): its own reservation refuses it as taken. By
    // another: a look-alike created meanwhile (the lock names no one, so neither does the answer).
    const [holder] = await store.readStream<UsernameSkeletonReserved>(streamId);
    if (holder?.data.nameDigest !== nameDigest) throw lookalikeTaken(username, 'another user name');
  }
}
