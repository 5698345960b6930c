import { useEffect, useRef } from 'react';
import type { UiBundle, UiEntity, UiField } from '@loom/metadata';
import { isLinesField } from '../fields/field-traits.ts';
import { useUiBundle } from '../app/bundle-context.ts';
import type { FormText } from './form-text.ts';
import { Icon } from '../ui/Icon.tsx';
import type { PlacedError } from './problem-errors.ts';

/** "Line items › Row 2 › Quantity" for a path in the form data. */
export function pathLabel(bundle: UiBundle, entity: UiEntity, path: readonly (string | number)[], t: FormText): string {
  if (!path.length) return t('record');
  const parts: string[] = [];
  let current: UiEntity | undefined = entity;
  for (const segment of path) {
    if (typeof segment === 'number') parts.push(`#${segment + 1}`);
    else {
      const field: UiField | undefined = current?.fields[segment];
      parts.push(field?.label ?? segment);
      current = isLinesField(field) && field?.entity ? bundle.entities[field.entity] : current;
    }
  }
  return parts.join(' › ');
}

/** Scrolls to a field (or a lines cell) and puts the cursor in it. */
export function focusPath(path: readonly (string | number)[]) {
  if (!path.length) return;
  const field = document.querySelector<HTMLElement>(`[data-field="${CSS.escape(String(path[0]))}"]`);
  if (!field) return;
  const cell = path.length > 2 ? field.querySelector<HTMLElement>(`[id$="-${path[1]}-${CSS.escape(String(path[2]))}"]`) : null;
  const target = cell ?? field.querySelector<HTMLElement>('input, textarea, select, button, [contenteditable="true"]');
  field.scrollIntoView({ block: 'center', behavior: 'smooth' });
  target?.focus({ preventScroll: true });
}

/** The readable list of what stops the save, at the top of the form; each item jumps to its field. */
export function ErrorSummary({ errors, entity, t }: { errors: readonly PlacedError[]; entity: UiEntity; t: FormText }) {
  const bundle = useUiBundle();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length) box.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [errors]);
  if (!errors.length) return null;
  return (
    <div ref={box} className="lf-summary" role="alert" tabIndex={-1}>
      <div className="lf-summary-head">
        <Icon name="triangle-alert" size={18} />
        <strong>{errors.length === 1 ? t('summaryTitleOne') : t('summaryTitle', { count: errors.length })}</strong>
      </div>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            {e.path.length ? (
              <button type="button" className="lf-summary-link" onClick={() => focusPath(e.path)}>
                {pathLabel(bundle, entity, e.path, t)}
              </button>
            ) : (
              <span className="lf-summary-record">{pathLabel(bundle, entity, e.path, t)}</span>
            )}
            <span>
              {t('colon')}
              {e.message}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
