import { CRM_MODULES, routeHash } from '../../app-shell/utils/navigation';

/** The hash that opens a contact or company in its module's detail panel. */
export const recordHref = (table: 'contacts' | 'companies', id: string): string => {
  const module = CRM_MODULES.find((candidate) => candidate.tables[0] === table);
  return module ? routeHash(module, table, id) : '#/';
};

/** The hash of the custom fields manager. */
export const customFieldsHref = (): string => {
  const module = CRM_MODULES.find((candidate) => candidate.tables.includes('tags'));
  return module ? routeHash(module, 'custom_field_definitions') : '#/';
};
