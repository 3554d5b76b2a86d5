import { z } from 'zod';

// zod 4 probes whether it may compile fast parsers with `Function('')`. The page's
// Content-Security-Policy forbids eval (no 'unsafe-eval'), so that probe is reported as a
// violation on every load. Imported first by the page's entry, before any schema parses.
z.config({ jitless: true });
