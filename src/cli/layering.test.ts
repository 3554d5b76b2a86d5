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

  it('allows the same code in the UI layer', async () => {
    expect(
      await lint(
        'src/ui/ok.ts',
        "import { useState } from 'react';\nexport const x = [useState, Date.now()];\n",
      ),
    ).toEqual([]);
  });
});
