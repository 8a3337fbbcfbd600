import { useState } from 'react';
import { BarChart3 } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import type { CurrencyRevenue } from '../../../bindings';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { useRevenue } from '../hooks/useCommerce';
import { formatAmount } from '../utils/documents';

const MONTHS = 12;

const monthName = (month: string): string => {
  const [y, m] = month.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, 1).toLocaleDateString(undefined, { month: 'short', year: '2-digit' });
};

/** For drawing only: bar heights need numbers; every figure shown is the core's text. */
const size = (amount: string): number => Math.max(0, Number(amount) || 0);

/**
 * Invoiced and received per month as pairs of columns, SVG scaled to its width with HTML
 * labels (as the pipelines dashboard draws: Recharts' number library writes to
 * `Object.prototype`, which the desktop shell freezes).
 */
const MonthsChart = ({ data }: { data: CurrencyRevenue }) => {
  const months = data.by_month;
  const top = Math.max(1, ...months.flatMap((m) => [size(m.invoiced), size(m.received)]));
  const slot = 24;
  const height = 100;
  return (
    <figure className="chart">
      <figcaption className="chart__title">Invoiced and received per month ({data.currency})</figcaption>
      <svg className="chart__columns" viewBox={`0 0 ${months.length * slot} ${height}`} preserveAspectRatio="none" role="img" aria-label="Invoiced and received per month">
        {months.map((m, i) => (
          <g key={m.month}>
            <rect x={i * slot + 3} width={8} y={height - (size(m.invoiced) / top) * height} height={(size(m.invoiced) / top) * height} className="chart__invoiced">
              <title>{`${monthName(m.month)}: invoiced ${formatAmount(m.invoiced, data.currency)}`}</title>
            </rect>
            <rect x={i * slot + 13} width={8} y={height - (size(m.received) / top) * height} height={(size(m.received) / top) * height} className="chart__received">
              <title>{`${monthName(m.month)}: received ${formatAmount(m.received, data.currency)}`}</title>
            </rect>
          </g>
        ))}
      </svg>
      <div className="chart__months" aria-hidden="true">
        {months.map((m) => (
          <span key={m.month}>{monthName(m.month)}</span>
        ))}
      </div>
      <div className="chart__legend">
        <span className="chart__key chart__invoiced" /> Invoiced
        <span className="chart__key chart__received" /> Received
      </div>
    </figure>
  );
};

/** What is overdue, by days past due, as horizontal bars. */
const AgingChart = ({ data }: { data: CurrencyRevenue }) => {
  const top = Math.max(1, ...data.aging.map((b) => size(b.amount)));
  return (
    <figure className="chart">
      <figcaption className="chart__title">Overdue by days past due</figcaption>
      <div role="img" aria-label="Overdue by days past due" className="chart__rows">
        {data.aging.map((bucket) => (
          <div key={bucket.label} className="chart__row" data-testid={`aging-${bucket.label}`}>
            <span className="chart__label">{bucket.label} days</span>
            <svg className="chart__bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
              <rect x={0} y={0} width={100} height={10} className="chart__track" />
              <rect x={0} y={0} width={(size(bucket.amount) / top) * 100} height={10} className="chart__overdue" rx={1} />
            </svg>
            <span className="chart__value">
              {formatAmount(bucket.amount, data.currency)} · {bucket.count}
            </span>
          </div>
        ))}
      </div>
    </figure>
  );
};

/** Received, outstanding and overdue (by age), and invoiced and received per month, per currency, from the core's SQL sums. */
export const RevenueDashboard = () => {
  const revenue = useRevenue(MONTHS);
  const [chosen, setChosen] = useState<string | null>(null);
  if (revenue.error) {
    return (
      <div className="form-error" role="alert">
        {toErrorPayload(revenue.error).message}
      </div>
    );
  }
  if (!revenue.data) return <Spinner />;
  const currencies = revenue.data.currencies;
  const data = currencies.find((c) => c.currency === chosen) ?? currencies[0];
  if (!data) {
    return <EmptyState icon={<BarChart3 size={20} />} title="No revenue yet" description="Finalised invoices and their payments are summed here." />;
  }
  const kpis = [
    { label: `Received, last ${MONTHS} months`, value: formatAmount(data.received, data.currency), testId: 'revenue-received' },
    { label: `Outstanding (${data.open_count} open)`, value: formatAmount(data.outstanding, data.currency), testId: 'revenue-outstanding' },
    { label: `Overdue (${data.overdue_count})`, value: formatAmount(data.overdue, data.currency), testId: 'revenue-overdue', warn: data.overdue_count > 0 },
  ];
  return (
    <div className="commerce-dashboard" aria-label="Revenue dashboard">
      {currencies.length > 1 ? (
        <label className="commerce-dashboard__currency">
          Currency{' '}
          <select className="input" value={data.currency} onChange={(e) => setChosen(e.target.value)}>
            {currencies.map((c) => (
              <option key={c.currency}>{c.currency}</option>
            ))}
          </select>
        </label>
      ) : null}
      <div className="commerce-kpis">
        {kpis.map((kpi) => (
          <div key={kpi.testId} className="kpi">
            <span className="kpi__label">{kpi.label}</span>
            <span className={`kpi__value${kpi.warn ? ' kpi__value--warn' : ''}`} data-testid={kpi.testId}>
              {kpi.value}
            </span>
          </div>
        ))}
      </div>
      <div className="charts">
        <MonthsChart data={data} />
        <AgingChart data={data} />
      </div>
      <p className="commerce-muted">As of {revenue.data.today}. Received is payments less refunds; outstanding is what finalised invoices still wait for.</p>
    </div>
  );
};
