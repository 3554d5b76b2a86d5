import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function lint(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint enforces the layering', () => {
  it('rejects an import of React into src/engine', async () => {
    const messages = await lint(
      'src/engine/bad.ts',
      "import { useState } from 'react';\nexport const x = useState;\n",
    );
    expect(messages).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*must not import UI libraries/),
    ]);
  });

  it('rejects zustand and recharts in src/engine, and the store or UI layers', async () => {
    const messages = await lint(
      'src/engine/bad.ts',
      "import { createStore } from 'zustand/vanilla';\nimport { LineChart } from 'recharts';\nimport { x } from '../store/y';\nexport const all = [createStore, LineChart, x];\n",
    );
    expect(messages.filter((m) => m.startsWith('no-restricted-imports'))).toHaveLength(3);
  });

  it('rejects the wall clock, unseeded randomness and timers in src/engine', async () => {
    const messages = await lint(
      'src/engine/bad.ts',
      'export const a = Date.now();\nexport const b = Math.random();\nexport const c = performance.now();\nsetTimeout(() => {}, 1);\nexport const d = new Date();\n',
    );
    // performance.now() is caught twice: the global itself, and the property.
    expect(messages.map((m) => m.split(':')[0]).sort()).toEqual([
      'no-restricted-globals',
      'no-restricted-globals',
      'no-restricted-properties',
      'no-restricted-properties',
      'no-restricted-properties',
      'no-restricted-syntax',
    ]);
  });

  it('rejects reading or writing globals in src/engine (hosts set them up in src/platform)', async () => {
    const messages = await lint(
      'src/engine/bad.ts',
      'export const w = (globalThis as { window?: unknown }).window;\n',
    );
    expect(messages).toEqual([
      expect.stringMatching(/^no-restricted-globals: .*hosts set them up/),
    ]);
  });

  it('rejects an import of src/platform into src/engine (hosts hand the engine what it needs)', async () => {
    const messages = await lint(
      'src/engine/bad.ts',
      "import { loadSqlJsNode } from '../platform/sqlJsNode';\nexport const x = loadSqlJsNode;\n",
    );
    expect(messages).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*The engine knows no host/),
    ]);
  });

  it('rejects zod and the schema layer in src/engine (input is checked at the boundaries)', async () => {
    const messages = await lint(
      'src/engine/bad.ts',
      "import { z } from 'zod';\nimport { workloadSchema } from '../schema/workload';\nexport const all = [z, workloadSchema];\n",
    );
    expect(messages).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*no validation library/),
      expect.stringMatching(/^no-restricted-imports: .*Dependencies point down/),
    ]);
  });

  it('rejects imports of the layers above into src/schema; allows the engine and zod', async () => {
    const bad = await lint(
      'src/schema/bad.ts',
      "import { selectCache } from '../store/selectors';\nimport { labStore } from '../lab/labInstance';\nimport { loadSqlJsNode } from '../platform/sqlJsNode';\nexport const all = [selectCache, labStore, loadSqlJsNode];\n",
    );
    expect(bad).toEqual(
      Array.from({ length: 3 }, () =>
        expect.stringMatching(
          /^no-restricted-imports: .*src\/schema imports only the engine and zod/,
        ),
      ),
    );
    expect(
      await lint(
        'src/schema/ok.ts',
        "import { z } from 'zod';\nimport { DEFAULT_WORKLOAD } from '../engine/workload';\nexport const all = [z, DEFAULT_WORKLOAD];\n",
      ),
    ).toEqual([]);
  });

  it('rejects host glue in src/store: the address bar, animation frames, storage', async () => {
    const messages = await lint(
      'src/store/bad.ts',
      [
        "window.history.replaceState(null, '', '/');",
        'requestAnimationFrame(() => {});',
        "export const saved = localStorage.getItem('x');",
        'export const path = location.pathname;',
        '',
      ].join('\n'),
    );
    expect(messages).toEqual([
      expect.stringMatching(/^no-restricted-globals: .*belongs in src\/app/),
      expect.stringMatching(/^no-restricted-globals: .*belongs in src\/app/),
      expect.stringMatching(/^no-restricted-globals: .*belongs in src\/app/),
      expect.stringMatching(/^no-restricted-globals: .*belongs in src\/app/),
    ]);
  });

  it('rejects imports of the app, the lab or the platform into src/store', async () => {
    const messages = await lint(
      'src/store/bad.ts',
      "import { afterRender } from '../app/afterRender';\nimport { labApi } from '../lab/labInstance';\nimport { loadSqlJsBrowser } from '../platform/sqlJsBrowser';\nexport const all = [afterRender, labApi, loadSqlJsBrowser];\n",
    );
    expect(messages).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*The store imports only the engine/),
      expect.stringMatching(/^no-restricted-imports: .*The store imports only the engine/),
      expect.stringMatching(/^no-restricted-imports: .*The store imports only the engine/),
    ]);
  });

  it('rejects imports of the sandbox store, UI or app into src/lab; allows engine and platform', async () => {
    const bad = await lint(
      'src/lab/Bad.tsx',
      "import { selectCache } from '../store/selectors';\nimport { App } from '../ui/App';\nimport { afterRender } from '../app/afterRender';\nexport const all = [selectCache, App, afterRender];\n",
    );
    expect(bad).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*src\/lab imports only/),
      expect.stringMatching(/^no-restricted-imports: .*src\/lab imports only/),
      expect.stringMatching(/^no-restricted-imports: .*src\/lab imports only/),
    ]);
    expect(
      await lint(
        'src/lab/ok.ts',
        "import { runWorkload } from '../engine/workload';\nimport { loadSqlJsBrowser } from '../platform/sqlJsBrowser';\nexport const all = [runWorkload, loadSqlJsBrowser];\n",
      ),
    ).toEqual([]);
  });

  it('rejects UI libraries and the layers above it in src/platform', async () => {
    const messages = await lint(
      'src/platform/bad.ts',
      "import { createStore } from 'zustand/vanilla';\nimport { bootSandbox } from '../app/bootstrap';\nimport { labStore } from '../lab/labInstance';\nimport { selectCache } from '../store/selectors';\nexport const all = [createStore, bootSandbox, labStore, selectCache];\n",
    );
    expect(messages).toEqual(
      Array.from({ length: 4 }, () =>
        expect.stringMatching(/^no-restricted-imports: .*src\/platform provides the host/),
      ),
    );
  });

  it('rejects an import of the app layer into the UI', async () => {
    expect(
      await lint(
        'src/ui/Bad.tsx',
        "import { bootSandbox } from '../app/bootstrap';\nexport const x = bootSandbox;\n",
      ),
    ).toEqual([expect.stringMatching(/^no-restricted-imports: .*src\/app is the top layer/)]);
  });

  it('rejects any page, store or engine in src/widgets; allows React', async () => {
    const messages = await lint(
      'src/widgets/Bad.tsx',
      "import { useState } from 'react';\nimport { useSandbox } from '../ui/storeContext';\nimport { useLab } from '../lab/labContext';\nimport { Rng } from '../engine/rng';\nexport const all = [useState, useSandbox, useLab, Rng];\n",
    );
    expect(messages).toEqual(
      Array.from({ length: 3 }, () =>
        expect.stringMatching(/^no-restricted-imports: .*src\/widgets holds React parts/),
      ),
    );
  });

  it('rejects src/widgets in src/engine (it draws nothing)', async () => {
    expect(
      await lint(
        'src/engine/bad.ts',
        "import { PanelFailure } from '../widgets/PanelBoundary';\nexport const x = PanelFailure;\n",
      ),
    ).toEqual([expect.stringMatching(/^no-restricted-imports: .*Dependencies point down/)]);
  });

  it('rejects vi.resetModules in a test file: the files of a worker share one module graph', async () => {
    const messages = await lint(
      'src/store/bad.test.ts',
      "import { vi } from 'vitest';\nvi.resetModules();\n",
    );
    expect(messages).toEqual([
      expect.stringMatching(/^no-restricted-properties: .*share one module graph/),
    ]);
  });

  it('allows the same code in the UI layer', async () => {
    expect(
      await lint(
        'src/ui/ok.ts',
        "import { useState } from 'react';\nexport const x = [useState, Date.now()];\n",
      ),
    ).toEqual([]);
  });
});
