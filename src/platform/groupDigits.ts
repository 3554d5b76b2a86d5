/** A number as the sandbox's messages write it, its thousands grouped: 1,000,000. */
export const group = (n: number) => n.toLocaleString('en-US');
