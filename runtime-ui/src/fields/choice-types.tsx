import type { UiField } from '@loom/metadata';
import { chipColor, OptionChip } from '../form/widgets/OptionChip.tsx';
import type { UiFieldType } from './field-type.ts';
import { optionLabel, yesNo } from './value-parts.ts';

/** A list cell's chip: one line, its text cut with an ellipsis, the whole label as a tooltip. */
function CellChip({ field, value }: { field: UiField; value: string }) {
  const option = field.options?.find((o) => o.value === value);
  const label = option?.label ?? value;
  return (
    <span className={`chip chip-${chipColor(option?.color)}`} title={label}>
      <span className="chip-text">{label}</span>
    </span>
  );
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).map(String);

export const choiceTypes: Readonly<Record<string, UiFieldType>> = {
  select: {
    text: optionLabel,
    cell: (field, value) => <CellChip field={field} value={String(value)} />,
    view: (field, value) => <OptionChip option={field.options?.find((o) => o.value === value)} value={String(value)} />,
    widget: 'select',
    filter: () => ({ kind: 'oneOf' }),
    width: 124,
    bulk: 'select',
  },
  multiselect: {
    text: (field, value) =>
      list(value)
        .map((v) => optionLabel(field, v))
        .join(', '),
    cell: (field, value) => (
      <span className="chips">
        {list(value).map((v) => (
          <CellChip key={v} field={field} value={v} />
        ))}
      </span>
    ),
    view: (field, value) => (
      <span className="lf-chips">
        {list(value).map((v) => (
          <OptionChip key={v} option={field.options?.find((o) => o.value === v)} value={v} />
        ))}
      </span>
    ),
    widget: 'multiselect',
    filter: () => ({ kind: 'oneOf' }),
    width: 180,
    // No choice is stored as null, not as an empty list.
    write: (value) => (Array.isArray(value) && value.length === 0 ? null : value),
  },
  boolean: {
    text: (_f, value, ctx) => yesNo(value, ctx),
    cell: (_f, value, ctx) =>
      value ? (
        <span className="check-yes" aria-label={ctx.t('value.yes')}>
          ✓
        </span>
      ) : (
        <span className="check-no">{ctx.t('value.no')}</span>
      ),
    view: (_f, value, ctx) => <span className={`lf-bool${value ? ' is-true' : ''}`}>{yesNo(value, ctx)}</span>,
    widget: 'boolean',
    filter: () => ({ kind: 'flag' }),
    width: 88,
    bulk: 'flag',
  },
};
