/**
 * What a thrown value says: an Error's message, anything else thrown (a string, a number, a
 * rejected promise's reason) as text. Every layer imports it from here (the engine is below
 * them all).
 */
export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));
