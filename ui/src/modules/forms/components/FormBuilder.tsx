import { useEffect, useRef, useState } from 'react';
import { useBlocker } from 'react-router';
import { ArrowLeft, Code, Globe, GlobeLock, Link as LinkIcon, Redo2, Undo2 } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Form } from '../../../bindings';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { Spinner } from '../../../ui/Spinner';
import { Tabs } from '../../../ui/Tabs';
import { useToast } from '../../../ui/Toasts';
import { errorField, errorReason } from '../../object-record/utils/errorField';
import { useForm } from '../hooks/useForms';
import { useFormDraft } from '../hooks/useFormDraft';
import { usePublicSite } from '../hooks/usePublicSite';
import type { FieldType, FormField } from '../types';
import { checkDraft, draftToPatch, earlierFields, errorFieldId, errorFieldReason, formToDraft, isFieldId, previewForm } from '../utils/definition';
import { addField, duplicateField, idForLabel, moveField, removeField, renameField, updateField } from '../utils/draftOps';
import { embedSnippet, publicFormUrl } from '../utils/links';
import { formStatus } from '../utils/status';
import { FieldCanvas } from './FieldCanvas';
import { FieldEditor } from './FieldEditor';
import { FieldPalette } from './FieldPalette';
import { PreviewPane } from './PreviewPane';
import { SettingsPanel, type SettingsErrors } from './SettingsPanel';
import { SubmissionsView } from './SubmissionsView';

export type BuilderTab = 'build' | 'settings' | 'preview' | 'submissions';

export type FormBuilderProps = {
  formId: string;
  tab: BuilderTab;
  onTabChange: (tab: BuilderTab) => void;
  onBack: () => void;
};

/** Loads the form, then edits it. */
export const FormBuilder = (props: FormBuilderProps) => {
  const query = useForm(props.formId);
  // The stored row as first read: the draft starts from it once (later reloads, such as
  // after this builder's own save, must not reset what is being edited).
  const [initial, setInitial] = useState<Form | null>(null);
  if (initial === null && query.data) setInitial(query.data);
  if (query.error && !initial) {
    return (
      <div className="module-page">
        <div className="form-error" role="alert">
          {toErrorPayload(query.error).message}
        </div>
        <div>
          <Button icon={<ArrowLeft size={14} />} onClick={props.onBack}>
            All forms
          </Button>
        </div>
      </div>
    );
  }
  if (!initial) return <Spinner />;
  return <LoadedBuilder {...props} initial={initial} stored={query.data ?? initial} />;
};

const TAB_LABELS: Record<BuilderTab, string> = { build: 'Build', settings: 'Settings', preview: 'Preview', submissions: 'Submissions' };

const FORM_COLUMNS = ['name', 'slug', 'description', 'redirect_url', 'thank_you_message', 'settings'];

type LoadedProps = FormBuilderProps & { initial: Form; stored: Form };

const LoadedBuilder = ({ formId, tab, onTabChange, onBack, initial, stored }: LoadedProps) => {
  const backend = useBackend();
  const toast = useToast();
  const site = usePublicSite();
  const { draft, change, undo, redo, canUndo, canRedo, markSaved, dirty } = useFormDraft(formToDraft(initial));
  const [row, setRow] = useState<Form>(initial);
  const [selectedId, setSelectedId] = useState<string | null>(draft.fields[0]?.id ?? null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formErrors, setFormErrors] = useState<SettingsErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // The stored row's field ids: a new field's id follows its label until it is saved.
  const savedIds = useRef(new Set(formToDraft(initial).fields.map((field) => field.id)));

  // Publication changes made elsewhere (the CLI, another device) show here.
  const published = stored.updated_at > row.updated_at ? stored : row;
  const status = formStatus(published);
  const isLive = published.is_active && published.is_public;

  // Leaving the form with unsaved changes asks first (switching its tabs does not).
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && (currentLocation.pathname !== nextLocation.pathname || new URLSearchParams(nextLocation.search).get('form') !== formId),
  );

  const selectedIndex = draft.fields.findIndex((field) => field.id === selectedId);
  const selected = draft.fields[selectedIndex] ?? null;

  const clearFieldError = (id: string) =>
    setFieldErrors((current) => {
      if (!(id in current)) return current;
      const rest = { ...current };
      delete rest[id];
      return rest;
    });

  const handleAdd = (type: FieldType) => {
    const at = selectedIndex >= 0 ? selectedIndex + 1 : draft.fields.length;
    const result = addField(draft, type, at);
    change(() => result.draft);
    setSelectedId(result.id);
    if (tab !== 'build') onTabChange('build');
  };

  const handleMove = (from: number, to: number) => change((current) => moveField(current, from, to));

  const handleRemove = (id: string) => {
    const field = draft.fields.find((candidate) => candidate.id === id);
    const index = draft.fields.findIndex((candidate) => candidate.id === id);
    change((current) => removeField(current, id));
    clearFieldError(id);
    if (selectedId === id) setSelectedId(draft.fields[index + 1]?.id ?? draft.fields[index - 1]?.id ?? null);
    if (!field) return;
    // Undo puts this field back where it was, whatever was changed since.
    const handleRestore = () => {
      change((current) => {
        if (current.fields.some((other) => other.id === field.id)) return current;
        const fields = [...current.fields];
        fields.splice(Math.min(index, fields.length), 0, field);
        return { ...current, fields };
      });
      setSelectedId(field.id);
    };
    toast.showSuccess(`Removed “${field.label || id}”`, { label: 'Undo', onAction: handleRestore });
  };

  const handleDuplicate = (id: string) => {
    const result = duplicateField(draft, id);
    change(() => result.draft);
    setSelectedId(result.id);
  };

  const handleFieldChange = (id: string, patch: Partial<FormField>, group?: string) => {
    change((current) => updateField(current, id, patch), group ?? null);
    clearFieldError(id);
  };

  const handleLabel = (field: FormField, label: string) => {
    const follows = !savedIds.current.has(field.id) && field.id === idForLabel(draft, field.id, field.label);
    const nextId = follows ? idForLabel(draft, field.id, label) : field.id;
    change((current) => {
      const labelled = updateField(current, field.id, { label });
      return nextId !== field.id ? renameField(labelled, field.id, nextId) : labelled;
    }, `${field.id}:label`);
    if (nextId !== field.id) setSelectedId(nextId);
    clearFieldError(field.id);
  };

  const handleRename = (field: FormField, next: string) => {
    const id = next.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    change((current) => renameField(current, field.id, id), `${field.id}:id`);
    setSelectedId(id);
    if (!isFieldId(id)) setFieldErrors((current) => ({ ...current, [id]: 'The field id may hold only lowercase letters, digits and underscores.' }));
    else clearFieldError(field.id);
  };

  /** Saves the draft (and the publication state when given) in one update; false when it could not. */
  const save = async (publication?: { is_active: boolean; is_public: boolean }): Promise<boolean> => {
    const checked = checkDraft(draft);
    const firstBad = draft.fields.find((field) => checked.fields[field.id]);
    if (firstBad || Object.keys(checked.form).length > 0) {
      setFieldErrors(checked.fields);
      setFormErrors(checked.form);
      setBanner(firstBad ? 'Some fields need a look before saving.' : 'Some settings need a look before saving.');
      if (firstBad) {
        setSelectedId(firstBad.id);
        onTabChange('build');
      } else {
        onTabChange('settings');
      }
      return false;
    }
    setSaving(true);
    try {
      const patch = { ...draftToPatch(draft), ...publication };
      const saved = (await backend.invoke('records_update', { table: 'forms', id: formId, patch })) as Form;
      setRow(saved);
      markSaved(draft);
      savedIds.current = new Set(draft.fields.map((field) => field.id));
      setFieldErrors({});
      setFormErrors({});
      setBanner(null);
      return true;
    } catch (reason) {
      const message = toErrorPayload(reason).message;
      const fieldId = errorFieldId(message, draft.fields);
      if (fieldId) {
        setFieldErrors({ [fieldId]: errorFieldReason(message) });
        setSelectedId(fieldId);
        setBanner('A field needs a look before saving.');
        onTabChange('build');
        return false;
      }
      const column = errorField(message, FORM_COLUMNS);
      if (column) {
        setFormErrors({ [column]: errorReason(message, column) });
        setBanner('A setting needs a look before saving.');
        onTabChange('settings');
        return false;
      }
      setBanner(message);
      return false;
    } finally {
      setSaving(false);
    }
  };

  const handleSave = async () => {
    if (await save()) toast.showSuccess('Form saved');
  };

  const handlePublish = async () => {
    if (isLive) {
      try {
        const saved = (await backend.invoke('records_update', { table: 'forms', id: formId, patch: { is_active: false, is_public: false } })) as Form;
        setRow(saved);
        toast.showSuccess('Form unpublished: its page no longer takes answers');
      } catch (reason) {
        toast.showError('Could not unpublish the form', toErrorPayload(reason).message);
      }
      return;
    }
    if (await save({ is_active: true, is_public: true })) {
      toast.showSuccess(site.server ? 'Form published' : 'Form published: it goes live once this organisation syncs to a server');
    }
  };

  const copy = (text: string, what: string) =>
    void navigator.clipboard.writeText(text).then(
      () => toast.showSuccess(`${what} copied`),
      () => toast.showError(`Could not copy the ${what.toLowerCase()}`, text),
    );

  const link = site.server && site.orgSlug ? publicFormUrl(site.server, site.orgSlug, published.slug) : null;
  const embed = site.server && site.orgSlug ? embedSnippet(site.server, site.orgSlug, published.slug) : null;

  // Cmd/Ctrl+S saves; Cmd/Ctrl+Z undoes outside text inputs (which keep their own undo).
  const keys = useRef({ handleSave, undo, redo });
  keys.current = { handleSave, undo, redo };
  useEffect(() => {
    const handleKeyDown = (event: KeyboardEvent) => {
      if (!(event.metaKey || event.ctrlKey)) return;
      const key = event.key.toLowerCase();
      if (key === 's') {
        event.preventDefault();
        void keys.current.handleSave();
        return;
      }
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable]')) return;
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        keys.current.undo();
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault();
        keys.current.redo();
      }
    };
    window.addEventListener('keydown', handleKeyDown);
    return () => window.removeEventListener('keydown', handleKeyDown);
  }, []);

  return (
    <div className="form-builder">
      <header className="builder-header">
        <button type="button" className="icon-button" aria-label="All forms" title="All forms" onClick={onBack}>
          <ArrowLeft size={16} />
        </button>
        <div className="builder-header__title">
          <input
            className="builder-header__name"
            aria-label="Form name"
            size={Math.max(12, draft.name.length + 1)}
            value={draft.name}
            placeholder="Untitled form"
            onChange={(event) => change((current) => ({ ...current, name: event.target.value }), 'name')}
          />
          <Badge tone={status.tone}>{status.label}</Badge>
          {dirty ? (
            <span className="builder-header__dirty" role="status">
              <span className="builder-header__dot" aria-hidden="true" />
              Unsaved changes
            </span>
          ) : null}
        </div>
        <div className="builder-header__actions">
          <button type="button" className="icon-button" aria-label="Undo" title="Undo (Ctrl+Z)" disabled={!canUndo} onClick={undo}>
            <Undo2 size={15} />
          </button>
          <button type="button" className="icon-button" aria-label="Redo" title="Redo (Ctrl+Shift+Z)" disabled={!canRedo} onClick={redo}>
            <Redo2 size={15} />
          </button>
          <Button onClick={() => void handleSave()} disabled={saving || !dirty}>
            Save
          </Button>
          <Button variant={isLive ? 'secondary' : 'primary'} icon={isLive ? <GlobeLock size={14} /> : <Globe size={14} />} disabled={saving} onClick={() => void handlePublish()}>
            {isLive ? 'Unpublish' : 'Publish'}
          </Button>
        </div>
      </header>
      {isLive ? (
        <div className="publish-bar" role="region" aria-label="Sharing">
          {link && embed ? (
            <>
              <span className="publish-bar__label">Live at</span>
              <span className="mono publish-bar__url" title={link}>
                {link}
              </span>
              <Button variant="ghost" className="button--small" icon={<LinkIcon size={13} />} onClick={() => copy(link, 'Link')}>
                Copy link
              </Button>
              <Button variant="ghost" className="button--small" icon={<Code size={13} />} onClick={() => copy(embed, 'Embed code')}>
                Copy embed code
              </Button>
            </>
          ) : (
            <span className="publish-bar__label">
              Published. It goes live, with its public link and embed code, once this organisation syncs to a server (Sync, at the foot of the sidebar).
            </span>
          )}
        </div>
      ) : null}
      <Tabs label="Form" items={(Object.keys(TAB_LABELS) as BuilderTab[]).map((id) => ({ id, label: TAB_LABELS[id] }))} selected={tab} onSelect={onTabChange} />
      {banner ? (
        <div className="form-error builder-banner" role="alert">
          {banner}
        </div>
      ) : null}
      {tab === 'build' ? (
        <div className="builder-body">
          <FieldPalette onAdd={handleAdd} />
          <FieldCanvas
            fields={draft.fields}
            selectedId={selectedId}
            errors={fieldErrors}
            title={draft.name}
            submitLabel={draft.settings.submit_label}
            accent={draft.settings.accent_color}
            onSelect={setSelectedId}
            onMove={handleMove}
            onDuplicate={handleDuplicate}
            onRemove={handleRemove}
          />
          {selected ? (
            <FieldEditor
              key={selectedIndex}
              field={selected}
              earlier={earlierFields(draft.fields, selectedIndex)}
              others={draft.fields.filter((field) => field.id !== selected.id)}
              error={fieldErrors[selected.id]}
              onChange={(patch, group) => handleFieldChange(selected.id, patch, group)}
              onLabel={(label) => handleLabel(selected, label)}
              onRename={(id) => handleRename(selected, id)}
              onDuplicate={() => handleDuplicate(selected.id)}
              onRemove={() => handleRemove(selected.id)}
            />
          ) : (
            <aside className="field-editor field-editor--empty" aria-label="Field settings">
              <p className="muted">Select a field to edit it, or add one from the left.</p>
            </aside>
          )}
        </div>
      ) : tab === 'settings' ? (
        <div className="builder-scroll">
          <SettingsPanel draft={draft} errors={formErrors} onChange={(update, group) => change(update, group ?? null)} />
        </div>
      ) : tab === 'preview' ? (
        <PreviewPane form={previewForm(row, draft)} />
      ) : (
        <SubmissionsView form={published} fields={formToDraft(published).fields} />
      )}
      {blocker.state === 'blocked' ? (
        <ConfirmDialog
          title="Leave without saving?"
          confirmLabel="Discard changes"
          danger
          onClose={() => blocker.reset()}
          onConfirm={async () => blocker.proceed()}
        >
          This form has changes that are not saved. They are lost if you leave now.
        </ConfirmDialog>
      ) : null}
    </div>
  );
};
