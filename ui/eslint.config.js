// ESLint: TypeScript and React hooks rules, and the layering of the UI's modules
// (ARCHITECTURE.md, "The UI by module"), checked with eslint-plugin-boundaries:
// - `src/ui` (shared components) imports no module;
// - `modules/object-record` (the generic record screens) imports no feature module;
// - a feature module (`modules/<module>`) imports no other feature module, nor the app shell
//   or the pages;
// - the app shell reads modules only through the registry, never a feature's files.
// Only the root files (`moduleList.ts` registers every module's manifest) import features.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**'] },
  // Node scripts beside the UI (the workflow linter).
  { files: ['scripts/**/*.mjs'], languageOptions: { globals: { console: 'readonly', process: 'readonly' } } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
      'boundaries/include': ['src/**/*'],
      'boundaries/elements': [
        { type: 'ui', pattern: 'src/ui' },
        { type: 'backend', pattern: 'src/backend' },
        { type: 'test', pattern: 'src/test' },
        { type: 'object-record', pattern: 'src/modules/object-record' },
        { type: 'app-shell', pattern: 'src/modules/app-shell' },
        { type: 'feature', pattern: 'src/modules/*', capture: ['module'] },
        { type: 'pages', pattern: 'src/pages' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              from: { element: { type: 'ui' } },
              disallow: { to: { element: { types: { anyOf: ['object-record', 'app-shell', 'feature', 'pages'] } } } },
            },
            {
              from: { element: { type: 'object-record' } },
              disallow: { to: { element: { types: { anyOf: ['app-shell', 'feature', 'pages'] } } } },
            },
            {
              from: { element: { type: 'app-shell' } },
              disallow: { to: { element: { types: { anyOf: ['feature', 'pages'] } } } },
            },
            {
              from: { element: { type: 'feature' } },
              disallow: { to: { element: { types: { anyOf: ['app-shell', 'pages'] } } } },
            },
            {
              from: { element: { type: 'feature' } },
              disallow: {
                to: { element: { type: 'feature', captured: { module: '!{{ from.element.captured.module }}' } } },
              },
            },
          ],
        },
      ],
    },
  },
);
