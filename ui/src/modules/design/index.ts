import { Palette } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';

/** Templates and assets; no behaviour beyond the generic record screens yet. */
export const design: ModuleManifest = {
  id: 'design',
  sidebar: [{ id: 'design', label: 'Design', icon: Palette, tables: ['templates', 'assets'] }],
  tables: {
    templates: { labels: { tab: 'Templates', one: 'template', many: 'templates' } },
    assets: { labels: { tab: 'Assets', one: 'asset', many: 'assets' } },
  },
};
