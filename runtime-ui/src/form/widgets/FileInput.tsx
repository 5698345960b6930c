import { useRef, useState } from 'react';
import type { WidgetProps } from '../form-context.ts';
import { Icon } from '../../ui/Icon.tsx';
import { fileUrl, sizeText, useFileInfo, useUploadFile } from './file-info.ts';

/** File and image fields: upload through /api/files, then show a preview (images) or the file's name. */
export function FileInput(props: WidgetProps<string> & { imageOnly?: boolean }) {
  const { id, field, value, onChange, readOnly, ctx, owner, invalid, imageOnly = false } = props;
  const input = useRef<HTMLInputElement>(null);
  const upload = useUploadFile();
  const busy = upload.isPending;
  const [error, setError] = useState<string>();
  const info = useFileInfo(value);
  const image = imageOnly || info?.mime.startsWith('image/');
  const accept = field.accept?.join(',') ?? (imageOnly ? 'image/*' : undefined);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setError(undefined);
    try {
      const stored = await upload.mutateAsync({ entity: owner.name, field: field.name, file });
      onChange(stored.id);
    } catch (e) {
      setError((e as { messages?: string[] }).messages?.join(' ') ?? String(e));
    } finally {
      if (input.current) input.current.value = '';
    }
  };

  return (
    <div className={`lf-file${invalid || error ? ' is-invalid' : ''}`}>
      {value && image && (
        <a className="lf-file-preview" href={fileUrl(value)} target="_blank" rel="noreferrer">
          <img src={fileUrl(value)} alt={info?.name ?? field.label} />
        </a>
      )}
      {value && !image && (
        <a className="lf-file-name" href={fileUrl(value)} target="_blank" rel="noreferrer">
          <Icon name="file" size={16} />
          <span>{info?.name ?? ctx.t('dropHint')}</span>
          {info?.size ? <small>{sizeText(info.size)}</small> : null}
        </a>
      )}
      {!readOnly && (
        <div className="lf-file-actions">
          <input ref={input} id={id} type="file" accept={accept} className="lf-visually-hidden" onChange={(e) => choose(e.target.files?.[0])} />
          <button type="button" className="btn btn-sm" disabled={busy} onClick={() => input.current?.click()}>
            <Icon name="upload" size={14} />
            {busy ? ctx.t('uploading') : value ? ctx.t('replace') : ctx.t('upload')}
          </button>
          {value && (
            <button type="button" className="btn-link" onClick={() => onChange(undefined)}>
              {ctx.t('remove')}
            </button>
          )}
          {value && image && info && <span className="lf-file-meta">{info.name}</span>}
        </div>
      )}
      {error && <p className="lf-field-error">{error}</p>}
    </div>
  );
}
