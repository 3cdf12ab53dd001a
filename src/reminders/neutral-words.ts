/**
 * Words no message may contain (PRODUCT.md "Neutral words"): a family member may read a text, and
 * carriers filter texts about sex. A message never names the program, the offense, the court or
 * an amount. The templates are tested against this list, the sender name is checked at start-up,
 * and every message is checked again as it is sent (a session's location is typed by staff).
 */
export const FORBIDDEN_WORDS: readonly string[] = [
  // the programs and who the money goes to
  'johnz',
  'john school',
  'john',
  'oar',
  'offenders',
  'offender',
  'accountability',
  're-education',
  'reeducation',
  'diversion',
  'veronica',
  'school',
  'program',
  'class',
  // the offense
  'prostitution',
  'prostitute',
  'patronizing',
  'patronize',
  'solicitation',
  'soliciting',
  'sex',
  'sexual',
  'trafficking',
  'offense',
  'offence',
  'misdemeanor',
  'felony',
  'crime',
  'criminal',
  'arrest',
  'police',
  'charge',
  'charged',
  'charges',
  // the court
  'court',
  'judge',
  'prosecutor',
  'prosecution',
  'probation',
  'case',
  'conviction',
  'sentence',
  // money
  'fee',
  'fees',
  'fine',
  'fines',
  'dollar',
  'dollars',
  'cents',
  'amount',
  'balance',
  'owe',
  'owed',
  'debt',
  'usd',
];

const PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}])(${FORBIDDEN_WORDS.map((w) => w.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}])|\\$`,
  'iu',
);

/** The first forbidden word (or money sign) in `text`, if any. */
export function forbiddenWordIn(text: string): string | undefined {
  return PATTERN.exec(text)?.[0];
}

/** "must not name …" when `text` holds a forbidden word; undefined when it is neutral. */
export function neutralWordingProblem(text: string): string | undefined {
  const word = forbiddenWordIn(text);
  return word === undefined
    ? undefined
    : `must not name "${word}": messages never say what the program is (README, Reminders)`;
}
