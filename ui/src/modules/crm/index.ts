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
import { contactName, customFieldSource, savedViewsSource, tagSource } from './utils/services';

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
    { entry: 'contacts', id: 'import', label: 'Import', title: 'Import contacts', icon: Upload, Page: ImportTool, writes: true },
    { entry: 'contacts', id: 'duplicates', label: 'Duplicates', title: 'Find duplicate contacts', icon: CopyCheck, Page: DuplicatesPage, writes: true },
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
      labels: { tab: 'Contacts', one: 'contact', many: 'contacts' },
      displayName: contactName,
      nameFields: ['first_name', 'last_name'],
      nameSortField: 'last_name',
      person: true,
      listColumns: ['email', 'phone', 'company', 'status', 'lead_score', 'created_at'],
      // What a fresh list shows, chosen for daily work.
      defaultColumns: ['email', 'company', 'status', 'quality', 'lead_score', 'tags', 'owner_id', 'last_contacted_at'],
      filterFields: [
        'status',
        'quality',
        'engagement',
        'owner_id',
        'lead_score',
        'tags',
        'source',
        'company',
        'title',
        'opt_in_email',
        'opt_in_sms',
        'opt_in_calls',
        'opt_in_automations',
        'created_at',
        'last_contacted_at',
      ],
      // People are found by last name, or by email when the term looks like one.
      quickSearch: { field: (term) => (term.includes('@') ? 'email' : 'last_name'), placeholder: 'Search last name or email…' },
      fullTextPlaceholder: 'Search name, email, phone…',
      prefill: { status: 'lead' },
    },
    contact_notes: {
      labels: { tab: 'Notes', one: 'note', many: 'notes' },
      nameLabel: 'Note',
      listColumns: ['is_pinned', 'created_at'],
    },
    contact_activities: {
      labels: { tab: 'Activities', one: 'activity', many: 'activities' },
      nameLabel: 'Activity',
      listColumns: ['activity_type', 'description', 'created_at'],
    },
    companies: {
      Detail: CompanyDetail,
      formEditor: { column: 'custom_fields', useEditor: useCompanyCustomFields },
      savedViews: true,
      customFields: true,
      emptyText: 'Keep the businesses your contacts work for in one place.',
      labels: { tab: 'Companies', one: 'company', many: 'companies' },
      listColumns: ['domain', 'industry', 'phone', 'annual_revenue', 'created_at'],
      defaultColumns: ['domain', 'industry', 'owner_id', 'tags', 'annual_revenue', 'created_at'],
      filterFields: ['owner_id', 'tags', 'industry', 'size', 'annual_revenue', 'domain', 'created_at'],
      fullTextPlaceholder: 'Search name, domain, phone…',
    },
    tags: { labels: { tab: 'Tags', one: 'tag', many: 'tags' } },
    custom_field_definitions: { labels: { tab: 'Custom fields', one: 'custom field', many: 'custom fields' } },
    saved_views: { labels: { tab: 'Saved views', one: 'saved view', many: 'saved views' } },
  },
  // Tags, custom fields and saved views serve the lists of every module's tables.
  provides: { tagList: tagSource, customFields: customFieldSource, savedViews: savedViewsSource },
  search: [
    { kind: 'contact', table: 'contacts', label: 'Contacts', max: 6, detail: contactHitDetail },
    { kind: 'company', table: 'companies', label: 'Companies', max: 5, detail: companyHitDetail, icon: Building2 },
  ],
};
