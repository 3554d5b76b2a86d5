import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { READ_MITIGATIONS, WRITE_POLICIES } from '../engine/programs/catalog';
import { loadSqlJsNode } from '../engine/testSim';
import { SCENARIOS } from '../scenarios';
import { asksQuestions, isAnswerable, judgeQuiz, quizQuestion } from '../scenarios/quiz';
import { createQuizApi } from './quizApi';
import { unaskedQuestion } from './openQuestion';
import { quizStoreFor } from './quizStore';
import { createSandboxStore } from './sandboxStore';
import type { SandboxConfig } from './sandboxConfig';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJsNode();
});

type Patch = Partial<
  Pick<
    SandboxConfig,
    'writePolicy' | 'readMitigation' | 'ttlSeconds' | 'scheduler' | 'pattern' | 'invalidation'
  >
>;

/**
 * The settings a learner may change before a question: none (the run as authored), the ones
 * the scenario invites, every write policy and read mitigation, a short TTL and timed scheduling.
 * Each once: an invited setting that is one of those (stale-set's lease, say) was played
 * twice, the same run with the same checks. The scenario's own write policy or read mitigation
 * set again is the run as authored, played by `{}` with more checks, so it is not played again.
 */
function patchesFor(sc: (typeof SCENARIOS)[number]): Patch[] {
  const isOwn = (p: Patch) =>
    Object.entries(p).every(([name, value]) => sc[name as keyof typeof sc] === value);
  const patches: Patch[] = [
    {},
    ...(sc.variants ?? []).map((v) => v.settings as Patch),
    ...[
      ...WRITE_POLICIES.map((writePolicy) => ({ writePolicy })),
      ...READ_MITIGATIONS.map((readMitigation) => ({ readMitigation })),
      { ttlSeconds: 1 },
      { scheduler: 'timed' as const },
    ].filter((p) => !isOwn(p)),
  ];
  const byName = new Map(patches.map((p) => [JSON.stringify(p), p]));
  return [...byName.values()];
}

// Every scenario that asks questions, under every setting it may be played with, the setting
// changed just before the step of its first question: a question asked is judged on the run as
// it now goes (the answer the beat gives on a copy, one of the choices, and counted), and one
// not asked says why. As authored, every marked question is asked.
describe.each(SCENARIOS.filter(asksQuestions).map((sc) => [sc.id, sc] as const))(
  '%s in quiz mode',
  (_id, sc) => {
    const first = sc.beats.findIndex((b) => b.quiz !== undefined);
    it.each(patchesFor(sc).map((p) => [JSON.stringify(p), p] as const))(
      'under %s each question asked is judged by the run shown, else says why not',
      async (_name, patch) => {
        const store = createSandboxStore();
        await store.getState().start(SQL);
        await store.getState().loadScenario(sc.id);
        const api = createQuizApi(store, () => Promise.resolve());
        await api.setEnabled(true);
        const quiz = quizStoreFor(store);
        const isAuthored = Object.keys(patch).length === 0;
        const problems: string[] = [];
        let asked = 0;
        for (let i = 0; i < 40 && store.getState().canStep; i++) {
          const beat = store.getState().beat;
          const marked = sc.beats[beat]?.quiz;
          if (beat === first && i === beat)
            expect(await store.getState().configure(patch)).toBeNull();
          const question = await api.question();
          if (!marked) {
            if (question) problems.push(`step ${beat + 1}: asked, though not marked`);
            await store.getState().step();
            continue;
          }
          if (!question) {
            const unasked = unaskedQuestion(store.getState(), true, quiz.getState().premise);
            if (isAuthored) problems.push(`step ${beat + 1}: not asked as authored`);
            if (!unasked?.why) problems.push(`step ${beat + 1}: not asked, with no word why`);
            await store.getState().step();
            continue;
          }
          asked++;
          const played = await store.getState().previewNextPress();
          const truth =
            played &&
            judgeQuiz(marked, played.events, played.after, (a) => played.queued.includes(a));
          if (!truth || !isAnswerable(quizQuestion(marked), truth))
            problems.push(`step ${beat + 1}: asked, though the run gives no choice's answer`);
          const verdict = await api.answer(question.choices[0].id);
          if (!verdict.counted && !verdict.isRepeat)
            problems.push(`step ${beat + 1}: asked, then not judged: ${verdict.why}`);
          if (verdict.answer !== truth?.answer)
            problems.push(
              `step ${beat + 1}: judged ${verdict.answer}, the run gave ${truth?.answer}`,
            );
        }
        expect(problems).toEqual([]);
        if (isAuthored) expect(asked).toBeGreaterThan(0);
      },
    );
  },
);
