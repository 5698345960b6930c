import { Icon } from '../ui/Icon.tsx';
import { fileUrl, useFileInfo } from '../form/widgets/file-info.ts';
import { mapLink } from '../form/widgets/GeoInput.tsx';
import type { UiFieldType } from './field-type.ts';

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

type Geo = { lat?: number; lng?: number; address?: string };
const geoText = (value: unknown) => {
  const geo = value as Geo;
  return geo.address || `${geo.lat}, ${geo.lng}`;
};

/** A place without both coordinates is empty; coordinates go as numbers. */
function writeGeo(value: object): unknown {
  const { lat, lng, address } = value as { lat?: unknown; lng?: unknown; address?: unknown };
  if (lat === undefined || lat === null || lat === '' || lng === undefined || lng === null || lng === '') return null;
  return address ? { lat: Number(lat), lng: Number(lng), address } : { lat: Number(lat), lng: Number(lng) };
}

export const fileTypes: Readonly<Record<string, UiFieldType>> = {
  file: {
    text: (_f, value) => String(value),
    view: (_f, value) => <FileValue id={String(value)} image={false} />,
    widget: 'file',
    width: 160,
    notInLists: true,
  },
  image: { text: (_f, value) => String(value), view: (_f, value) => <FileValue id={String(value)} image />, widget: 'image', width: 160, notInLists: true },
  geo: {
    text: (_f, value) => geoText(value),
    view(_f, value, ctx) {
      const geo = value as Geo;
      return (
        <span className="lf-geo-view">
          {geoText(value)}{' '}
          <a href={mapLink(geo.lat ?? 0, geo.lng ?? 0)} target="_blank" rel="noreferrer" title={ctx.t('form.openMap')}>
            <Icon name="map-pin" size={14} />
          </a>
        </span>
      );
    },
    widget: 'geo',
    width: 160,
    write: writeGeo,
    notInLists: true,
    wide: true,
  },
};
