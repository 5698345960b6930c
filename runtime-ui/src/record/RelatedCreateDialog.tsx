import { lazy, Suspense, useEffect, useRef } from 'react';
import { useUiBundle } from '../app/bundle-context.ts';
import { useI18n } from '../i18n/i18n.tsx';

// The form's code (RJSF and its validator, most of the app's JavaScript) is fetched when a
// dialog first opens, not with every record page.
const FormPage = lazy(() => import('../form/FormPage.tsx').then((module) => ({ default: module.FormPage })));

interface Props {
  readonly entity: string;
  readonly initial: Record<string, unknown>;
  onClose(): void;
  onSaved(id: string): void;
}

/** A new related record in a dialog over the record page; its lookup to this record is filled in. */
export function RelatedCreateDialog({ entity, initial, onClose, onSaved }: Props) {
  const bundle = useUiBundle();
  const { t } = useI18n();
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    // The dialog takes focus at once, and hands it to the form's first input when the form has
    // loaded (its code and its record arrive after the dialog opens), unless the user moved it.
    const box = dialog.current;
    box?.focus();
    const firstInput = () => box?.querySelector<HTMLElement>('input, [contenteditable="true"]');
    const handOver = new MutationObserver(() => {
      const input = firstInput();
      if (!input) return;
      if (document.activeElement === box) input.focus();
      handOver.disconnect();
    });
    if (box) handOver.observe(box, { childList: true, subtree: true });
    document.body.classList.add('lr-modal-open');
    return () => {
      handOver.disconnect();
      document.body.classList.remove('lr-modal-open');
      previous?.focus?.();
    };
  }, []);
  return (
    <div className="lr-modal-backdrop">
      <div ref={dialog} className="lr-modal" role="dialog" aria-modal="true" aria-label={bundle.entities[entity]?.label} tabIndex={-1}>
        <Suspense fallback={<div className="boot">{t('shell.loading')}</div>}>
          <FormPage entity={entity} initial={initial} embedded onCancel={onClose} onSaved={onSaved} />
        </Suspense>
      </div>
    </div>
  );
}
