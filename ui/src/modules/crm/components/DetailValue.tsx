import { ExternalLink } from 'lucide-react';

import type { Column } from '../../../bindings';
import { ValueView } from '../../object-record/components/ValueView';
import { addressLines } from '../../object-record/utils/address';
import { isHttpUrl } from '../utils/customFields';

export type DetailValueProps = {
  column: Column;
  value: unknown;
};

/** A field's value on a detail panel: emails, phones and web addresses as links, addresses as lines. */
export const DetailValue = ({ column, value }: DetailValueProps) => {
  const text = typeof value === 'string' ? value.trim() : '';
  if (column.name === 'address') {
    const lines = addressLines(value);
    if (lines.length === 0) return <span className="muted">—</span>;
    return (
      <address className="address-lines">
        {lines.map((line) => (
          <span key={line}>{line}</span>
        ))}
      </address>
    );
  }
  if (text && (column.name === 'email' || column.name.endsWith('_email'))) {
    return <a href={`mailto:${text}`}>{text}</a>;
  }
  if (text && (column.name === 'phone' || column.name.endsWith('_phone'))) {
    return <a href={`tel:${text.replace(/[^\d+]/g, '')}`}>{text}</a>;
  }
  if (text && (column.name === 'website' || column.name.endsWith('_url')) && isHttpUrl(text)) {
    return <ExternalAnchor href={text} />;
  }
  if (text && column.name === 'domain') {
    return <span>{text}</span>;
  }
  return <ValueView column={column} value={value} />;
};

export type ExternalAnchorProps = { href: string; label?: string };

/** A web address that opens outside the app. */
export const ExternalAnchor = ({ href, label }: ExternalAnchorProps) => (
  <a href={href} target="_blank" rel="noreferrer noopener" className="external-link">
    <span>{label ?? href.replace(/^https?:\/\//i, '').replace(/\/$/, '')}</span>
    <ExternalLink size={12} aria-hidden="true" />
  </a>
);
