import { useRef, useState } from 'react';
import { Mail, Phone, StickyNote, Users } from 'lucide-react';

import type { Contact, ContactActivity, TableDef } from '../../../bindings';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { Drawer } from '../../../ui/Drawer';
import { useToast } from '../../../ui/Toasts';
import { useReferenceLabel } from '../../object-record/hooks/useReferences';
import { TrashActions } from '../../object-record/components/TrashActions';
import { displayName, initials } from '../../object-record/utils/displayName';
import { badgeTone, enumLabel } from '../../object-record/utils/format';
import { useContactTimeline } from '../hooks/useContactTimeline';
import { useCustomFieldDefinitions, useTags } from '../hooks/useCrmLookups';
import { useDetailRecord } from '../hooks/useDetailRecord';
import { customFieldsHref } from '../utils/links';
import type { LogKind } from '../utils/logActivity';
import { CompanyLink } from './CompanyLink';
import { CustomFieldsSection } from './CustomFieldsSection';
import { DetailSection } from './DetailSection';
import { EditableFieldsSection } from './EditableFieldsSection';
import { LogActivityDialog } from './LogActivityDialog';
import { OptInsSection } from './OptInsSection';
import { RecordInfoSection } from './RecordInfoSection';
import { TagEditor } from './TagEditor';
import { TimelinePanel } from './TimelinePanel';
import { useCanEdit } from '../../object-record/hooks/useCanEdit';
import { detailSections } from '../../object-record/states/registry';

type Row = Record<string, unknown>;

export type ContactDetailProps = {
  def: TableDef;
  row: Row;
  onClose: () => void;
  /** After the contact was moved to the trash or restored. */
  onChanged: (row: Row) => void;
  /** After an edit saved in place, so a list can show it. */
  onUpdated?: (row: Row) => void;
};

const CONTACT_FIELDS = ['first_name', 'last_name', 'email', 'phone', 'title', 'department', 'website', 'dob', 'source'];
const STATUS_FIELDS = ['status', 'lead_score', 'quality', 'engagement', 'owner_id'];

/** A contact's detail panel: header with quick actions, fields on the left, timeline on the right. */
export const ContactDetail = ({ def, row, onClose, onChanged, onUpdated }: ContactDetailProps) => {
  const toast = useToast();
  const { record: contact, replace, save, saveOrToast } = useDetailRecord('contacts', row, onUpdated);
  const tags = useTags();
  const definitions = useCustomFieldDefinitions('contacts');
  const timeline = useContactTimeline(contact.id);
  const owner = useReferenceLabel('users', contact.owner_id);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const [logging, setLogging] = useState<LogKind | null>(null);
  const deleted = contact.deleted_at != null;
  const canEdit = useCanEdit(def);
  const readOnly = deleted || !canEdit;
  const name = displayName('contacts', contact);
  const email = contact.email.trim();

  const handleTags = async (next: string[]) => {
    const saved = await saveOrToast({ tags: next }, 'the tags');
    // A new name creates its tag on the server: reload for its colour.
    if (saved) tags.reload();
    return saved;
  };

  const handleLogged = (activity: ContactActivity, updated: Contact | null) => {
    if (updated) replace(updated);
    setLogging(null);
    timeline.reloadActivities();
    toast.showSuccess(activity.activity_type === 'call' ? 'Call logged' : 'Meeting logged');
  };

  const role = [contact.title?.trim(), contact.company?.trim()].filter(Boolean).join(' at ');

  const subtitle = (
    <>
      {role ? <span className="detail-header__role">{role}</span> : null}
      <Badge tone={badgeTone(contact.status)}>{enumLabel(contact.status)}</Badge>
      {owner ? <span className="detail-header__owner">Owner: {owner}</span> : null}
      {deleted ? <Badge tone="red">In trash</Badge> : null}
    </>
  );

  const actions = !canEdit ? null : <TrashActions table="contacts" row={contact} onChanged={onChanged} />;

  return (
    <Drawer
      size="wide"
      title={name}
      leading={
        <span className="avatar avatar--large" aria-hidden="true">
          {initials(name) || '?'}
        </span>
      }
      subtitle={subtitle}
      actions={actions}
      onClose={onClose}
    >
      <div className="detail">
        {readOnly ? null : (
          <div className="detail__quick-actions" role="toolbar" aria-label="Quick actions">
            <Button icon={<Phone size={14} />} onClick={() => setLogging('call')}>
              Log call
            </Button>
            <Button icon={<Users size={14} />} onClick={() => setLogging('meeting')}>
              Log meeting
            </Button>
            <Button icon={<StickyNote size={14} />} onClick={() => composerRef.current?.focus()}>
              Add note
            </Button>
            {email ? (
              <a
                className="button button--secondary"
                href={`mailto:${email}`}
                title={contact.opt_in_email ? `Write to ${email}` : `${name} has not opted in to email`}
              >
                <Mail size={14} aria-hidden="true" />
                Send email
              </a>
            ) : null}
          </div>
        )}
        <div className="detail__columns">
          <div className="detail__fields">
            <EditableFieldsSection title="Contact details" def={def} row={contact} fields={CONTACT_FIELDS} readOnly={readOnly} onSave={save} />
            <CompanyLink contact={contact} readOnly={readOnly} onSave={save} />
            <EditableFieldsSection
              title="Status and owner"
              def={def}
              row={contact}
              fields={STATUS_FIELDS}
              readOnly={readOnly}
              onSave={save}
            />
            <DetailSection title="Tags">
              <TagEditor value={contact.tags} tags={tags.rows} type="contact" readOnly={readOnly} onChange={handleTags} />
            </DetailSection>
            <CustomFieldsSection
              definitions={definitions.rows}
              loading={definitions.loading}
              values={contact.custom_fields}
              readOnly={readOnly}
              manageHref={customFieldsHref()}
              onSave={save}
            />
            <EditableFieldsSection title="Address" def={def} row={contact} fields={['address']} readOnly={readOnly} bare onSave={save} />
            <OptInsSection row={contact} readOnly={readOnly} onSave={(patch) => saveOrToast(patch, 'the preference')} />
            {detailSections('contacts').map(({ id, Section }) => (
              <Section key={id} row={contact} />
            ))}
            <RecordInfoSection def={def} row={contact} fields={['last_contacted_at', 'created_at', 'updated_at']} labels={{ last_contacted_at: 'Last contacted' }} />
          </div>
          <div className="detail__timeline">
            <h3 className="detail__column-title">Activity</h3>
            <TimelinePanel contactId={contact.id} timeline={timeline} readOnly={readOnly} composerRef={composerRef} />
          </div>
        </div>
      </div>
      {logging ? (
        <LogActivityDialog kind={logging} contact={contact} contactName={name} onLogged={handleLogged} onClose={() => setLogging(null)} />
      ) : null}
    </Drawer>
  );
};
