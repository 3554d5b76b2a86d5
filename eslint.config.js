import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const uiLibraries = ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'recharts'];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'e2e/setup/*.d.mts'] },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // Layering: the engine (and scenario data) is pure TypeScript that runs unchanged in Node,
  // the page and a Web Worker. Time comes from the virtual clock, chance from the seeded RNG.
  {
    files: ['src/engine/**/*.ts', 'src/scenarios/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: uiLibraries,
              message:
                'src/engine and src/scenarios must not import UI libraries (React, zustand, recharts).',
            },
            {
              group: ['**/store/**', '**/ui/**', '**/cli/**'],
              message:
                'Dependencies point down: ui -> store -> engine. The engine imports none of them.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use the virtual clock.' },
        { name: 'setInterval', message: 'Use the virtual clock.' },
        { name: 'requestAnimationFrame', message: 'The engine does not animate.' },
        { name: 'performance', message: 'Use the virtual clock.' },
        { name: 'window', message: 'The engine runs without a DOM.' },
        { name: 'document', message: 'The engine runs without a DOM.' },
        {
          name: 'globalThis',
          message: 'The engine reads and writes no globals; hosts set them up (src/platform).',
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the virtual clock (clock.nowMs).' },
        { object: 'Math', property: 'random', message: 'Use the seeded Rng.' },
        { object: 'performance', property: 'now', message: 'Use the virtual clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'Use the virtual clock.' },
      ],
    },
  },
  {
    files: ['src/store/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/ui/**', 'react', 'react-dom', 'recharts'],
              message: 'The store does not import UI code.',
            },
          ],
        },
      ],
    },
  },
);
