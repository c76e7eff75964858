// `npm run bench` runs every benchmark; `npm run bench -- keys-list` runs one.
// Options after the names: --keys=100000 --runs=50 --warmup=5 --explain --analyze, --duration=8 --rounds=3
// --workers=N --rebuild --keep --baseline (each bench reads what it knows).
// Speed is measured here, never in timed tests. Exit code 1 when a bench misses its stated target.
// Each bench is a file exporting `run({ flags }) => Promise<boolean>`; add it to BENCHES.

type Bench = { run(argv: { flags: Map<string, string | true> }): Promise<boolean> };

const BENCHES: Record<string, { about: string; load: () => Promise<Bench> }> = {
  'keys-list': { about: 'console keys list at 100,000 keys (SQLite, and PostgreSQL when configured)', load: () => import('./keys-list') },
  'import-parameters': { about: 'GetParametersForImport p50 per RSA key spec, served from the key-pair pool', load: () => import('./import-parameters') },
  'change-propagation': { about: 'how soon a change made on one worker or instance holds on the others (p99 target 100 ms; TTL without NOTIFY)', load: () => import('./change-propagation') },
  'api-throughput': { about: 'AWS API Encrypt/Decrypt requests per second vs a bare node:http server (wrk; target ≥ 1.0×, issue 15)', load: () => import('./api-throughput') },
  'api-profile': { about: 'CPU per request of AWS Encrypt/Decrypt by stage (node --cpu-prof, one worker, wrk): HTTP, SigV4, JSON, key lookup, AES-GCM, bookkeeping', load: () => import('./api-profile') },
  'huawei-throughput': { about: 'Huawei API encrypt-data vs AWS Encrypt on the same Keyfort (wrk; target ≥ 0.9×)', load: () => import('./huawei-throughput') },
};

function parse(args: string[]): { names: string[]; flags: Map<string, string | true> } {
  const names: string[] = [];
  const flags = new Map<string, string | true>();
  for (const arg of args) {
    const flag = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (flag) flags.set(flag[1]!, flag[2] ?? true);
    else names.push(arg);
  }
  return { names, flags };
}

async function main(): Promise<number> {
  const { names, flags } = parse(process.argv.slice(2));
  const unknown = names.filter((name) => !(name in BENCHES));
  if (flags.has('help') || unknown.length) {
    if (unknown.length) console.error(`Unknown bench: ${unknown.join(', ')}`);
    console.log('Usage: npm run bench [-- <name>… [--keys=N] [--runs=N] [--warmup=N] [--explain] [--analyze]]\n');
    for (const [name, { about }] of Object.entries(BENCHES)) console.log(`  ${name.padEnd(12)} ${about}`);
    return unknown.length ? 2 : 0;
  }
  let ok = true;
  for (const name of names.length ? names : Object.keys(BENCHES)) {
    console.log(`\n=== ${name}`);
    const bench = await BENCHES[name]!.load();
    ok = (await bench.run({ flags })) && ok;
  }
  console.log(ok ? '\nAll benches met their targets.' : '\nSome benches missed their targets (see SLOW above).');
  return ok ? 0 : 1;
}

process.exitCode = await main();

export {};
