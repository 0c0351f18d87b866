import test from 'ava';
import { DomainError } from '../../../domain/shared/index.ts';
import { checkUsernameScripts, isSingleScript } from '../../../domain/users/index.ts';

test('a name of one script passes, digits and . _ @ - belong to every script', (t) => {
  for (const name of ['admin', 'ivan.petrov', 'иван_петров', 'ΑΘΗΝΑ', 'anna-1', 'x@y.z', 'José', '42']) {
    t.true(isSingleScript(name), name);
  }
});

test('Latin with the CJK writing systems passes, as TR39 "Highly Restrictive" allows', (t) => {
  for (const name of ['山田太郎', 'やまだtaro', 'ヤマダ山田', '김철수', 'kim김'])
    t.true(isSingleScript(name), name);
});

test('a name mixing scripts is refused: Cyrillic а in аdmin, Greek ο in rοot', (t) => {
  for (const name of ['\u0430dmin', 'r\u03BFot', 'ivan-иван', 'aβ', 'ἀlpha', 'קa']) {
    t.false(isSingleScript(name), name);
    const error = t.throws(() => checkUsernameScripts(name), { instanceOf: DomainError });
    t.is(error?.code, 'USER.USERNAME_MIXED_SCRIPTS');
  }
});
