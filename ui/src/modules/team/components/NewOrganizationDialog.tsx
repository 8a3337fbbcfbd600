import { useState, type FormEvent } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { TextField } from '../../../ui/TextField';
import { useToast } from '../../../ui/Toasts';
import { PROFILE_KEY, useProfile } from '../../object-record/hooks/useProfile';
import type { CreateDialogProps } from '../../object-record/types/manifest';
import { errorField } from '../../object-record/utils/errorField';
import { slugify } from '../../../ui/slug';
import { copiedSummary } from '../utils/snapshot';

export type NewOrganizationDialogProps = CreateDialogProps;

/**
 * Name and slug of a new organisation (the slug follows the name until it is edited), the
 * agency it is a client workspace of (if any), and optionally a workspace to start from
 * (its setup copied in, as an agency starts a new client). Signed in, it is created on the
 * server too (which checks the slug) and syncs; otherwise it stays on this device. The new
 * organisation becomes the active one: the profile the app shows is replaced.
 */
export const NewOrganizationDialog = ({ onClose }: NewOrganizationDialogProps) => {
  const backend = useBackend();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [template, setTemplate] = useState('');
  const workspaces = useProfile().data?.organizations ?? [];
  // Client workspaces go under an agency: an organisation that is not itself a client's.
  const agencies = workspaces.filter((organization) => !organization.parent_id);
  const [parent, setParent] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const invalidField = error ? errorField(error, ['name', 'slug', 'parent']) : null;

  const handleNameChange = (value: string) => {
    setName(value);
    if (!slugEdited) setSlug(slugify(value));
  };

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const profile = await backend.invoke('organization_create', {
        name: name.trim(),
        slug: slug.trim() || null,
        parent: parent || null,
      });
      queryClient.setQueryData(PROFILE_KEY, profile);
      // The switcher says whether it syncs.
      void queryClient.invalidateQueries({ queryKey: ['sync_status'] });
      if (template) {
        try {
          const copied = await backend.invoke('organization_snapshot', { from: template, to: profile.active_organization_id });
          toast.showSuccess(`Organization created from a template: ${copiedSummary(copied)}`);
        } catch (reason) {
          toast.showError('Organization created, but its setup was not copied', toErrorPayload(reason).message);
        }
      } else {
        toast.showSuccess('Organization created');
      }
      onClose();
    } catch (reason) {
      setError(toErrorPayload(reason).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog title="New organization" onClose={onClose}>
      <form className="dialog-form" noValidate onSubmit={handleSubmit}>
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <TextField
          id="org-name"
          name="name"
          label="Name"
          mandatory
          autoFocus
          invalid={invalidField === 'name'}
          value={name}
          onChange={(event) => handleNameChange(event.target.value)}
        />
        <TextField
          id="org-slug"
          name="slug"
          label="Slug"
          className="input mono"
          invalid={invalidField === 'slug'}
          value={slug}
          hint="Lowercase letters, digits and dashes; used in public links. Made from the name when left empty."
          onChange={(event) => {
            setSlugEdited(true);
            setSlug(event.target.value);
          }}
        />
        <div className={`field${invalidField === 'parent' ? ' field--invalid' : ''}`}>
          <label htmlFor="org-parent" className="field__label">
            Client workspace of
          </label>
          <select
            id="org-parent"
            name="parent"
            className="input"
            value={parent}
            aria-invalid={invalidField === 'parent' || undefined}
            onChange={(event) => setParent(event.target.value)}
          >
            <option value="">None: a workspace of its own</option>
            {agencies.map((agency) => (
              <option key={agency.id} value={agency.id}>
                {agency.name}
              </option>
            ))}
          </select>
          <p className="field__hint">The agency's owners and admins see its client workspaces.</p>
        </div>
        {workspaces.length > 0 ? (
          <div className="field">
            <label htmlFor="org-template" className="field__label">
              Start from workspace
            </label>
            <select id="org-template" name="template" className="input" value={template} onChange={(event) => setTemplate(event.target.value)}>
              <option value="">Empty workspace</option>
              {workspaces.map((org) => (
                <option key={org.id} value={org.id}>
                  {org.name}
                </option>
              ))}
            </select>
            <p className="field__hint">Copies its pipelines, forms, templates and automations (switched off); no contacts or other data.</p>
          </div>
        ) : null}
        <div className="dialog-form__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={saving}>
            Create organization
          </Button>
        </div>
      </form>
    </Dialog>
  );
};
