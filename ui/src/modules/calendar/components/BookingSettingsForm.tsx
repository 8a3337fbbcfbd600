import { useEffect, useMemo, useState, type FormEvent } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { BookingSettings } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Spinner } from '../../../ui/Spinner';
import { useToast } from '../../../ui/Toasts';
import { errorField, errorReason } from '../../object-record/utils/errorField';
import { FormField } from './FormField';

export type BookingSettingsFormProps = {
  /** The signed-in user: their page's settings are edited. */
  userId: string;
};

type SettingsForm = {
  booking_page_title: string;
  booking_page_subtitle: string;
  logo_url: string;
  primary_color: string;
  background_color: string;
  text_color: string;
  timezone: string;
  custom_css: string;
};

const FIELDS: ReadonlyArray<keyof SettingsForm> = [
  'booking_page_title',
  'booking_page_subtitle',
  'logo_url',
  'primary_color',
  'background_color',
  'text_color',
  'timezone',
  'custom_css',
];

const toForm = (row: BookingSettings | null, zone: string): SettingsForm => ({
  booking_page_title: row?.booking_page_title ?? 'Book a meeting',
  booking_page_subtitle: row?.booking_page_subtitle ?? '',
  logo_url: row?.logo_url ?? '',
  primary_color: row?.primary_color ?? '#2563eb',
  background_color: row?.background_color ?? '#f8fafc',
  text_color: row?.text_color ?? '#0f172a',
  timezone: row?.timezone ?? zone,
  custom_css: row?.custom_css ?? '',
});

/** Every IANA zone the web view knows, or the viewer's alone on an old engine. */
const zones = (current: string): string[] => {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes(current) ? all : [current, ...all];
};

/** The look of the public booking page and the zone its weekly hours are in. */
export const BookingSettingsForm = ({ userId }: BookingSettingsFormProps) => {
  const backend = useBackend();
  const toast = useToast();
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [row, setRow] = useState<BookingSettings | null | undefined>(undefined);
  const [form, setForm] = useState<SettingsForm>(() => toForm(null, viewerZone));
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let cancelled = false;
    backend
      .invoke('records_list', {
        table: 'booking_settings',
        query: { filters: [{ field: 'user_id', op: 'eq', value: userId }], sort: { field: 'created_at', desc: false }, limit: 1, deleted: 'exclude' },
      })
      .then(
        (page) => {
          if (cancelled) return;
          const found = (page.items[0] as BookingSettings | undefined) ?? null;
          setRow(found);
          setForm(toForm(found, viewerZone));
        },
        (reason: unknown) => {
          if (cancelled) return;
          setRow(null);
          setError({ field: null, message: toErrorPayload(reason).message });
        },
      );
    return () => {
      cancelled = true;
    };
  }, [backend, userId, viewerZone]);

  const zoneOptions = useMemo(() => zones(form.timezone), [form.timezone]);

  if (row === undefined) return <Spinner />;

  const set = (key: keyof SettingsForm, value: string) => setForm((current) => ({ ...current, [key]: value }));

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.booking_page_title.trim()) {
      setError({ field: 'booking_page_title', message: 'booking_page_title: is required' });
      return;
    }
    setSaving(true);
    setError(null);
    const fields = {
      booking_page_title: form.booking_page_title.trim(),
      booking_page_subtitle: form.booking_page_subtitle.trim() || null,
      logo_url: form.logo_url.trim() || null,
      primary_color: form.primary_color.trim(),
      background_color: form.background_color.trim(),
      text_color: form.text_color.trim(),
      timezone: form.timezone,
      custom_css: form.custom_css.trim() || null,
    };
    try {
      const saved = (
        row
          ? await backend.invoke('records_update', { table: 'booking_settings', id: row.id, patch: fields })
          : await backend.invoke('records_create', { table: 'booking_settings', data: fields })
      ) as BookingSettings;
      setRow(saved);
      toast.showSuccess('Booking page saved');
    } catch (reason) {
      const message = toErrorPayload(reason).message;
      setError({ field: errorField(message, FIELDS), message });
    } finally {
      setSaving(false);
    }
  };

  const fieldError = (field: keyof SettingsForm) => (error?.field === field ? errorReason(error.message, field) : undefined);
  const input = (field: keyof SettingsForm, label: string, type = 'text', hint?: string) => (
    <FormField id={`settings-${field}`} label={label} error={fieldError(field)} hint={hint}>
      <input
        id={`settings-${field}`}
        name={field}
        type={type}
        className="input"
        value={form[field]}
        aria-invalid={fieldError(field) ? true : undefined}
        onChange={(event) => set(field, event.target.value)}
      />
    </FormField>
  );
  const colour = (field: keyof SettingsForm, label: string) => (
    <FormField id={`settings-${field}`} label={label} error={fieldError(field)}>
      <span className="colour-input">
        <input type="color" className="colour-input__swatch" aria-label={`${label} swatch`} value={/^#[0-9a-f]{6}$/i.test(form[field]) ? form[field] : '#000000'} onChange={(event) => set(field, event.target.value)} />
        <input
          id={`settings-${field}`}
          name={field}
          className="input mono"
          value={form[field]}
          aria-invalid={fieldError(field) ? true : undefined}
          onChange={(event) => set(field, event.target.value)}
        />
      </span>
    </FormField>
  );

  return (
    <form className="booking-editor booking-editor__form" noValidate onSubmit={handleSubmit} aria-label="Booking page settings">
      <div className="booking-editor__title">
        <h2>Booking page</h2>
        <div className="booking-editor__title-actions">
          <Button type="submit" variant="primary" disabled={saving}>
            {row ? 'Save' : 'Create booking page'}
          </Button>
        </div>
      </div>
      {error && error.field === null ? (
        <div className="form-error" role="alert">
          {error.message}
        </div>
      ) : null}
      <section className="editor-section">
        <div className="form-grid">
          {input('booking_page_title', 'Page title')}
          {input('booking_page_subtitle', 'Subtitle')}
          {input('logo_url', 'Logo URL', 'url', 'An https:// address: the booking page shows images from that site alone, and only over https.')}
          <FormField id="settings-timezone" label="Time zone of your hours" error={fieldError('timezone')}>
            <select id="settings-timezone" name="timezone" className="input" value={form.timezone} onChange={(event) => set('timezone', event.target.value)}>
              {zoneOptions.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          </FormField>
          {colour('primary_color', 'Accent colour')}
          {colour('background_color', 'Background')}
          {colour('text_color', 'Text colour')}
          <FormField id="settings-custom_css" label="Custom CSS" error={fieldError('custom_css')} className="form-grid__wide" hint="Applied after the page's own style; links to other sites are removed.">
            <textarea id="settings-custom_css" name="custom_css" className="input textarea mono" rows={4} value={form.custom_css} onChange={(event) => set('custom_css', event.target.value)} />
          </FormField>
        </div>
      </section>
    </form>
  );
};
