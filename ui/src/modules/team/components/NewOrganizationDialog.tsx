import { useState, type FormEvent } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { useToast } from '../../../ui/Toasts';
import { PROFILE_KEY, useProfile } from '../../object-record/hooks/useProfile';
import type { CreateDialogProps } from '../../object-record/types/manifest';
import { errorField } from '../../object-record/utils/errorField';
import { slugify } from '../../../ui/slug';

export type NewOrganizationDialogProps = CreateDialogProps;

/**
 * Name and slug of a new organisation, and the agency it is a client workspace of (if
 * any); the slug follows the name until it is edited. Signed in, it is created on the
 * server too (which checks the slug) and syncs; otherwise it stays on this device. The
 * new organisation becomes the active one: the profile the app shows is replaced.
 */
export const NewOrganizationDialog = ({ onClose }: NewOrganizationDialogProps) => {
  const backend = useBackend();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const profile = useProfile().data;
  // Client workspaces go under an agency: an organisation that is not itself a client's.
  const agencies = (profile?.organizations ?? []).filter((organization) => !organization.parent_id);
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
      const next = await backend.invoke('organization_create', {
        name: name.trim(),
        slug: slug.trim() || null,
        parent: parent || null,
      });
      queryClient.setQueryData(PROFILE_KEY, next);
      // The switcher says whether it syncs.
      void queryClient.invalidateQueries({ queryKey: ['sync_status'] });
      toast.showSuccess('Organization created');
      onClose();
    } catch (reason) {
      setError(toErrorPayload(reason).message);
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
        <div className={`field${invalidField === 'name' ? ' field--invalid' : ''}`}>
          <label htmlFor="org-name" className="field__label">
            Name <span className="field__required" aria-hidden="true">*</span>
          </label>
          <input
            id="org-name"
            name="name"
            className="input"
            autoFocus
            value={name}
            aria-invalid={invalidField === 'name' || undefined}
            onChange={(event) => handleNameChange(event.target.value)}
          />
        </div>
        <div className={`field${invalidField === 'slug' ? ' field--invalid' : ''}`}>
          <label htmlFor="org-slug" className="field__label">
            Slug
          </label>
          <input
            id="org-slug"
            name="slug"
            className="input mono"
            value={slug}
            aria-invalid={invalidField === 'slug' || undefined}
            onChange={(event) => {
              setSlugEdited(true);
              setSlug(event.target.value);
            }}
          />
          <p className="field__hint">Lowercase letters, digits and dashes; used in public links.</p>
        </div>
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
