// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { App } from './App';
import { demoSeed } from './backend/fake/demoSeed';
import { createFakeBackend } from './backend/fake/fakeBackend';

beforeEach(() => {
  window.location.hash = '';
});

afterEach(() => {
  cleanup();
});

describe('Tags page in the app', () => {
  it('sits under Companies in the sidebar and shows the tags, then the custom fields tab', async () => {
    const backend = createFakeBackend(demoSeed(3));
    render(<App backend={backend} />);
    const nav = await screen.findByRole('navigation', { name: 'Modules' });
    const labels = within(nav)
      .getAllByRole('link')
      .map((link) => link.textContent);
    expect(labels.indexOf('Tags')).toBe(labels.indexOf('Companies') + 1);

    fireEvent.click(within(nav).getByRole('link', { name: 'Tags' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Tags' })).toBeTruthy();
    expect(window.location.hash).toBe('#/tags');
    const table = await screen.findByRole('table', { name: 'Tags' });
    await waitFor(() => expect(within(table).getByText('vip')).toBeTruthy());
    expect(within(table).getByText('partner')).toBeTruthy();

    fireEvent.click(screen.getByRole('tab', { name: 'Custom fields' }));
    expect(window.location.hash).toBe('#/tags/custom_field_definitions');
    const fields = await screen.findByRole('table', { name: 'Contact fields' });
    await waitFor(() => expect(within(fields).getByText('Preferred channel')).toBeTruthy());
  });
});
