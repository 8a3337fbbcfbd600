import { href, tablePath } from '../../object-record/states/registry';

/** The hash that opens a contact or company in its detail panel. */
export const recordHref = (table: 'contacts' | 'companies', id: string): string => href(tablePath(table, id));

/** The hash of the custom fields manager. */
export const customFieldsHref = (): string => href(tablePath('custom_field_definitions'));
