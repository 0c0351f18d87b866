import test from 'ava';
import { usernameSkeleton } from '../../../application/users/username-skeleton.ts';

test('names that look alike have one skeleton', (t) => {
  const groups = [
    ['admin', '\u0430dmin', 'ADMIN', 'AdMiN'],
    ['ace', '\u0430\u0441\u0435', '\u0410\u0421\u0415'],
    ['anna_1', 'anna_l'],
    ['bob', 'b0b', 'B0B'],
    ['fiona', '\uFB01ona'],
    ['root', 'r\u03BFot'],
  ];
  for (const [first = '', ...others] of groups) {
    for (const other of others) t.is(usernameSkeleton(other), usernameSkeleton(first), `${first} ~ ${other}`);
  }
});

test('names that differ to the eye keep distinct skeletons', (t) => {
  const pairs = [
    ['anna', 'anne'],
    ['jose', 'josé'],
    ['ivan', 'иван'],
    ['admin', 'admins'],
  ];
  for (const [a = '', b = ''] of pairs) t.not(usernameSkeleton(a), usernameSkeleton(b), `${a} / ${b}`);
});
