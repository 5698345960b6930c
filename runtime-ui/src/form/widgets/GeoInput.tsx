import { useState } from 'react';
import type { WidgetProps } from '../form-context.ts';
import { Icon } from '../../ui/Icon.tsx';

export interface Geo {
  readonly lat?: number | string;
  readonly lng?: number | string;
  readonly address?: string;
}

export const mapLink = (lat: unknown, lng: unknown) => `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=16/${lat}/${lng}`;

/** Latitude, longitude and address, with "use my position" from the browser's geolocation. */
export function GeoInput(props: WidgetProps<Geo>) {
  const { id, value, onChange, readOnly, ctx, invalid } = props;
  const [locating, setLocating] = useState(false);
  const [note, setNote] = useState<string>();
  const set = (patch: Partial<Geo>) => {
    const next = { ...value, ...patch };
    const empty = (v: unknown) => v === undefined || v === '';
    onChange(empty(next.lat) && empty(next.lng) && empty(next.address) ? undefined : next);
  };
  const coordinate = (text: string) => (text.trim() === '' ? undefined : Number.isFinite(Number(text)) ? Number(text) : text);
  const locate = () => {
    if (!navigator.geolocation) return setNote(ctx.t('noGeolocation'));
    setLocating(true);
    setNote(undefined);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        set({ lat: Math.round(pos.coords.latitude * 1e6) / 1e6, lng: Math.round(pos.coords.longitude * 1e6) / 1e6 });
      },
      (error) => {
        setLocating(false);
        setNote(error.message || ctx.t('noGeolocation'));
      },
      { enableHighAccuracy: true, timeout: 15000 },
    );
  };
  const hasPoint = value?.lat !== undefined && value?.lat !== '' && value?.lng !== undefined && value?.lng !== '';
  return (
    <div className={`lf-geo${invalid ? ' is-invalid' : ''}`}>
      <input
        id={id}
        className="lf-input lf-geo-address"
        placeholder={ctx.t('address')}
        aria-label={ctx.t('address')}
        readOnly={readOnly}
        value={value?.address ?? ''}
        onChange={(e) => set({ address: e.target.value || undefined })}
      />
      <div className="lf-geo-row">
        <input
          className="lf-input"
          inputMode="decimal"
          placeholder={ctx.t('latitude')}
          aria-label={ctx.t('latitude')}
          readOnly={readOnly}
          value={value?.lat ?? ''}
          onChange={(e) => set({ lat: coordinate(e.target.value) })}
        />
        <input
          className="lf-input"
          inputMode="decimal"
          placeholder={ctx.t('longitude')}
          aria-label={ctx.t('longitude')}
          readOnly={readOnly}
          value={value?.lng ?? ''}
          onChange={(e) => set({ lng: coordinate(e.target.value) })}
        />
        {!readOnly && (
          <button type="button" className="btn btn-sm" onClick={locate} disabled={locating}>
            <Icon name="crosshair" size={14} />
            {locating ? ctx.t('locating') : ctx.t('myPosition')}
          </button>
        )}
        {hasPoint && (
          <a className="btn-link" href={mapLink(value?.lat, value?.lng)} target="_blank" rel="noreferrer">
            <Icon name="map-pin" size={14} /> {ctx.t('openMap')}
          </a>
        )}
      </div>
      {note && <p className="lf-field-note">{note}</p>}
    </div>
  );
}
