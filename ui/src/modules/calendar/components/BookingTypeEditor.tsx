import { useState, type FormEvent, type MouseEvent, type ReactNode } from 'react';
import { Copy, Trash2 } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { BookingType } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { useToast } from '../../../ui/Toasts';
import { errorField, errorReason } from '../../object-record/utils/errorField';
import { ColourPicker } from '../../../ui/ColourPicker';
import { slugify } from '../../../ui/slug';
import { bookingFormToFields, bookingToForm, emptyBookingForm, type BookingForm, type FieldErrors } from '../utils/bookingForm';
import { DateExceptionsEditor } from './DateExceptionsEditor';
import { FormField } from './FormField';
import { QuestionsEditor } from './QuestionsEditor';
import { SlotPreview } from './SlotPreview';
import { WeeklyHoursEditor } from './WeeklyHoursEditor';

export type BookingTypeEditorProps = {
  /** The stored booking type, or null for a new one. */
  bookingType: BookingType | null;
  /** `https://server/book/{org}`, when a sync server serves the public pages. */
  publicBase: string | null;
  onSaved: (row: BookingType) => void;
  onDeleted: (row: BookingType) => void;
};

const FIELDS = Object.keys(emptyBookingForm());

type SectionProps = { title: string; description?: string; children: ReactNode };

const Section = ({ title, description, children }: SectionProps) => (
  <section className="editor-section" aria-label={title}>
    <header className="editor-section__header">
      <h3>{title}</h3>
      {description ? <p className="muted">{description}</p> : null}
    </header>
    {children}
  </section>
);

/** Everything about one booking type: details, limits, questions, hours and a slot preview. */
export const BookingTypeEditor = ({ bookingType, publicBase, onSaved, onDeleted }: BookingTypeEditorProps) => {
  const backend = useBackend();
  const toast = useToast();
  const [form, setForm] = useState<BookingForm>(() => (bookingType ? bookingToForm(bookingType) : emptyBookingForm()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // The slug stays in step with the name until someone types one.
  const [slugTouched, setSlugTouched] = useState(bookingType !== null);
  const [previewVersion, setPreviewVersion] = useState(0);

  const set = <K extends keyof BookingForm>(key: K, value: BookingForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    const checked = bookingFormToFields(form);
    if ('errors' in checked) {
      setErrors(checked.errors);
      setFormError('Some fields need a look.');
      return;
    }
    setSaving(true);
    setErrors({});
    setFormError(null);
    try {
      const row = (
        bookingType
          ? await backend.invoke('records_update', { table: 'booking_types', id: bookingType.id, patch: checked.fields })
          : await backend.invoke('records_create', { table: 'booking_types', data: checked.fields })
      ) as BookingType;
      toast.showSuccess(bookingType ? 'Booking type saved' : `“${row.name}” created`);
      setPreviewVersion((value) => value + 1);
      onSaved(row);
    } catch (reason) {
      const message = toErrorPayload(reason).message;
      const field = errorField(message, FIELDS);
      if (field) setErrors({ [field]: errorReason(message, field) });
      setFormError(field ? null : message);
    } finally {
      setSaving(false);
    }
  };

  const handleDelete = async () => {
    if (!bookingType) return;
    try {
      await backend.invoke('records_delete', { table: 'booking_types', id: bookingType.id });
      onDeleted(bookingType);
    } catch (reason) {
      toast.showError('Could not delete the booking type', toErrorPayload(reason).message);
    }
  };

  // The web view never navigates away: the system browser opens the public page.
  const handleOpenLink = (event: MouseEvent<HTMLAnchorElement>, url: string) => {
    event.preventDefault();
    backend.invoke('open_external', { url }).catch((reason: unknown) => toast.showError('Could not open the link', toErrorPayload(reason).message));
  };

  const text = (name: keyof BookingForm & string, label: string, options: { type?: string; hint?: ReactNode; placeholder?: string; className?: string } = {}) => (
    <FormField id={`booking-${name}`} label={label} error={errors[name]} hint={options.hint} className={options.className}>
      <input
        id={`booking-${name}`}
        name={name}
        className="input"
        type={options.type === 'number' ? 'text' : (options.type ?? 'text')}
        inputMode={options.type === 'number' ? 'numeric' : undefined}
        placeholder={options.placeholder}
        value={String(form[name])}
        aria-invalid={errors[name] ? true : undefined}
        onChange={(event) => set(name, event.target.value as never)}
      />
    </FormField>
  );

  const link = publicBase && bookingType ? `${publicBase}/${bookingType.slug}` : null;

  return (
    <div className="booking-editor">
      <form className="booking-editor__form" noValidate onSubmit={handleSubmit} aria-label="Booking type">
        <div className="booking-editor__title">
          <h2>{bookingType ? bookingType.name : 'New booking type'}</h2>
          <div className="booking-editor__title-actions">
            {bookingType ? (
              <Button variant="danger" icon={<Trash2 size={14} />} onClick={() => void handleDelete()}>
                Delete
              </Button>
            ) : null}
            <Button type="submit" variant="primary" disabled={saving}>
              {bookingType ? 'Save' : 'Create booking type'}
            </Button>
          </div>
        </div>
        {formError ? (
          <div className="form-error" role="alert">
            {formError}
          </div>
        ) : null}
        <Section title="Details">
          <div className="form-grid">
            <FormField id="booking-name" label="Name" error={errors.name}>
              <input
                id="booking-name"
                name="name"
                className="input"
                autoFocus={!bookingType}
                value={form.name}
                aria-invalid={errors.name ? true : undefined}
                onChange={(event) =>
                  setForm((current) => ({ ...current, name: event.target.value, slug: slugTouched ? current.slug : slugify(event.target.value) }))
                }
              />
            </FormField>
            <FormField
              id="booking-slug"
              label="Link name"
              error={errors.slug}
              hint={link ? null : 'The last part of the public booking link.'}
            >
              <input
                id="booking-slug"
                name="slug"
                className="input mono"
                value={form.slug}
                aria-invalid={errors.slug ? true : undefined}
                onChange={(event) => {
                  setSlugTouched(true);
                  set('slug', event.target.value);
                }}
              />
            </FormField>
            {link ? (
              <div className="public-link form-grid__wide">
                <span className="muted">Public page</span>
                <a className="mono public-link__url" href={link} onClick={(event) => handleOpenLink(event, link)}>
                  {link}
                </a>
                <Button
                  variant="ghost"
                  className="button--small"
                  icon={<Copy size={13} />}
                  onClick={() =>
                    void navigator.clipboard.writeText(link).then(
                      () => toast.showSuccess('Link copied'),
                      () => toast.showError('Could not copy the link', link),
                    )
                  }
                >
                  Copy
                </Button>
              </div>
            ) : null}
            <FormField id="booking-description" label="Description" error={errors.description} className="form-grid__wide">
              <textarea
                id="booking-description"
                name="description"
                className="input textarea"
                rows={3}
                value={form.description}
                aria-invalid={errors.description ? true : undefined}
                onChange={(event) => set('description', event.target.value)}
              />
            </FormField>
            {text('location', 'Location', { placeholder: 'Office, phone…' })}
            {text('meeting_url', 'Meeting link', { type: 'url', placeholder: 'https://meet.example.com/…' })}
            {text('price', 'Price', { placeholder: 'Free' })}
            <FormField id="booking-color" label="Colour" error={errors.color}>
              <ColourPicker value={form.color} onChange={(colour) => set('color', colour)} />
            </FormField>
            <label className="field field--checkbox form-grid__wide">
              <input type="checkbox" className="checkbox" name="is_active" checked={form.is_active} onChange={(event) => set('is_active', event.target.checked)} />
              <span className="field__label">Active: visitors can book it</span>
            </label>
          </div>
        </Section>
        <Section title="Scheduling" description="Minutes unless said otherwise.">
          <div className="form-grid form-grid--four">
            {text('duration_minutes', 'Duration', { type: 'number' })}
            {text('buffer_before_minutes', 'Buffer before', { type: 'number' })}
            {text('buffer_after_minutes', 'Buffer after', { type: 'number' })}
            {text('slot_interval_minutes', 'Slot every', { type: 'number', placeholder: 'Duration' })}
            {text('minimum_notice_minutes', 'Minimum notice', { type: 'number' })}
            {text('booking_window_days', 'Days ahead', { type: 'number' })}
            {text('daily_limit', 'Per day at most', { type: 'number', placeholder: 'No limit' })}
          </div>
        </Section>
        <Section title="Questions" description="Asked on the booking page; answers go into the event's description.">
          <QuestionsEditor questions={form.questions} errors={errors} onChange={(questions) => set('questions', questions)} />
        </Section>
      </form>
      {bookingType ? (
        <>
          <Section title="Weekly hours" description="In the time zone of your booking page settings.">
            <WeeklyHoursEditor bookingTypeId={bookingType.id} onSaved={() => setPreviewVersion((value) => value + 1)} />
          </Section>
          <Section title="Days off and extra hours" description="For all your booking types.">
            <DateExceptionsEditor onChanged={() => setPreviewVersion((value) => value + 1)} />
          </Section>
          <Section title="Free slots, next 7 days" description="What visitors see now, busy times and limits included.">
            <SlotPreview slug={bookingType.slug} version={previewVersion} />
          </Section>
        </>
      ) : (
        <p className="muted booking-editor__later">Weekly hours, days off and the slot preview come once the booking type is created.</p>
      )}
    </div>
  );
};
