/**
 * Metrics for `compile({ metrics })`: accuracies and any loss, as numbers per batch.
 * @module
 */
import { ArgumentError, noGrad, type Tensor } from '../autodiff/index.js';
import { getLoss, type Loss, type LossFunction } from './losses.js';

/** @internal A resolved metric: its log name and its value on a batch. */
export interface Metric {
  name: string;
  fn: (yTrue: Tensor, yPred: Tensor) => number;
}

/** Fraction of rows whose thresholded (1 column) or arg-max (several) prediction is right. */
function accuracy(kind: 'auto' | 'binary' | 'categorical'): Metric['fn'] {
  return (yTrue, yPred) => {
    const k = yPred.shape[yPred.rank - 1] ?? 1;
    if (kind === 'binary' || (kind === 'auto' && k === 1)) {
      let hit = 0;
      for (let i = 0; i < yPred.size; i++) if (yPred.data[i] > 0.5 === yTrue.data[i] > 0.5) hit++;
      return hit / yPred.size;
    }
    const rows = yPred.size / k;
    let hit = 0;
    for (let r = 0; r < rows; r++) {
      let bp = 0;
      let bt = 0;
      for (let j = 1; j < k; j++) {
        if (yPred.data[r * k + j] > yPred.data[r * k + bp]) bp = j;
        if (yTrue.data[r * k + j] > yTrue.data[r * k + bt]) bt = j;
      }
      if (bp === bt) hit++;
    }
    return hit / rows;
  };
}

const ACCURACIES: Record<string, [string, Metric['fn']]> = {
  accuracy: ['accuracy', accuracy('auto')],
  acc: ['accuracy', accuracy('auto')],
  binaryaccuracy: ['binary_accuracy', accuracy('binary')],
  categoricalaccuracy: ['categorical_accuracy', accuracy('categorical')],
};

/** @internal Resolves a metric: an accuracy name, or anything {@link getLoss} accepts. */
export function getMetric(spec: string | Loss | LossFunction): Metric {
  if (typeof spec === 'string') {
    const acc = ACCURACIES[spec.toLowerCase().replace(/_/g, '')];
    if (acc !== undefined) return { name: acc[0], fn: acc[1] };
  }
  let loss;
  try {
    loss = getLoss(spec);
  } catch {
    throw new ArgumentError(
      'compile',
      `unknown metric '${String(spec)}'; use accuracy, binary_accuracy, categorical_accuracy or a loss name`,
    );
  }
  const fn = loss.fn;
  return { name: loss.name, fn: (a, b) => noGrad(() => fn(a, b).item()) };
}
