import { useEffect, useRef } from 'react';
import type { UiBundle } from '@loom/metadata';
import { FormPage } from '../form/FormPage.tsx';

interface Props {
  readonly bundle: UiBundle;
  readonly entity: string;
  readonly initial: Record<string, unknown>;
  onClose(): void;
  onSaved(id: string): void;
}

/** A new related record in a dialog over the record page; its lookup to this record is filled in. */
export function RelatedCreateDialog({ bundle, entity, initial, onClose, onSaved }: Props) {
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
        <FormPage entity={entity} bundle={bundle} initial={initial} embedded onCancel={onClose} onSaved={onSaved} />
      </div>
    </div>
  );
}
