import { fileURLToPath } from 'node:url';

/** The package root, both from `src/` (tests) and from `dist/` (the published build). */
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));
export const defaultSpecsDir = fileURLToPath(new URL('../specs', import.meta.url));
export const defaultSeedDir = fileURLToPath(new URL('../data/seed', import.meta.url));
/** The dashboard's static files: plain HTML/CSS/ES modules shipped as they are (tsc does not copy them). */
export const uiDir = fileURLToPath(new URL('../src/ui', import.meta.url));
