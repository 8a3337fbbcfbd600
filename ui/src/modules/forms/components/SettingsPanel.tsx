import { useState, type ReactNode } from 'react';
import { X } from 'lucide-react';

import type { ListQuery } from '../../../bindings';
import { ColourPicker } from '../../../ui/ColourPicker';
import { useRows } from '../../object-record/hooks/useRows';
import type { FormDraft, FormSettings } from '../types';
import { CONTACT_ACTIONS } from '../utils/definition';

export type SettingsErrors = Partial<Record<'name' | 'slug' | 'redirect_url' | 'thank_you_message' | 'settings' | 'description', string>>;

export type SettingsPanelProps = {
  draft: FormDraft;
  errors: SettingsErrors;
  /** `group` merges keystrokes into one undo step. */
  onChange: (update: (draft: FormDraft) => FormDraft, group?: string) => void;
};

const ALL: ListQuery = { filters: [], sort: { field: 'name', desc: false }, limit: 1000, deleted: 'exclude' };
const USERS: ListQuery = { filters: [], sort: { field: 'first_name', desc: false }, limit: 1000, deleted: 'exclude' };

type SectionProps = { title: string; description?: string; children: ReactNode };

const Section = ({ title, description, children }: SectionProps) => (
  <section className="settings-section" aria-label={title}>
    <header className="settings-section__header">
      <h3>{title}</h3>
      {description ? <p className="muted">{description}</p> : null}
    </header>
    <div className="settings-section__body">{children}</div>
  </section>
);

type FieldProps = { id: string; label: string; error?: string; hint?: ReactNode; wide?: boolean; children: ReactNode };

const Field = ({ id, label, error, hint, wide, children }: FieldProps) => (
  <div className={`field${error ? ' field--invalid' : ''}${wide ? ' form-grid__wide' : ''}`}>
    <label className="field__label" htmlFor={id}>
      {label}
    </label>
    {children}
    {error ? <p className="field__hint field__hint--error">{error}</p> : hint ? <p className="field__hint">{hint}</p> : null}
  </div>
);

/** `2026-05-01T17:00` (a datetime-local input) from an RFC 3339 instant, in local time. */
const toLocalInput = (instant: string | null): string => {
  if (!instant) return '';
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

const fromLocalInput = (value: string): string | null => {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

const wholeOrNull = (value: string): number | null => {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= 0 ? n : null;
};

/** Tag names as chips, typed in (existing tags suggested). */
const TagsInput = ({ tags, known, onChange }: { tags: string[]; known: string[]; onChange: (tags: string[]) => void }) => {
  const [text, setText] = useState('');
  const add = () => {
    const name = text.trim();
    if (name && !tags.some((tag) => tag.toLowerCase() === name.toLowerCase())) onChange([...tags, name]);
    setText('');
  };
  return (
    <div className="tags-input">
      {tags.map((tag) => (
        <span key={tag} className="chip tags-input__chip">
          {tag}
          <button type="button" className="tags-input__remove" aria-label={`Remove tag ${tag}`} onClick={() => onChange(tags.filter((other) => other !== tag))}>
            <X size={11} />
          </button>
        </span>
      ))}
      <input
        id="form-tags"
        className="tags-input__input"
        list="form-tags-known"
        placeholder={tags.length ? 'Add another…' : 'Type a tag and press Enter'}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onBlur={add}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === ',') {
            event.preventDefault();
            add();
          } else if (event.key === 'Backspace' && text === '' && tags.length > 0) {
            onChange(tags.slice(0, -1));
          }
        }}
      />
      <datalist id="form-tags-known">
        {known.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </div>
  );
};

/** The form's settings: details, what happens after a submission, contacts, notifications, limits, look. */
export const SettingsPanel = ({ draft, errors, onChange }: SettingsPanelProps) => {
  const users = useRows('users', USERS);
  const tags = useRows('tags', ALL);
  const settings = draft.settings;
  const set = <K extends keyof FormSettings>(key: K, value: FormSettings[K], group?: string) =>
    onChange((current) => ({ ...current, settings: { ...current.settings, [key]: value } }), group);
  const setDraft = <K extends keyof FormDraft>(key: K, value: FormDraft[K], group?: string) => onChange((current) => ({ ...current, [key]: value }), group);
  const userName = (user: { first_name: string; last_name: string; email: string }) => `${user.first_name} ${user.last_name}`.trim() || user.email;

  return (
    <div className="settings-panel">
      <Section title="Details">
        <div className="form-grid">
          <Field id="form-name" label="Name" error={errors.name}>
            <input id="form-name" className="input" value={draft.name} onChange={(event) => setDraft('name', event.target.value, 'name')} />
          </Field>
          <Field id="form-slug" label="Link name" error={errors.slug} hint="The last part of the public link.">
            <input id="form-slug" className="input mono" value={draft.slug} onChange={(event) => setDraft('slug', event.target.value, 'slug')} />
          </Field>
          <Field id="form-description" label="Description" error={errors.description} hint="Shown under the title on the page." wide>
            <textarea
              id="form-description"
              className="input textarea"
              rows={2}
              value={draft.description}
              onChange={(event) => setDraft('description', event.target.value, 'description')}
            />
          </Field>
        </div>
      </Section>

      <Section title="After someone submits">
        <div className="choice-cards" role="radiogroup" aria-label="After submitting">
          {(
            [
              ['message', 'Show a thank-you message'],
              ['redirect', 'Send them to a page'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className={`choice-card${draft.after_submit === value ? ' is-selected' : ''}`}>
              <input type="radio" name="after_submit" className="radio" checked={draft.after_submit === value} onChange={() => setDraft('after_submit', value)} />
              {label}
            </label>
          ))}
        </div>
        {draft.after_submit === 'message' ? (
          <Field id="form-thank-you" label="Thank-you message" error={errors.thank_you_message}>
            <textarea
              id="form-thank-you"
              className="input textarea"
              rows={2}
              placeholder="Thanks! We will be in touch soon."
              value={draft.thank_you_message}
              onChange={(event) => setDraft('thank_you_message', event.target.value, 'thank_you_message')}
            />
          </Field>
        ) : (
          <Field id="form-redirect" label="Redirect to" error={errors.redirect_url}>
            <input
              id="form-redirect"
              className="input"
              type="url"
              placeholder="https://example.com/thank-you"
              value={draft.redirect_url}
              onChange={(event) => setDraft('redirect_url', event.target.value, 'redirect_url')}
            />
          </Field>
        )}
      </Section>

      <Section title="Contacts" description="What a submission does to your contacts.">
        <div className="choice-cards choice-cards--stacked" role="radiogroup" aria-label="Contact action">
          {CONTACT_ACTIONS.map((action) => (
            <label key={action.value} className={`choice-card${settings.contact_action === action.value ? ' is-selected' : ''}`}>
              <input type="radio" name="contact_action" className="radio" checked={settings.contact_action === action.value} onChange={() => set('contact_action', action.value)} />
              <span>
                <span className="choice-card__title">{action.label}</span>
                <span className="choice-card__hint">{action.hint}</span>
              </span>
            </label>
          ))}
        </div>
        {settings.contact_action !== 'none' ? (
          <div className="form-grid">
            <label className="toggle-row form-grid__wide">
              <input type="checkbox" className="checkbox" checked={settings.overwrite} onChange={(event) => set('overwrite', event.target.checked)} />
              <span>Overwrite values the contact already has (otherwise only empty ones are filled)</span>
            </label>
            <Field id="form-tags" label="Add tags" wide>
              <TagsInput tags={settings.tags} known={tags.rows.map((tag) => tag.name)} onChange={(next) => set('tags', next)} />
            </Field>
            <Field id="form-owner" label="Owner of new contacts">
              <select id="form-owner" className="input" value={settings.owner_id ?? ''} onChange={(event) => set('owner_id', event.target.value || null)}>
                <option value="">The form’s owner</option>
                {users.rows.map((user) => (
                  <option key={user.id} value={user.id}>
                    {userName(user)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        ) : null}
      </Section>

      <Section title="Notifications">
        <fieldset className="user-checklist">
          <legend className="field__label">Notify when a submission arrives</legend>
          {users.rows.map((user) => (
            <label key={user.id} className="toggle-row">
              <input
                type="checkbox"
                className="checkbox"
                checked={settings.notify_user_ids.includes(user.id)}
                onChange={(event) =>
                  set('notify_user_ids', event.target.checked ? [...settings.notify_user_ids, user.id] : settings.notify_user_ids.filter((id) => id !== user.id))
                }
              />
              <span>
                {userName(user)} <span className="muted">{user.email}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <label className="toggle-row">
          <input type="checkbox" className="checkbox" checked={settings.double_opt_in} onChange={(event) => set('double_opt_in', event.target.checked)} />
          <span>
            Double opt-in
            <span className="choice-card__hint">Visitors confirm their email first; until then the submission waits as unconfirmed.</span>
          </span>
        </label>
      </Section>

      <Section title="Limits and spam">
        <div className="form-grid form-grid--three">
          <Field id="form-limit" label="Stop after" hint="Submissions. Empty: no limit.">
            <input
              id="form-limit"
              className="input"
              inputMode="numeric"
              placeholder="No limit"
              value={settings.submission_limit ?? ''}
              onChange={(event) => set('submission_limit', wholeOrNull(event.target.value), 'limit')}
            />
          </Field>
          <Field id="form-closes" label="Close on" hint="Empty: stays open.">
            <input
              id="form-closes"
              className="input"
              type="datetime-local"
              value={toLocalInput(settings.closes_at)}
              onChange={(event) => set('closes_at', fromLocalInput(event.target.value))}
            />
          </Field>
          <Field id="form-min-fill" label="Minimum fill time" hint="Seconds; faster ones are held as spam.">
            <input
              id="form-min-fill"
              className="input"
              inputMode="numeric"
              value={settings.min_fill_seconds}
              onChange={(event) => set('min_fill_seconds', wholeOrNull(event.target.value) ?? 0, 'min_fill')}
            />
          </Field>
        </div>
      </Section>

      <Section title="Look">
        <div className="form-grid">
          <Field id="form-accent" label="Accent colour" wide>
            <ColourPicker value={settings.accent_color} onChange={(colour) => set('accent_color', colour, 'accent')} />
          </Field>
          <Field id="form-submit-label" label="Button text">
            <input id="form-submit-label" className="input" value={settings.submit_label} onChange={(event) => set('submit_label', event.target.value, 'submit_label')} />
          </Field>
        </div>
      </Section>
      {errors.settings ? (
        <div className="form-error" role="alert">
          {errors.settings}
        </div>
      ) : null}
    </div>
  );
};
