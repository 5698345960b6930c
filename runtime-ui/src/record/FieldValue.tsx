import type { UiBundle, UiField } from '@loom/metadata';
import { linkHandler, routePath } from '../app/router.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useFormText } from '../form/form-text.ts';
import { Icon } from '../form/icons.tsx';
import { OptionChip } from '../form/widgets/OptionChip.tsx';
import { fileUrl, useFileInfo } from '../form/widgets/file-info.ts';
import { mapLink } from '../form/widgets/GeoInput.tsx';
import { formatValue, isEmpty, refId, type Titles } from './format-value.ts';

interface Props {
  readonly field: UiField;
  readonly value: unknown;
  readonly bundle: UiBundle;
  readonly titles?: Titles;
}

export function initials(name: string): string {
  const parts = name.trim().split(/[\s@._-]+/).filter(Boolean);
  if (!parts.length) return '?';
  if (/[\u3400-\u9fff]/.test(name)) return name.trim().slice(-2);
  if (parts.length === 1) return [...parts[0]].slice(0, 2).join('').toUpperCase();
  return (parts[0][0] + parts[parts.length - 1][0]).toUpperCase();
}

export function Avatar({ name, size = 'sm' }: { name: string; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <span className={`avatar${size === 'md' ? '' : ` avatar-${size}`}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

function FileValue({ id, image }: { id: string; image: boolean }) {
  const info = useFileInfo(id);
  if (image || info?.mime.startsWith('image/')) {
    return (
      <a className="lf-file-preview is-small" href={fileUrl(id)} target="_blank" rel="noreferrer">
        <img src={fileUrl(id)} alt={info?.name ?? ''} />
      </a>
    );
  }
  return (
    <a className="lf-file-name" href={fileUrl(id)} target="_blank" rel="noreferrer">
      <Icon name="file" size={15} />
      <span>{info?.name ?? id.slice(-8)}</span>
    </a>
  );
}

/** A field value for reading: chips for options, links for records, e-mail, phone and files, formatted numbers and dates. */
export function FieldValue({ field, value, bundle, titles }: Props) {
  const { format } = useI18n();
  const t = useFormText();
  if (isEmpty(value)) return <span className="lf-empty">{t('empty')}</span>;
  const text = () => formatValue(field, value, { format, bundle, titles, yes: t('yes'), no: t('no') });
  switch (field.type) {
    case 'select':
      return <OptionChip option={field.options?.find((o) => o.value === value)} value={String(value)} />;
    case 'multiselect':
      return (
        <span className="lf-chips">
          {(value as string[]).map((v) => (
            <OptionChip key={v} option={field.options?.find((o) => o.value === v)} value={v} />
          ))}
        </span>
      );
    case 'lookup': {
      const id = refId(value);
      if (!id || !field.entity || !bundle.entities[field.entity]) return <span>{text()}</span>;
      const to = { name: 'record', entity: field.entity, id } as const;
      return (
        <a className="lf-ref" href={routePath(to)} onClick={linkHandler(to)}>
          {text()}
        </a>
      );
    }
    case 'user':
      return (
        <span className="lf-user">
          <Avatar name={text()} />
          {text()}
        </span>
      );
    case 'email':
      return <a href={`mailto:${value}`}>{String(value)}</a>;
    case 'phone':
      return <a href={`tel:${String(value).replace(/\s+/g, '')}`}>{String(value)}</a>;
    case 'url':
      return /^https?:\/\//i.test(String(value)) ? (
        <a href={String(value)} target="_blank" rel="noreferrer">
          {String(value).replace(/^https?:\/\//i, '')}
        </a>
      ) : (
        <span>{String(value)}</span>
      );
    case 'boolean':
      return <span className={`lf-bool${value ? ' is-true' : ''}`}>{text()}</span>;
    case 'file':
    case 'image':
      return <FileValue id={String(value)} image={field.type === 'image'} />;
    case 'richtext':
      return <div className="lf-richtext-view" dangerouslySetInnerHTML={{ __html: String(value) }} />;
    case 'longtext':
      return <span className="lf-longtext">{String(value)}</span>;
    case 'geo': {
      const geo = value as { lat: number; lng: number };
      return (
        <span className="lf-geo-view">
          {text()}{' '}
          <a href={mapLink(geo.lat, geo.lng)} target="_blank" rel="noreferrer" title={t('openMap')}>
            <Icon name="pin" size={14} />
          </a>
        </span>
      );
    }
    case 'money':
    case 'decimal':
    case 'integer':
    case 'number':
    case 'percent':
    case 'rollup':
      return <span className="lf-num">{text()}</span>;
    default:
      return <span>{text()}</span>;
  }
}
