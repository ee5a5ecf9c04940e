// Runs the CLI from source, exactly as bin/ordermock.js runs the build.
import { main } from '../../src/cli.js';

main(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
