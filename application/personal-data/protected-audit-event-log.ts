import type { AuditEventLog } from '../audit/index.ts';
import { createPersonalDataCodec } from './personal-data-codec.ts';
import type { PersonalDataProtectionDeps } from './with-personal-data-protection.ts';
import { defaultPersonalDataLenses } from './with-personal-data-protection.ts';

/**
 * The audit log with personal data decrypted, as the event store decorator does for every other reader:
 * an investigator sees the plaintext while the person is known, `null` once they are forgotten.
 */
export function withPersonalDataInAudit(log: AuditEventLog, deps: PersonalDataProtectionDeps): AuditEventLog {
  const codec = createPersonalDataCodec({
    keys: deps.keys,
    lenses: deps.lenses ?? defaultPersonalDataLenses,
  });
  const one = async (event: Promise<Awaited<ReturnType<AuditEventLog['findById']>>>) => {
    const found = await event;
    return found ? ((await codec.reveal([found]))[0] ?? null) : null;
  };
  return {
    head: () => log.head(),
    async *pages(filter, options) {
      for await (const page of log.pages(filter, options)) yield await codec.reveal(page);
    },
    last: async (filter, count, upTo) => codec.reveal(await log.last(filter, count, upTo)),
    findById: (eventId) => one(log.findById(eventId)),
    findByPosition: (position) => one(log.findByPosition(position)),
    async *streamPages(streamId, until, pageSize) {
      for await (const page of log.streamPages(streamId, until, pageSize)) yield await codec.reveal(page);
    },
  };
}
