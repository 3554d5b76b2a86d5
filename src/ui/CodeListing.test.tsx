import { renderToStaticMarkup } from 'react-dom/server';
import { expect, it } from 'vitest';
import { CodeListing } from './CodeListing';
import { learnerListing } from './learnerListing';

it('lists your code with a direction override or an invisible character written as an escape, its tabs kept (code from a link reads as it runs)', () => {
  // Trojan Source: U+202E turned `// ok‮ ;'1' = key` into what read as `// okyek = '1';`.
  const source =
    "function* read(id) {\n\tconst key = cacheKey(id); // ok\u202E ;'1' = key\r\n  return null;\u200B\n}";
  const html = renderToStaticMarkup(
    <CodeListing
      title="Read path"
      listing={learnerListing('read.js', source)}
      marks={[]}
      lastLabel={null}
    />,
  );
  const lines = [...html.matchAll(/<code>(.*?)<\/code>/g)].map((m) => m[1]);
  expect(lines).toEqual([
    'function* read(id) {',
    '\tconst key = cacheKey(id); // ok\\u202E ;&#x27;1&#x27; = key',
    '  return null;\\u200B',
    '}',
  ]);
});
