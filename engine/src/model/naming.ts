/**
 * Metadata names are camelCase without underscores, so inserting `_` before each
 * capital is a one-to-one mapping to snake_case SQL identifiers. Columns that a
 * field stores beside its main one use a `__` suffix, which no field name can produce.
 */
export function toSnake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function partColumn(base: string, part: string): string {
  return `${base}__${part}`;
}
