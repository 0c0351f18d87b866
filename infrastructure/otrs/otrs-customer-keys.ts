import type { OtrsCustomerKeys } from '../../application/otrs/index.ts';
import { type MasterKey, pseudonymsFor } from '../personal-data/index.ts';

/**
 * Customer keys from the personal data master key (a pseudonym for this one use), so the keys are the same
 * on every node and across restarts, and nobody without the master key can test an address against them.
 */
export function otrsCustomerKeys(masterKey: MasterKey): OtrsCustomerKeys {
  const pseudonym = pseudonymsFor(masterKey, 'tbot otrs customer key');
  return {
    keyOf(customerUserId) {
      const canonical = customerUserId.normalize('NFC').trim().toLowerCase();
      // Every ticket with a blank customer would share one subject, and forgetting one would forget them all.
      if (canonical === '') throw new RangeError('a CustomerUserID must not be blank');
      return pseudonym(canonical);
    },
  };
}
