import { formatTimestamp } from '../../object-record/utils/format';
import { relativeTime } from '../utils/timeline';

export type RelativeTimeProps = { instant: string };

/** "3 days ago", with the exact date and time on hover. */
export const RelativeTime = ({ instant }: RelativeTimeProps) => (
  <time className="relative-time" dateTime={instant} title={formatTimestamp(instant)}>
    {relativeTime(instant)}
  </time>
);
