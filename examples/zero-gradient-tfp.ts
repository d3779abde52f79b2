/**
 * zero-gradient-tfp — the seed question "tensorflow_probability: Gradients always zero
 * when backpropagating the log_prob of a sample of a normal distribution", answered with
 * pathwise's distributions.
 *
 * TFP's Normal is reparameterized, and so is pathwise's: `sample()` returns
 * x = loc + scale·ε with ε ~ N(0, 1) drawn from the Rng. Then
 *     log q(x) = -½((x - loc)/scale)² - log scale - log √(2π) = -½ε² - log scale - log √(2π):
 * loc cancels, so d/d loc log q(sample()) is exactly 0 for every draw. Evaluated at a
 * constant instead, log q(0.1) keeps its loc-dependence: (x - loc)/scale². And with the
 * sample held constant (stopGradient) the gradient is the score function, whose mean is 0.
 *
 * Run: npx tsx examples/zero-gradient-tfp.ts
 */
import {
  GradientTape,
  mean,
  Normal,
  rng,
  stopGradient,
  tensor,
  type Tensor,
} from '../src/index.js';

const r = rng(2018);
const scale = 0.01;

/** d/d loc of f(Normal(loc, scale)) with loc a watched scalar, as in the question. */
function dLoc(locValue: number, f: (d: Normal) => Tensor): number {
  const loc = tensor(locValue);
  const tape = new GradientTape();
  const y = tape.record(() => {
    tape.watch(loc);
    return f(new Normal(loc, scale));
  });
  return (tape.gradient(y, loc) as Tensor).item();
}

let x = NaN;
const reparam = dLoc(0.1, (d) => {
  const s = d.sample([], r);
  x = s.item();
  return d.logProb(s);
});
console.log('Normal(loc = 0.1, scale = 0.01), loc watched on a GradientTape:\n');
console.log(`1. d/d loc  logProb(sample())              = ${reparam}`);
console.log(
  `   the sample x = ${x.toFixed(6)} is loc + scale·ε with ε = ${((x - 0.1) / scale).toFixed(4)};`,
);
console.log(
  '   log q(x) = -ε²/2 - log scale - log √(2π) does not contain loc: the gradient is exactly 0.\n',
);

const constant = dLoc(0.12, (d) => d.logProb(tensor(0.1)));
console.log(`2. d/d loc  logProb(0.1) at loc = 0.12     = ${constant.toFixed(6)}`);
console.log(
  `   = (x - loc)/scale² = (0.1 - 0.12)/0.0001 = ${((0.1 - 0.12) / scale ** 2).toFixed(6)}\n`,
);

let held = NaN;
const score = dLoc(0.1, (d) => {
  const s = stopGradient(d.sample([], r));
  held = s.item();
  return d.logProb(s);
});
console.log(`3. d/d loc  logProb(stopGradient(sample())) = ${score.toFixed(6)}`);
console.log(
  `   = (x - loc)/scale² at the held sample x = ${held.toFixed(6)}: the score function\n`,
);

const n = 100_000;
const average = dLoc(0.1, (d) => mean(d.logProb(stopGradient(d.sample([n], r)))));
console.log(
  `   averaged over ${n} draws it is ${average.toFixed(3)} (its standard error is ${(100 / Math.sqrt(n)).toFixed(3)}):`,
);
console.log(
  '   E_q[∇ log q(x)] = 0, the identity behind score-function estimators and baselines.\n',
);

console.log('Which one is right? All three, for different questions:');
console.log(
  '- d/dθ E_q[f(x)] by the reparameterization (pathwise) estimator: differentiate f(sample()).',
);
console.log(
  '  With f = log q this is d/d loc of minus the entropy, which does not depend on loc: 0 is correct.',
);
console.log('- The density at a fixed observation (maximum likelihood): logProb(constant).');
console.log(
  '- The score-function estimator for non-reparameterized families (Poisson, Bernoulli, ...):',
);
console.log('  f(x)·∇ log q(x) with x = stopGradient(sample()).');

const ok =
  reparam === 0 &&
  Math.abs(constant + 200) < 1e-6 &&
  Math.abs(score - (held - 0.1) / scale ** 2) < 1e-6 &&
  Math.abs(average) < (4 * 100) / Math.sqrt(n);
if (!ok) throw new Error('zero-gradient-tfp: the figures do not match the explanation');
