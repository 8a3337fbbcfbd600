import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import type { DayPoint } from '../utils/submissions';

export type SubmissionsChartProps = {
  points: ReadonlyArray<DayPoint>;
  accent: string;
};

const shortDay = (day: string): string => {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
};

/** Submissions per day as bars, page views as a line (when the server counts them). */
export const SubmissionsChart = ({ points, accent }: SubmissionsChartProps) => {
  const withViews = points.some((point) => point.views !== null);
  return (
    <div className="submissions-chart" role="img" aria-label="Submissions and page views per day">
      <ResponsiveContainer width="100%" height={180}>
        <ComposedChart data={[...points]} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="#eff0f2" vertical={false} />
          <XAxis dataKey="day" tickFormatter={shortDay} tick={{ fontSize: 11, fill: '#8a8d96' }} tickLine={false} axisLine={false} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: '#8a8d96' }} tickLine={false} axisLine={false} width={44} />
          <Tooltip labelFormatter={(day) => shortDay(String(day))} contentStyle={{ fontSize: 12, borderRadius: 6 }} />
          <Legend iconSize={8} wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="submissions" name="Submissions" fill={accent} radius={[3, 3, 0, 0]} maxBarSize={18} />
          {withViews ? <Line dataKey="views" name="Page views" stroke="#8a8d96" strokeWidth={1.5} dot={false} type="monotone" /> : null}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
};
