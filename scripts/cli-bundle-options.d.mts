import type { BuildOptions } from 'esbuild';

export function cliBundleOptions(what: { entry: string; outfile: string; compilerSalt: string }): BuildOptions;
