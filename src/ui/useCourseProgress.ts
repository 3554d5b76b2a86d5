import { useStore } from 'zustand';
import { courseProgressStore, type CourseProgressState } from '../store/courseProgress';

/** Reads a slice of the course's progress (the lessons done). */
export function useCourseProgress<T>(selector: (s: CourseProgressState) => T): T {
  return useStore(courseProgressStore, selector);
}
