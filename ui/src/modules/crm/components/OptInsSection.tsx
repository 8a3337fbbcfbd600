import { useState } from 'react';

import { columnLabel } from '../../object-record/utils/labels';
import { DetailSection } from './DetailSection';

type Row = Record<string, unknown>;

export const OPT_IN_FIELDS = ['opt_in_email', 'opt_in_sms', 'opt_in_calls', 'opt_in_automations'] as const;

export type OptInsSectionProps = {
  row: Row;
  readOnly: boolean;
  /** Saves one switch; resolves whether it was saved. */
  onSave: (patch: Record<string, unknown>) => Promise<boolean>;
};

/** What the contact agreed to receive, as switches that save at once. */
export const OptInsSection = ({ row, readOnly, onSave }: OptInsSectionProps) => {
  const [busy, setBusy] = useState<string | null>(null);
  const handleToggle = async (field: string, next: boolean) => {
    setBusy(field);
    await onSave({ [field]: next });
    setBusy(null);
  };
  return (
    <DetailSection title="Communication">
      <ul className="switch-list">
        {OPT_IN_FIELDS.map((field) => {
          const checked = row[field] === true;
          return (
            <li key={field}>
              <label className="switch">
                <input
                  type="checkbox"
                  role="switch"
                  className="switch__input"
                  name={field}
                  checked={checked}
                  aria-checked={checked}
                  disabled={readOnly || busy !== null}
                  onChange={(event) => void handleToggle(field, event.target.checked)}
                />
                <span className="switch__track" aria-hidden="true" />
                <span className="switch__label">{columnLabel(field)}</span>
              </label>
            </li>
          );
        })}
      </ul>
    </DetailSection>
  );
};
