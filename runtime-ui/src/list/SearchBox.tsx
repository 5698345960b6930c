import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { useDebounced } from '../ui/hooks.ts';

/**
 * The list's search box. What is typed goes to the address a quarter second after the last
 * key (one history entry, replaced as the user types); Back or a link puts its text back.
 */
export function SearchBox({ value, placeholder, onChange }: { value: string; placeholder: string; onChange(text: string): void }) {
  const { t } = useI18n();
  const [text, setText] = useState(value);
  const settled = useDebounced(text.trim(), 250);
  useEffect(() => {
    if (settled !== value) onChange(settled);
    // Only a settled change of the text is written; `value` moving is handled below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled]);
  // The address changed under the box (Back, a link): show its text.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    if (text.trim() !== value) setText(value);
  }
  return (
    <label className="search-box">
      <Icon name="search" />
      <input type="search" value={text} placeholder={placeholder} aria-label={t('list.search')} onChange={(e) => setText(e.target.value)} />
    </label>
  );
}
