import { useStore } from 'zustand';
import { quizStoreFor, type QuizStore, type QuizStoreApi } from '../store/quizStore';
import { useSandboxApi } from './storeContext';

/** The quiz of the page's sandbox store. */
export function useQuizApi(): QuizStoreApi {
  return quizStoreFor(useSandboxApi());
}

/** Reads a slice of the quiz state; the selector must return a stable reference. */
export function useQuiz<T>(selector: (s: QuizStore) => T): T {
  return useStore(useQuizApi(), selector);
}
