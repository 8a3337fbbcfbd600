import type { TableName } from '../../../bindings';
import { Tabs } from '../../../ui/Tabs';
import { CustomFieldsManager } from './CustomFieldsManager';
import { TagsManager } from './TagsManager';

export type TagsPageProps = {
  /** `tags` or `custom_field_definitions`: the tab shown. */
  table: TableName;
  onTableChange: (table: TableName) => void;
};

const TABS: ReadonlyArray<{ id: TableName; label: string }> = [
  { id: 'tags', label: 'Tags' },
  { id: 'custom_field_definitions', label: 'Custom fields' },
];

/** The CRM's settings for contacts and companies: their tags and their custom fields. */
export const TagsPage = ({ table, onTableChange }: TagsPageProps) => (
  <div className="module-page">
    <header className="page-header">
      <h1>Tags</h1>
    </header>
    <Tabs label="Tags and fields" items={TABS} selected={table === 'custom_field_definitions' ? table : 'tags'} onSelect={onTableChange} />
    {table === 'custom_field_definitions' ? <CustomFieldsManager /> : <TagsManager />}
  </div>
);
