// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { CustomFieldsSection } from './CustomFieldsSection';

afterEach(cleanup);

const section = (readOnly: boolean) =>
  render(<CustomFieldsSection definitions={[]} loading={false} values={{}} readOnly={readOnly} manageHref="#/contacts/fields" onSave={async () => null} />);

describe('CustomFieldsSection without fields', () => {
  it('offers to define fields to someone who may change the record', () => {
    section(false);
    expect(screen.getByRole('link', { name: 'Define fields' }).getAttribute('href')).toBe('#/contacts/fields');
  });

  it('offers a viewer nothing to change', () => {
    section(true);
    expect(screen.getByText('No custom fields yet.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Define fields' })).toBeNull();
  });
});
