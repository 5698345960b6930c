import type { UiFieldType } from './field-type.ts';

export const dateTypes: Readonly<Record<string, UiFieldType>> = {
  date: {
    text: (_f, value, ctx) => ctx.format.date(String(value)),
    widget: 'date',
    filter: () => ({ kind: 'range', input: 'date', bound: (raw) => raw }),
    width: 124,
    bulk: 'date',
  },
  datetime: {
    text: (_f, value, ctx) => ctx.format.dateTime(String(value)),
    cell: (_f, value, ctx) => (
      <span className="truncate" title={ctx.format.dateTime(String(value))}>
        {ctx.format.relative(String(value))}
      </span>
    ),
    widget: 'datetime',
    // A bound picked as a day means that whole day (UTC): from its start, to its end.
    filter: () => ({ kind: 'range', input: 'date', bound: (raw, end) => (raw.length === 10 ? `${raw}T${end ? '23:59:59.999' : '00:00:00.000'}Z` : raw) }),
    width: 140,
  },
};
