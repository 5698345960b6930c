import { useEffect, useRef } from 'react';
import { useUiBundle } from '../app/bundle-context.ts';
import { FormPage } from '../form/FormPage.tsx';

interface Props {
  readonly entity: string;
  readonly initial: Record<string, unknown>;
  onClose(): void;
  onSaved(id: string): void;
}

/** A new related record in a dialog over the record page; its lookup to this record is filled in. */
export function RelatedCreateDialog({ entity, initial, onClose, onSaved }: Props) {
  const bundle = useUiBundle();
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    dialog.current?.querySelector<HTMLElement>('input, button, [contenteditable="true"]')?.focus();
    document.body.classList.add('lr-modal-open');
    return () => {
      document.body.classList.remove('lr-modal-open');
      previous?.focus?.();
    };
  }, []);
  return (
    <div className="lr-modal-backdrop">
      <div ref={dialog} className="lr-modal" role="dialog" aria-modal="true" aria-label={bundle.entities[entity]?.label}>
        <FormPage entity={entity} initial={initial} embedded onCancel={onClose} onSaved={onSaved} />
      </div>
    </div>
  );
}
