// The command line of bench/run.mjs.

export function parseArgs(argv) {
  const opts = { duration: 10, runs: 3, minutes: 1, warmup: 1, quick: false, only: null, compare: null, to: null, cpuProf: false, cpuProfDir: null, save: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--duration') opts.duration = positive(value(), a);
    else if (a === '--minutes') {
      opts.minutes = Number(value());
      if (!(opts.minutes > 0)) usage('--minutes must be a positive number');
    }
    else if (a === '--runs') opts.runs = positive(value(), a);
    else if (a === '--warmup') opts.warmup = Number(value());
    else if (a === '--quick') opts.quick = true;
    else if (a === '--only') opts.only = new RegExp(value());
    else if (a === '--compare') opts.compare = value();
    else if (a === '--to') opts.to = value();
    else if (a === '--cpu-prof') opts.cpuProf = true;
    else if (a === '--cpu-prof-dir') opts.cpuProfDir = value();
    else if (a === '--no-save') opts.save = false;
    else if (a === '--list') opts.list = true;
    else if (a === '--all') opts.all = true;
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  if (opts.quick) {
    opts.runs = 1;
    if (!argv.includes('--duration')) opts.duration = 3;
    if (!argv.includes('--minutes')) opts.minutes = 0.25;
  }
  return opts;
}

function positive(v, name) {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) usage(`${name} must be a positive integer`);
  return n;
}

function usage(error) {
  if (error) console.error(`error: ${error}\n`);
  console.error(`usage: node bench/run.mjs [options]
  --duration <s>        seconds per run (default 10; --quick: 3)
  --minutes <m>         length of the constant-load (soak) scenario (default 1; --quick: 0.25)
  --runs <n>            runs per scenario, the median is reported (default 3; --quick: 1)
  --warmup <s>          unmeasured load on every new server instance before its first run (default 1)
  --quick               smoke test: 1 run of 3 s (results go to results/latest-quick.json)
  --only <regex>        run only the scenarios whose id matches (ids: --list)
  --all                 also run the scenarios marked extra (see --list)
  --list                print the scenario ids and exit
  --compare <file>      after the run, print deltas against an earlier results file
  --to <file>           with --compare: do not run, compare <file> against the --compare file
  --cpu-prof            run the ordermock servers under node --cpu-prof (stopped with SIGTERM) and
                        print their top self-time functions (use with --only)
  --cpu-prof-dir <dir>  where the .cpuprofile files go (default: a temp dir)
  --no-save             do not write results files`);
  process.exit(error ? 2 : 0);
}
