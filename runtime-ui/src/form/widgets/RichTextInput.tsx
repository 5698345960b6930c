import { useEffect, useRef } from 'react';
import type { WidgetProps } from '../form-context.ts';
import { Icon, type IconName } from '../../ui/Icon.tsx';

const TOOLS: readonly { command: string; icon: IconName; label: 'bold' | 'italic' | 'bulletList' | 'numberedList' | 'link' }[] = [
  { command: 'bold', icon: 'bold', label: 'bold' },
  { command: 'italic', icon: 'italic', label: 'italic' },
  { command: 'insertUnorderedList', icon: 'list', label: 'bulletList' },
  { command: 'insertOrderedList', icon: 'list-ordered', label: 'numberedList' },
  { command: 'createLink', icon: 'link', label: 'link' },
];

/** A small formatted-text editor (contentEditable + toolbar); the server sanitises the HTML it stores. */
export function RichTextInput(props: WidgetProps<string>) {
  const { id, field, value, onChange, readOnly, ctx, invalid } = props;
  const editor = useRef<HTMLDivElement>(null);
  const lastHtml = useRef<string | undefined>(undefined);

  // Only write the DOM when the value changed from outside (a reload), never while typing.
  useEffect(() => {
    if (!editor.current || value === lastHtml.current) return;
    editor.current.innerHTML = value ?? '';
    lastHtml.current = value;
  }, [value]);

  const emit = () => {
    const html = editor.current?.innerHTML ?? '';
    const empty = !editor.current?.textContent?.trim() && !html.includes('<img');
    lastHtml.current = empty ? undefined : html;
    onChange(lastHtml.current);
  };
  const run = (command: string) => {
    editor.current?.focus();
    if (command === 'createLink') {
      const url = window.prompt(ctx.t('linkPrompt'), 'https://');
      if (!url || !/^(https?:|mailto:)/i.test(url)) return;
      document.execCommand(command, false, url);
    } else document.execCommand(command);
    emit();
  };

  return (
    <div className={`lf-rich${invalid ? ' is-invalid' : ''}${readOnly ? ' is-readonly' : ''}`}>
      {!readOnly && (
        <div className="lf-rich-toolbar" role="toolbar" aria-label={field.label}>
          {TOOLS.map((tool) => (
            <button
              key={tool.command}
              type="button"
              title={ctx.t(tool.label)}
              aria-label={ctx.t(tool.label)}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => run(tool.command)}
            >
              <Icon name={tool.icon} size={15} />
            </button>
          ))}
        </div>
      )}
      <div
        id={id}
        ref={editor}
        className="lf-rich-body"
        role="textbox"
        aria-multiline="true"
        aria-label={field.label}
        contentEditable={!readOnly}
        suppressContentEditableWarning
        onInput={emit}
        onBlur={emit}
      />
    </div>
  );
}
