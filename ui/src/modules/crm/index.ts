import { Building2, CopyCheck, Tag, Upload, Users } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';
import { CompanyDetail } from './components/CompanyDetail';
import { ContactDetail } from './components/ContactDetail';
import { ContactsDataActions } from './components/ContactsDataActions';
import { DuplicatesPage } from './components/DuplicatesPage';
import { DuplicateWarning } from './components/DuplicateWarning';
import { ImportTool } from './components/ImportPage';
import { TagsPage } from './components/TagsPage';
import { useCustomFieldsForm } from './hooks/useCustomFieldsForm';
import { companyHitDetail, contactHitDetail } from './utils/hits';

type Row = Record<string, unknown>;

const useContactCustomFields = (record?: Row) => useCustomFieldsForm('contacts', record);
const useCompanyCustomFields = (record?: Row) => useCustomFieldsForm('companies', record);

/**
 * CRM: contacts with their notes and activities, companies, tags and custom fields; import,
 * export and duplicates of contacts.
 */
export const crm: ModuleManifest = {
  id: 'crm',
  sidebar: [
    { id: 'contacts', label: 'Contacts', icon: Users, tables: ['contacts', 'contact_notes', 'contact_activities'] },
    { id: 'companies', label: 'Companies', icon: Building2, tables: ['companies'] },
    // Tags and custom fields of contacts and companies: their manager, not record lists.
    { id: 'tags', label: 'Tags', icon: Tag, tables: ['tags', 'custom_field_definitions'], Screen: TagsPage },
  ],
  tools: [
    { entry: 'contacts', id: 'import', label: 'Import', title: 'Import contacts', icon: Upload, Page: ImportTool },
    { entry: 'contacts', id: 'duplicates', label: 'Duplicates', title: 'Find duplicate contacts', icon: CopyCheck, Page: DuplicatesPage },
  ],
  tables: {
    contacts: {
      Detail: ContactDetail,
      CreateNotice: DuplicateWarning,
      formEditor: { column: 'custom_fields', useEditor: useContactCustomFields },
      HeaderActions: ContactsDataActions,
      savedViews: true,
      customFields: true,
      emptyText: 'Contacts are the people you work with: leads, clients and partners. Add your first one to get started.',
      trashNote: 'Restoring a contact brings back its notes and activities with it.',
    },
    companies: {
      Detail: CompanyDetail,
      formEditor: { column: 'custom_fields', useEditor: useCompanyCustomFields },
      savedViews: true,
      customFields: true,
      emptyText: 'Keep the businesses your contacts work for in one place.',
    },
  },
  search: [
    { kind: 'contact', table: 'contacts', label: 'Contacts', max: 6, detail: contactHitDetail },
    { kind: 'company', table: 'companies', label: 'Companies', max: 5, detail: companyHitDetail, icon: Building2 },
  ],
};
