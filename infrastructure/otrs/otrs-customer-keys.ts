import { createHmac } from 'node:crypto';
import type { OtrsCustomerKeys } from '../../application/otrs/index.ts';
import type { MasterKey } from '../personal-data/index.ts';

/**
 * Customer keys from the personal data master key: an HMAC with a key derived for this one use, so the keys
 * are the same on every node and across restarts, and nobody without the master key can test an address
 * against them.
 */
export function otrsCustomerKeys(masterKey: MasterKey): OtrsCustomerKeys {
  const key = createHmac('sha256', masterKey.key.export()).update('tbot otrs customer key').digest();
  return {
    keyOf(customerUserId) {
      const canonical = customerUserId.normalize('NFC').trim().toLowerCase();
      // Every ticket with a blank customer would share one subject, and forgetting one would forget them all.
      if (canonical === '') throw new RangeError('a CustomerUserID must not be blank');
      return createHmac('sha256', key).update(canonical).digest('base64url').slice(0, 22);
    },
  };
}
