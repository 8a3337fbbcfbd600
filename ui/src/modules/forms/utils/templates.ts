import type { FormField } from '../types';

/** The starting points of a new form. */
export type FormTemplate = { id: 'blank' | 'contact' | 'newsletter' | 'feedback'; name: string; description: string; fields: FormField[] };

export const FORM_TEMPLATES: ReadonlyArray<FormTemplate> = [
  { id: 'blank', name: 'Blank', description: 'Start from an empty form.', fields: [] },
  {
    id: 'contact',
    name: 'Contact us',
    description: 'Name, email and a message.',
    fields: [
      { id: 'first_name', type: 'text', label: 'First name', required: true, map_to: 'first_name' },
      { id: 'last_name', type: 'text', label: 'Last name', required: false, map_to: 'last_name' },
      { id: 'email', type: 'email', label: 'Email', required: true, map_to: 'email', placeholder: 'you@example.com' },
      { id: 'message', type: 'textarea', label: 'How can we help?', required: false },
    ],
  },
  {
    id: 'newsletter',
    name: 'Newsletter',
    description: 'Email and consent to emails.',
    fields: [
      { id: 'email', type: 'email', label: 'Email', required: true, map_to: 'email', placeholder: 'you@example.com' },
      { id: 'consent', type: 'consent', label: 'Send me the newsletter', required: true, consent_to: 'email' },
    ],
  },
  {
    id: 'feedback',
    name: 'Feedback',
    description: 'A rating and what to improve.',
    fields: [
      { id: 'email', type: 'email', label: 'Email', required: false, map_to: 'email' },
      { id: 'rating', type: 'rating', label: 'How would you rate us?', required: true, max: 5 },
      { id: 'improve', type: 'textarea', label: 'What could we do better?', required: false },
    ],
  },
];
