import { z } from 'zod';
import { EVICTION_POLICIES } from '../engine/cache';
import { READ_MITIGATIONS, WRITE_POLICIES } from '../engine/programs/catalog';
import { LATENCY_MODELS } from '../engine/latency';
import {
  DEFAULT_SANDBOX_CONFIG,
  MAX_ACTORS,
  MAX_KEYS_LIMIT,
  MAX_TTL_SECONDS,
  LATENCY_LIMITS,
  MIN_ACTORS,
  SANDBOX_SCHEDULERS,
  type SandboxConfig,
} from './sandboxConfig';
import { SPEEDS } from './sandboxStore';

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const range = ({ min, max }: { min: number; max: number }) => z.number().min(min).max(max);

const sandboxSettingsSchema = z.object({
  seed: int(0, 2 ** 31),
  actorCount: int(MIN_ACTORS, MAX_ACTORS),
  writePolicy: z.enum(WRITE_POLICIES),
  readMitigation: z.enum(READ_MITIGATIONS),
  ttlSeconds: int(0, MAX_TTL_SECONDS),
  maxKeys: int(0, MAX_KEYS_LIMIT),
  eviction: z.enum(EVICTION_POLICIES),
  scheduler: z.enum(SANDBOX_SCHEDULERS),
  // Added after version 2 was written: a document without them takes the defaults.
  latencyModel: z.enum(LATENCY_MODELS).default(DEFAULT_SANDBOX_CONFIG.latencyModel),
  latencyTail: range(LATENCY_LIMITS.latencyTail).default(DEFAULT_SANDBOX_CONFIG.latencyTail),
  stallChance: range(LATENCY_LIMITS.stallChance).default(DEFAULT_SANDBOX_CONFIG.stallChance),
  stallMs: range(LATENCY_LIMITS.stallMs).default(DEFAULT_SANDBOX_CONFIG.stallMs),
}) satisfies z.ZodType<SandboxConfig>;

/**
 * Preferences kept for features that will use them (the presenter view, the quiz). Whatever a
 * later version of the page wrote there is kept as it is, so an older page does not erase it.
 */
const reservedPreferences = z.record(z.string(), z.unknown());

/**
 * What the sandbox keeps in localStorage between visits, schema version 2: the settings (what
 * the controls set), the playback speed, and the presenter's and the quiz's preferences.
 * Version 1 had the settings and the speed only.
 */
export const storedSettingsSchema = z.object({
  version: z.literal(2),
  sandbox: sandboxSettingsSchema,
  speed: z.number().refine((s) => (SPEEDS as readonly number[]).includes(s), {
    message: `speed must be one of ${SPEEDS.join(', ')}`,
  }),
  presenter: reservedPreferences,
  quiz: reservedPreferences,
});

export type StoredSettings = z.infer<typeof storedSettingsSchema>;

/** The document's key, version, schema and migrations (src/platform/versionedStorage.ts reads it). */
export const SETTINGS_DOCUMENT = {
  key: 'cache-aside-lab.settings',
  label: 'settings',
  version: 2,
  schema: storedSettingsSchema,
  migrations: {
    // Version 2 added the presenter's and the quiz's preferences.
    1: (v1: Record<string, unknown>) => ({ ...v1, presenter: {}, quiz: {} }),
  },
};

export const DEFAULT_STORED_SETTINGS: StoredSettings = {
  version: 2,
  sandbox: DEFAULT_SANDBOX_CONFIG,
  speed: 1,
  presenter: {},
  quiz: {},
};
