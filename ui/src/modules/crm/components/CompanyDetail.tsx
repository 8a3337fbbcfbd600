import { Building2 } from 'lucide-react';

import type { TableDef } from '../../../bindings';
import { Badge } from '../../../ui/Badge';
import { Drawer } from '../../../ui/Drawer';
import { useReferenceLabel } from '../../object-record/hooks/useReferences';
import { TrashActions } from '../../object-record/components/TrashActions';
import { displayName } from '../../object-record/utils/displayName';
import { useCustomFieldDefinitions, useTags } from '../hooks/useCrmLookups';
import { useDetailRecord } from '../hooks/useDetailRecord';
import { customFieldsHref } from '../utils/links';
import { CompanyContacts } from './CompanyContacts';
import { CustomFieldsSection } from './CustomFieldsSection';
import { DetailSection } from './DetailSection';
import { EditableFieldsSection } from './EditableFieldsSection';
import { RecordInfoSection } from './RecordInfoSection';
import { TagEditor } from './TagEditor';
import { useCanEdit } from '../../object-record/hooks/useCanEdit';

type Row = Record<string, unknown>;

export type CompanyDetailProps = {
  def: TableDef;
  row: Row;
  onClose: () => void;
  onChanged: (row: Row) => void;
  onUpdated?: (row: Row) => void;
};

const COMPANY_FIELDS = ['name', 'domain', 'industry', 'size', 'annual_revenue', 'phone', 'website', 'owner_id'];

/** A company's page: its fields on the left; its contacts and domain matches on the right. */
export const CompanyDetail = ({ def, row, onClose, onChanged, onUpdated }: CompanyDetailProps) => {
  const { record: company, save, saveOrToast } = useDetailRecord('companies', row, onUpdated);
  const tags = useTags();
  const definitions = useCustomFieldDefinitions('companies');
  const owner = useReferenceLabel('users', company.owner_id);
  const deleted = company.deleted_at != null;
  const canEdit = useCanEdit(def);
  const readOnly = deleted || !canEdit;

  const handleTags = async (next: string[]) => {
    const saved = await saveOrToast({ tags: next }, 'the tags');
    if (saved) tags.reload();
    return saved;
  };

  const actions = !canEdit ? null : <TrashActions table="companies" row={company} onChanged={onChanged} />;

  return (
    <Drawer
      size="wide"
      title={displayName('companies', company)}
      leading={
        <span className="company-mark" aria-hidden="true">
          <Building2 size={18} />
        </span>
      }
      subtitle={
        <>
          <span>Company</span>
          {company.industry ? <span>· {company.industry}</span> : null}
          {owner ? <span className="detail-header__owner">Owner: {owner}</span> : null}
          {deleted ? <Badge tone="red">In trash</Badge> : null}
        </>
      }
      actions={actions}
      onClose={onClose}
    >
      <div className="detail">
        <div className="detail__columns">
          <div className="detail__fields">
            <EditableFieldsSection title="Company details" def={def} row={company} fields={COMPANY_FIELDS} readOnly={readOnly} onSave={save} />
            <DetailSection title="Tags">
              <TagEditor value={company.tags} tags={tags.rows} type="company" readOnly={readOnly} onChange={handleTags} />
            </DetailSection>
            <CustomFieldsSection
              definitions={definitions.rows}
              loading={definitions.loading}
              values={company.custom_fields}
              readOnly={readOnly}
              manageHref={customFieldsHref()}
              onSave={save}
            />
            <EditableFieldsSection title="Address" def={def} row={company} fields={['address']} readOnly={readOnly} bare onSave={save} />
            <RecordInfoSection def={def} row={company} fields={['created_at', 'updated_at']} />
          </div>
          <div className="detail__timeline">
            <CompanyContacts company={company} readOnly={readOnly} />
          </div>
        </div>
      </div>
    </Drawer>
  );
};
