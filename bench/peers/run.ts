/**
 * `npx tsx bench/peers/run.ts [--nuts]`: the bench/dense.ts workloads in pathwise next to
 * PyTorch (float64, one thread; bench/peers/torch_dense.py) and Stan (rstan;
 * bench/peers/stan_diamonds.R), when they are installed (Debian: python3-torch;
 * r-cran-rstan r-cran-jsonlite). Not part of CI. Each peer script times itself; rounds
 * alternate pathwise and the peer, and the table shows medians over rounds and the
 * pathwise/peer ratio. `--nuts` adds posteriordb diamonds, 4 chains × (1000 + 1000),
 * dense metric, once each (Stan's compile time excluded). Set PYTHON to a python3 that
 * can import torch if the first on PATH cannot, and BOOST_LIB for rstan on Debian.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  jit,
  mcmc,
  nuts,
  potentialFn,
  tensor,
  valueAndGrad,
  type Tensor,
} from '../../src/index.js';
import { diamonds } from '../../examples/lib/posteriordb.js';
import { median } from '../util.js';
import { mvn100Workload, regressionWorkload, w3Workload } from '../dense.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const ROUNDS = 3;

/** The first command that runs `probe` successfully, or null. */
function find(candidates: string[], probe: string[]): string | null {
  for (const c of candidates) {
    const r = spawnSync(c, probe, { encoding: 'utf8' });
    if (r.status === 0) return c;
  }
  return null;
}

function runPeer(cmd: string, args: string[]): Record<string, number> {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: root, maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(line) as Record<string, number>;
}

const med = (t: number[]): number => [...t].sort((a, b) => a - b)[t.length >> 1];

function row(name: string, ours: number, peer: number, unit = 'ms'): void {
  console.log(
    name.padEnd(46),
    `${ours.toFixed(3)} ${unit}`.padStart(13),
    `${peer.toFixed(3)} ${unit}`.padStart(13),
    (ours / peer).toFixed(2).padStart(8),
  );
}

function header(peer: string): void {
  console.log(
    `\n${'workload'.padEnd(46)} ${'pathwise'.padStart(13)} ${peer.padStart(13)} ${'ratio'.padStart(8)}`,
  );
}

function torch(python: string): void {
  const ours = {
    regression: regressionWorkload().call,
    w3: w3Workload().call,
    mvn100: mvn100Workload(),
  };
  const names: Record<string, string> = {
    regression: 'Regression 5000×24 value+grad',
    w3: 'W3 logistic N=1e4 D=20 value+grad',
    mvn100: 'MVN d=100 logProb + grad (loc, cov)',
  };
  const t: Record<string, { ours: number[]; peer: number[] }> = {};
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, fn] of Object.entries(ours)) {
      t[k] ??= { ours: [], peer: [] };
      t[k].ours.push(median(fn, 15, r === 0 ? 10 : 2, k === 'mvn100' ? 2 : 10));
    }
    const p = runPeer(python, [path.join(here, 'torch_dense.py')]);
    for (const k of Object.keys(ours)) t[k].peer.push(p[k]);
  }
  header('torch');
  for (const k of Object.keys(ours)) row(names[k], med(t[k].ours), med(t[k].peer));
}

function stan(withNuts: boolean): void {
  const data = path.join(root, 'data/posteriordb/diamonds.data.json');
  const post = diamonds();
  const pot = potentialFn(post.model, []);
  const vg = jit(valueAndGrad((u: Tensor) => pot.potential(u)));
  const q = tensor(new Float64Array(26).fill(0.01));
  const ours: number[] = [];
  const peer: number[] = [];
  let last: Record<string, number> = {};
  for (let r = 0; r < ROUNDS; r++) {
    ours.push(median(() => vg(q).grad.data[0], 15, r === 0 ? 50 : 5, 50));
    last = runPeer('Rscript', [
      path.join(here, 'stan_diamonds.R'),
      data,
      ...(withNuts && r === ROUNDS - 1 ? ['nuts'] : []),
    ]);
    peer.push(last.gradient_ms);
  }
  header('Stan');
  row('diamonds log density + gradient', med(ours), med(peer));
  if (!withNuts) return;
  const t0 = performance.now();
  const fit = mcmc(post.model, {
    numWarmup: 1000,
    numSamples: 1000,
    numChains: 4,
    seed: 2024,
    kernel: nuts({ dense: true }),
  });
  const s = (performance.now() - t0) / 1000;
  row('diamonds NUTS 4×(1000+1000), dense metric', s, last.nuts_s, 's');
  console.log(`  gradients: pathwise ${fit.gradientEvaluations}, Stan ${last.gradients}`);
}

const torchCmd = find([process.env.PYTHON ?? 'python3'], ['-c', 'import torch']);
const hasStan = find(['Rscript'], ['-e', 'library(rstan); library(jsonlite)']) !== null;
console.log(`pathwise vs peers — node ${process.version}, ${new Date().toISOString()}`);
if (torchCmd) torch(torchCmd);
else console.log('PyTorch not found (python3 -c "import torch" fails): skipped');
if (hasStan) stan(process.argv.includes('--nuts'));
else console.log('rstan not found (Rscript -e "library(rstan)" fails): skipped');
