/** A string an attacker or a careless paste sends, as text (for JSON bodies) and URL-encoded (for URLs). */
export interface HostileString {
  readonly name: string;
  readonly text: string;
  /** How it travels in a URL; a lone surrogate has no UTF-8, so it goes as the bytes of one (CESU-8). */
  readonly encoded: string;
  /** A control character the edges must refuse (422), never store. */
  readonly control: boolean;
}

const hostile = (name: string, text: string, control = false, encoded = encodeURIComponent(text)) => ({
  name,
  text,
  encoded,
  control,
});

/** What the probe writes into every parameter of every operation. */
export const HOSTILE_STRINGS: readonly HostileString[] = [
  hostile('NUL', 'Иванов\u0000Иван', true),
  hostile('ESC', 'Иванов \u001b[2J\u001b]0;owned\u0007', true),
  hostile('SQL', "x'; drop table es.events; --"),
  hostile('path traversal', '../../../../etc/passwd'),
  hostile('%00 as text', '%00'),
  hostile('script', '<script>alert(1)</script>'),
  hostile('lone surrogate', 'a\ud800b', false, 'a%ED%A0%80b'),
  hostile('huge', 'щ'.repeat(100_000), false, encodeURIComponent('щ'.repeat(2_000))),
];
