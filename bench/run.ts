/**
 * `npm run bench`: every benchmark in one run, as medians and ratios against
 * hand-written loops measured in the same process (machines are noisy: compare ratios).
 */
import { w2, w4 } from './autodiff.js';
import { denseLayer, denseProductsJs, mvn100, regression, w3Dense } from './dense.js';
import { enumHmm } from './enum.js';
import { nutsOverhead, nutsPosteriors, w3, w5 } from './inference.js';
import { flipoutStep, sigmaSweep, w1 } from './layers.js';
import { printTable } from './util.js';

console.log(`pathwise benchmarks — node ${process.version}, ${new Date().toISOString()}`);
printTable([
  ...w2(),
  w4(),
  w1(),
  flipoutStep(),
  ...w3(),
  nutsOverhead(),
  ...nutsPosteriors(),
  w5(),
  ...enumHmm(),
  ...regression(),
  ...w3Dense(),
  ...denseLayer(),
  denseProductsJs(),
  mvn100(),
  await sigmaSweep(),
]);
