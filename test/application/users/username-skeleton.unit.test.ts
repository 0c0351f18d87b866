import test from 'ava';
import { looksAlike, usernameSkeleton } from '../../../application/users/username-skeleton.ts';

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

test('an upper-case I looks like l: the skeleton as written catches what folding first misses', (t) => {
  t.not(usernameSkeleton('Ilya'), usernameSkeleton('llya'));
  for (const [a, b] of [
    ['Ilya', 'llya'],
    ['anna_I', 'anna_l'],
    ['Iris', 'lris'],
    ['admin', '\u0430dmin'],
  ] as const) {
    t.true(looksAlike(a, b), `${a} ~ ${b}`);
  }
  t.false(looksAlike('anna', 'anne'));
  t.false(looksAlike('ilya', 'llya'));
});
