import pg from 'pg';

/**
 * Record datetime columns are selected as text (`::text`) and turned into the API's ISO
 * string here, without building a Date: parsing 'YYYY-MM-DD HH:MM:SS.ffffff+00' into a Date
 * and printing it again cost more than the rest of reading a row. Sessions always run in
 * UTC, so the text ends in `+00`; the output is byte-identical to `Date#toISOString()` of
 * the value the driver would have returned (milliseconds truncated, like the Date). Anything
 * else (BC, five-digit years, infinity) takes the driver's own parser.
 */
const UTC_TEXT = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;
const parseTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => unknown;

export function instantFromText(text: string): unknown {
  const m = UTC_TEXT.exec(text);
  if (!m) {
    const value = parseTimestamptz(text);
    return value instanceof Date ? value.toISOString() : value;
  }
  const ms = m[3] === undefined ? '000' : m[3].length >= 3 ? m[3].slice(0, 3) : m[3].padEnd(3, '0');
  return `${m[1]}T${m[2]}.${ms}Z`;
}
