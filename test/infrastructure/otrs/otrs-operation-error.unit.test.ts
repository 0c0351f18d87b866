import test from 'ava';
import {
  MAX_OTRS_MESSAGE_LENGTH,
  operationErrorCode,
  sanitiseOtrsMessage,
} from '../../../infrastructure/otrs/index.ts';

test('a refused login is AUTH_FAILED, a refused session SESSION_EXPIRED', (t) => {
  t.is(operationErrorCode('SessionCreate', 'SessionCreate.AuthFail'), 'OTRS.AUTH_FAILED');
  t.is(operationErrorCode('TicketGet', 'TicketGet.AuthFail'), 'OTRS.SESSION_EXPIRED');
  t.is(operationErrorCode('TicketUpdate', 'TicketUpdate.AuthFail'), 'OTRS.SESSION_EXPIRED');
  t.is(operationErrorCode('TicketSearch', 'TicketSearch.AuthFail'), 'OTRS.SESSION_EXPIRED');
});

test('a ticket OTRS will not show is TICKET_NOT_FOUND', (t) => {
  t.is(operationErrorCode('TicketGet', 'TicketGet.AccessDenied'), 'OTRS.TICKET_NOT_FOUND');
  t.is(operationErrorCode('TicketGet', 'TicketGet.NotValidTicketID'), 'OTRS.TICKET_NOT_FOUND');
  t.is(operationErrorCode('TicketUpdate', 'TicketUpdate.AccessDenied'), 'OTRS.TICKET_NOT_FOUND');
  t.is(operationErrorCode('TicketHistoryGet', 'TicketHistoryGet.AccessDenied'), 'OTRS.TICKET_NOT_FOUND');
});

test('any other operation error is REFUSED', (t) => {
  t.is(operationErrorCode('TicketUpdate', 'TicketUpdate.InvalidParameter'), 'OTRS.REFUSED');
  t.is(operationErrorCode('TicketSearch', 'TicketSearch.AccessDenied'), 'OTRS.REFUSED');
  t.is(operationErrorCode('TicketGet', 'Webservice.InvalidConfiguration'), 'OTRS.REFUSED');
  t.is(operationErrorCode('TicketGet', 'garbage'), 'OTRS.REFUSED');
});

test('sanitising blanks control characters, collapses whitespace and cuts out credentials', (t) => {
  t.is(
    sanitiseOtrsMessage('Bad\u0000 state\n\t"x"\u001b[31m for session abcdef123456', ['abcdef123456']),
    'Bad state "x" [31m for session [redacted]',
  );
  t.is(sanitiseOtrsMessage({ not: 'text' }), '');
  t.is(sanitiseOtrsMessage(undefined), '');
});

test('sanitising bounds the message', (t) => {
  const long = sanitiseOtrsMessage('я'.repeat(5000));
  t.is([...long].length, MAX_OTRS_MESSAGE_LENGTH);
  t.true(long.endsWith('…'));
});
