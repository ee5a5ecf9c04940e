// A StrykerJS test-runner plugin ('vitest-checked'): the vitest runner, except that a mutant run
// which executed none of the mutant's covering tests is not scored "Survived".
//
// @stryker-mutator/vitest-runner 9.3 builds a mutant's verdict from the tests vitest reports
// results for; now and then a filtered run comes back with its tests collected but never run
// (clustered after runs that bailed), so no test failed and the mutant counts as survived,
// although it never even activated (stryker-js issues 6073 and 6213; the proposed fix, pull
// request 6146, is not released). Seen here: mutants that emptied StoreUnit.data() "survived"
// with 52 covering tests, every one of which fails on them. Such a run is repeated; if it stays
// empty the mutant is an error (outside the score), never a survivor.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { INSTRUMENTER_CONSTANTS } from '@stryker-mutator/api/core';
import { commonTokens, declareFactoryPlugin, PluginKind, tokens } from '@stryker-mutator/api/plugin';
import { MutantRunStatus } from '@stryker-mutator/api/test-runner';

const require = createRequire(import.meta.url);
// The runner class is not exported by the package: load its module by path.
const runnerModule = join(dirname(require.resolve('@stryker-mutator/vitest-runner/package.json')), 'dist', 'src', 'vitest-test-runner.js');
const { VitestTestRunner } = await import(pathToFileURL(runnerModule).href);

const ATTEMPTS = 3;

class CheckedVitestTestRunner extends VitestTestRunner {
  async mutantRun(options) {
    const covering = options.testFilter?.length ?? 0;
    for (let attempt = 1; ; attempt++) {
      const result = await super.mutantRun(options);
      const ranNothing = covering > 0 && result.status === MutantRunStatus.Survived && result.nrOfTests === 0;
      if (!ranNothing) return result;
      if (attempt === ATTEMPTS) {
        return { status: MutantRunStatus.Error, errorMessage: `none of its ${covering} covering tests ran, in ${ATTEMPTS} attempts` };
      }
    }
  }
}

function createCheckedVitestTestRunner(injector) {
  return injector.provideValue('globalNamespace', INSTRUMENTER_CONSTANTS.NAMESPACE).injectClass(CheckedVitestTestRunner);
}
createCheckedVitestTestRunner.inject = tokens(commonTokens.injector);

export const strykerPlugins = [declareFactoryPlugin(PluginKind.TestRunner, 'vitest-checked', createCheckedVitestTestRunner)];
