import { sql, type SQL } from 'drizzle-orm';

/**
 * A PostgreSQL array parameter. Interpolating a JavaScript array in a `sql` template gives a list of
 * parameters (`$1, $2`), not an array: these build `array[$1, $2]::<type>[]` (and an empty array) instead.
 */
function arrayOf(values: readonly (string | number)[], type: 'text' | 'integer'): SQL {
  if (values.length === 0) return sql.raw(`'{}'::${type}[]`);
  return sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::${sql.raw(type)}[]`;
}

export const textArray = (values: readonly string[]) => arrayOf(values, 'text');
export const integerArray = (values: readonly number[]) => arrayOf(values, 'integer');
