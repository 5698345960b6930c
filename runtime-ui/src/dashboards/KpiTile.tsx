import type { MouseEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { formatMeasure } from '../reports/report-format.ts';
import type { WidgetAnswer } from '../reports/reports-api.ts';

type Kpi = NonNullable<WidgetAnswer['kpi']>;

/** A number and how it moved against the previous period (up green, down red; no arrow when there is nothing to compare). */
export function KpiTile({ title, kpi, href, onOpen }: { title: string; kpi: Kpi; href: string; onOpen(event: MouseEvent): void }) {
  const { t, format } = useI18n();
  const column = { type: kpi.format, currency: kpi.currency };
  const change = typeof kpi.change === 'number' && Number.isFinite(kpi.change) ? kpi.change : undefined;
  const direction = change === undefined || change === 0 ? 'flat' : change > 0 ? 'up' : 'down';
  return (
    <a className="kpi" href={href} onClick={onOpen}>
      <span className="kpi-title">{title}</span>
      <span className="kpi-value">{formatMeasure(format, column, kpi.value ?? (kpi.format === 'money' || kpi.format === 'integer' ? 0 : null))}</span>
      <span className={`kpi-change is-${direction}`}>
        {change !== undefined && (
          <>
            {direction !== 'flat' && <Icon name={direction === 'up' ? 'arrow-up' : 'arrow-down'} size={14} />}
            {format.percent(Math.abs(change) * 100, 1)}{' '}
          </>
        )}
        {kpi.previous !== undefined && (
          <span className="kpi-previous">{t('reports.previous', { value: formatMeasure(format, column, kpi.previous ?? 0) })}</span>
        )}
      </span>
    </a>
  );
}
