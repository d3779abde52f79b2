/**
 * The user's first question ("Implementing a trainable generalized Bump function layer
 * in Keras/Tensorflow"), in pathwise:
 *   1. the question's layer, whose threshold only feeds `less`: fit warns once, saying
 *      exactly which op cut the gradient path, and the threshold does not move;
 *   2. the accepted answer's BumpLayer (σ used in the output, NonNeg, U(0, 0.1) init)
 *      learns σ = 0.5 from 100,000 samples in 5 epochs, with Keras's progress output;
 *   3. the second answer's GaussianBump a·exp(-b(x - c)²) fits a Gaussian bump.
 *
 *   npx tsx examples/trainable-bump.ts
 */
import { fileURLToPath } from 'node:url';
import '../src/node.js'; // the terminal progress bar (quiet when stdout is not a terminal)
import {
  BumpLayer,
  exp,
  GaussianBump,
  Layer,
  less,
  mul,
  neg,
  pow,
  rng,
  Sequential,
  sub,
  where,
  type Shape,
  type Tensor,
  type Variable,
} from '../src/index.js';
import { generateData } from './bump-sigma-sweep.js';

/** The question's f_True: the plain bump exp(-1/(1 - x²)), with no trainable weight in it. */
const fTrue = (x: Tensor): Tensor => exp(neg(pow(sub(1, pow(x, 2)), -1)));
/** The question's f_False: 0·x. */
const fFalse = (x: Tensor): Tensor => mul(0, x);

/** The question's trainable_bump_layer, with tf.cond replaced by the elementwise where. */
export class TrainableBumpLayer extends Layer {
  threshold: Variable | undefined;
  override build(_inputShape: Shape): void {
    this.threshold = this.addWeight({
      name: 'threshlevel',
      shape: [1],
      initializer: 'glorotUniform',
    });
  }
  call(x: Tensor): Tensor {
    return where(less(x, this.threshold as Variable), fTrue(x), fFalse(x));
  }
}

function section(title: string): void {
  console.log(`\n== ${title} ==`);
}

/** 1. The question's layer, trained with fit: the warning, and a threshold that does not move. */
function questionLayer(): void {
  section("1. The question's layer: the threshold is only used in `less`");
  const r = rng(1);
  const x = Array.from({ length: 100 }, () => [2 * r.uniform() - 1]);
  const y = x.map(([v]) => [Math.abs(v) < 0.5 ? Math.exp(-1 / (1 - v * v)) : 0]);
  const layer = new TrainableBumpLayer({ inputShape: [1], seed: 0 });
  const model = new Sequential([layer]);
  model.compile({ loss: 'mse', optimizer: 'adam' });
  const before = layer.getWeights()[0].item();
  console.log('Train on 100 samples');
  model.fit(x, y, { epochs: 10, verbose: 0, onWarning: (m) => console.log(`WARNING: ${m}`) });
  const after = layer.getWeights()[0].item();
  console.log(
    `threshold before ${before}, after ${after}: ${before === after ? 'unchanged' : 'moved'}`,
  );
}

/** 2. The accepted answer's first experiment, with Keras's progress output. */
function answerLayer(): void {
  section(
    "2. The answer's BumpLayer learns σ = 0.5 (x ~ U(-0.1, 0.1), 100,000 samples, Adam, MSE)",
  );
  const { x, y } = generateData(0.5, { minX: -0.1, maxX: 0.1, seed: 7 });
  const model = new Sequential([new BumpLayer({ inputShape: [1], seed: 7 })]);
  model.compile({ loss: 'mse', optimizer: 'adam' });
  const before = model.layers[0].getWeights()[0].item();
  model.fit(x, y, { epochs: 5, seed: 7 });
  console.log('Sigma before training:', before);
  console.log('Sigma after training:', model.layers[0].getWeights()[0].item());
  console.log('Sigma used for generating data:', 0.5);
}

/** 3. The second answer's Gaussian bump. */
function gaussianBump(): void {
  section('3. The second answer: GaussianBump a·exp(-b(x - c)²) fits a = 2, b = 3, c = 0.25');
  const r = rng(3);
  const x = Array.from({ length: 4000 }, () => [4 * r.uniform() - 2]);
  const y = x.map(([v]) => [2 * Math.exp(-3 * (v - 0.25) ** 2)]);
  const model = new Sequential([new GaussianBump({ inputShape: [1], perChannel: false })]);
  model.compile({ loss: 'mse', optimizer: 'adam' });
  model.fit(x, y, { epochs: 40, verbose: 0, seed: 3 });
  const [a, b, c] = model.getWeights().map((w) => w.item().toFixed(4));
  console.log(
    `learned a = ${a}, b = ${b}, c = ${c}; loss ${model.evaluate(x, y).loss.toExponential(2)}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  questionLayer();
  answerLayer();
  gaussianBump();
}
