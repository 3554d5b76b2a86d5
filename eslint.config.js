import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const uiLibraries = ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'recharts'];

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-*',
      'node_modules',
      'test-results',
      'playwright-report',
      'e2e/setup/*.d.mts',
    ],
  },
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
  // A regular expression as a value inside toMatchObject matches anything (it is compared as an
  // object with no keys): write expect.stringMatching(/.../) instead.
  {
    files: ['src/**/*.test.{ts,tsx}', 'e2e/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(toMatchObject|objectContaining)$/] :matches(Property, ArrayExpression) > Literal[regex]',
          message:
            'toMatchObject never fails on a regular expression value: use expect.stringMatching(/.../).',
        },
      ],
      // Emptying the module graph makes every later file of the worker load the engine again
      // while ioredis-mock (Node's module cache) keeps its keyspaces: a fresh keyspace counter
      // then hands out keyspaces earlier files left keys in (stale-set beats told a hit).
      'no-restricted-properties': [
        'error',
        {
          object: 'vi',
          property: 'resetModules',
          message:
            'The test files of a worker share one module graph (isolate: false): import a copy of the module under test instead (`./module.ts?copy=1`).',
        },
      ],
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
              group: [
                '**/store/**',
                '**/ui/**',
                '**/widgets/**',
                '**/cli/**',
                '**/lab/**',
                '**/app/**',
                '**/schema/**',
              ],
              message:
                'Dependencies point down: ui -> store -> engine. The engine imports none of them.',
            },
            {
              group: ['zod', 'zod/*'],
              message:
                'The engine carries no validation library: input is checked at the boundaries, by the schemas in src/schema.',
            },
            {
              group: ['**/platform/**'],
              message:
                'The engine knows no host: hosts (src/platform) set it up and hand it what it needs.',
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
  // The schemas: what every boundary (links, imports, the CLI's flags, the automation API)
  // accepts. They build on the engine's names and defaults, and know nothing above it.
  {
    files: ['src/schema/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                ...uiLibraries,
                '**/store/**',
                '**/ui/**',
                '**/lab/**',
                '**/app/**',
                '**/cli/**',
                '**/platform/**',
                '**/scenarios/**',
              ],
              message:
                'src/schema imports only the engine and zod: every layer above checks its input with it.',
            },
          ],
        },
      ],
    },
  },
  // The store holds state and actions only; host glue (the address bar, animation frames,
  // storage, bootstrapping) lives in src/app, so the store runs under plain Node.
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
            {
              group: ['**/app/**', '**/lab/**', '**/cli/**', '**/platform/**'],
              message:
                'The store imports only the engine and scenarios; src/app wires it to a host.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'history', 'location', 'localStorage', 'sessionStorage'].map(
          (name) => ({ name, message: 'Host glue belongs in src/app, not the store.' }),
        ),
        {
          name: 'requestAnimationFrame',
          message: 'Host glue belongs in src/app (it passes the store what it needs).',
        },
      ],
    },
  },
  // The lab: its UI, its store and its worker. It uses the engine and the host's platform code,
  // never the sandbox's store or UI (each page stands alone), nor the app that wires them.
  {
    files: ['src/lab/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/store/**', '**/ui/**', '**/app/**', '**/cli/**', '**/scenarios/**'],
              message:
                'src/lab imports only the engine, src/platform and its own modules; src/app wires it in.',
            },
          ],
        },
      ],
    },
  },
  // The platform: what a host provides the engine (globals, sql.js for Node or the browser). It
  // may hand the engine things, and knows nothing above it.
  {
    files: ['src/platform/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                ...uiLibraries,
                '**/store/**',
                '**/ui/**',
                '**/lab/**',
                '**/app/**',
                '**/cli/**',
                '**/scenarios/**',
              ],
              message:
                'src/platform provides the host for the engine: it imports only the engine and libraries.',
            },
          ],
        },
      ],
    },
  },
  // Widgets: React parts any page may use (the panel boundary). They know no page, store or
  // engine: each page hands them what to draw.
  {
    files: ['src/widgets/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'zustand',
                'zustand/*',
                'recharts',
                '**/engine/**',
                '**/scenarios/**',
                '**/schema/**',
                '**/store/**',
                '**/ui/**',
                '**/lab/**',
                '**/app/**',
                '**/cli/**',
                '**/platform/**',
              ],
              message:
                'src/widgets holds React parts any page may use: it imports only React, and each page hands it what to draw.',
            },
          ],
        },
      ],
    },
  },
  // Nothing imports the app layer: it is the top, started by src/main.tsx.
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/app/**', '**/cli/**'],
              message:
                'src/app is the top layer (src/main.tsx starts it); the UI does not import it.',
            },
          ],
        },
      ],
    },
  },
);
