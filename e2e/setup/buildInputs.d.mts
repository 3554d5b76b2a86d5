export const BUILD_STAMP: string;
export function buildInputsHash(root: string, mode?: string): string;
export function isBuildCurrent(root: string, outDir: string, mode?: string): boolean;
