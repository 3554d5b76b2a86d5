import { expect, it } from 'vitest';
import { createAutomationApi } from './automationApi';
import { freePlaySandbox } from './testSandbox';

const texts = (store: Awaited<ReturnType<typeof freePlaySandbox>>) =>
  store.getState().notices.map((n) => n.text);

it('a refused setting is no longer said to be refused once a value of it is taken', async () => {
  const store = await freePlaySandbox();
  // A learner types -5 into TTL (s), then 60: the field shows 60, the run is under 60.
  expect(await store.getState().configure({ ttlSeconds: -5 })).toMatch(/^TTL must be/);
  expect(await store.getState().configure({ ttlSeconds: 60 })).toBeNull();
  expect(store.getState().config.ttlSeconds).toBe(60);
  expect(texts(store)).toEqual([]);
});

it("a setting refused again replaces its earlier refusal; another setting's refusal stays", async () => {
  const store = await freePlaySandbox();
  await store.getState().configure({ maxKeys: 5000 });
  await store.getState().configure({ ttlSeconds: -5 });
  await store.getState().configure({ ttlSeconds: 'abc' as unknown as number });
  expect(texts(store)).toEqual([
    'max keys must be a whole number from 0 (no limit) to 1,000, got 5000',
    'TTL must be a whole number from 0 (no expiry) to 2,592,000 s, got "abc"',
  ]);
  // Taking a TTL says nothing new about max keys, which is still at its old value.
  await store.getState().configure({ ttlSeconds: 30 });
  expect(texts(store)).toEqual([
    'max keys must be a whole number from 0 (no limit) to 1,000, got 5000',
  ]);
});

it("configure()'s refusal of a setting goes too once a value of it is taken, by any door", async () => {
  const store = await freePlaySandbox();
  const api = createAutomationApi(store, async () => {});
  await expect(api.configure({ actors: 9 })).rejects.toThrow(/^actors must be/);
  await expect(api.configure({ ttlSeconds: -1 })).rejects.toThrow(/^ttlSeconds must be/);
  // The Actors select (the store's configure) takes 3; the API takes a TTL of 60.
  await store.getState().configure({ actorCount: 3 });
  await api.configure({ ttlSeconds: 60 });
  expect(texts(store)).toEqual([]);
});
