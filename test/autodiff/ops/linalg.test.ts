import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { setKernelBackend } from '../../../src/autodiff/kernels/index.js';
import {
  add,
  ArgumentError,
  broadcastTo,
  cholesky,
  dot,
  eye,
  grad,
  jit,
  matmul,
  mul,
  numericalGradient,
  ShapeError,
  square,
  sum,
  tensor,
  transpose,
  triangularSolve,
  tril,
  triu,
  type Tensor,
  type TensorLike,
  valueAndGrad,
  vjp,
  type TriangularSolveOptions,
} from '../../../src/index.js';
import {
  at,
  axisLength,
  broadcastShapeRef,
  broadcastShapesArb,
  check,
  cotangentFor,
  expectClose,
  expectGradOk,
  expectSecondOrderOk,
  GradLog,
  indices,
  real,
  shapeArb,
  tensorArb,
  uniformInt,
  type Fn,
  type Shape,
} from '../../helpers/check.js';

const worst = new GradLog('linalg');
const values = real(-2, 2);

/** Batch shapes (rank 0..2) that broadcast, e.g. [2,1] with [5]. */
const batchPair: fc.Arbitrary<Shape[]> = broadcastShapesArb(2).map((p) =>
  p.map((s) => s.slice(-2)),
);

// ---------------------------------------------------------------------------------
// Naive references

function matmulRef(a: Tensor, b: Tensor): Tensor {
  const A = a.rank === 1 ? tensor(a.data, [1, a.size]) : a;
  const B = b.rank === 1 ? tensor(b.data, [b.size, 1]) : b;
  const [n, k] = A.shape.slice(-2);
  const m = B.shape[B.rank - 1];
  const batch = broadcastShapeRef(A.shape.slice(0, -2), B.shape.slice(0, -2));
  const pick = (t: Tensor, bidx: number[], i: number, j: number): number => {
    const tb = t.shape.slice(0, -2);
    const off = bidx.length - tb.length;
    return at(t, [...tb.map((d, q) => (d === 1 ? 0 : bidx[off + q])), i, j]);
  };
  const out: number[] = [];
  for (const bidx of indices(batch))
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += pick(A, bidx, i, p) * pick(B, bidx, p, j);
        out.push(s);
      }
  let shape = [...batch, n, m];
  if (a.rank === 1) shape = [...batch, m];
  if (b.rank === 1) shape = a.rank === 1 ? [...batch] : [...batch, n];
  return tensor(Float64Array.from(out), shape);
}

/** A well-conditioned SPD matrix (batch): M Mᵀ + n·I with M entries in [-1, 1]. */
function spdArb(batch: Shape, n: number): fc.Arbitrary<Tensor> {
  return tensorArb([...batch, n, n], real(-1, 1)).map((m) =>
    add(
      matmul(m, transpose(m, [...batch.map((_, i) => i), batch.length + 1, batch.length])),
      mul(eye(n), n),
    ),
  );
}

/** A triangular-solve operand: diagonal in [1, 2], everything else in [-1, 1]. */
function triangularArb(batch: Shape, n: number): fc.Arbitrary<Tensor> {
  return fc
    .tuple(tensorArb([...batch, n, n], real(-1, 1)), tensorArb([...batch, n, n], real(1, 2)))
    .map(([off, diag]) => add(mul(off, add(1, mul(eye(n), -1))), mul(diag, eye(n))));
}

// ---------------------------------------------------------------------------------
// Cases

/** matmul operands: batch-broadcast matrices, or a vector on either side. */
const matmulArb = fc
  .tuple(axisLength, axisLength, axisLength, batchPair, uniformInt(0, 3))
  .chain(([n, k, m, [ba, bb], kind]) => {
    const sa = kind === 1 || kind === 3 ? [k] : [...ba, n, k];
    const sb = kind === 2 || kind === 3 ? [k] : [...bb, k, m];
    return fc.tuple(tensorArb(sa, values), tensorArb(sb, values));
  });

const named: [Tensor, Tensor][] = [
  [tensorFrom([2, 1, 3, 4], 1), tensorFrom([5, 4, 2], 2)],
  [tensorFrom([3], 3), tensorFrom([2, 3, 2], 4)],
  [tensorFrom([2, 2, 3], 5), tensorFrom([3], 6)],
];

function tensorFrom(shape: Shape, seed: number): Tensor {
  return fc.sample(tensorArb(shape, values), { seed, numRuns: 1 })[0];
}

const triangularSolveArb = fc
  .tuple(uniformInt(1, 4), uniformInt(1, 3), batchPair, fc.boolean(), fc.boolean())
  .chain(([n, k, [bl, bb], lower, adjoint]) =>
    fc
      .tuple(triangularArb(bl.slice(-1), n), tensorArb([...bb.slice(-1), n, k], values))
      .map(([l, b]) => ({ l, b, options: { lower, adjoint } as TriangularSolveOptions })),
  );

const choleskyArb = fc
  .tuple(shapeArb(0, 1), uniformInt(1, 4))
  .chain(([batch, n]) => spdArb(batch, n));

describe('linalg VJPs match float64 central differences', () => {
  it('matmul with batch broadcasting and vectors', () => {
    check(matmulArb, ([a, b]) => expectGradOk('matmul', matmul, [a, b], worst), {
      examples: named.map((p) => [p]),
    });
  });

  it('dot of two vectors', () => {
    const arb = axisLength.chain((k) => fc.tuple(tensorArb([k], values), tensorArb([k], values)));
    check(arb, ([a, b]) => expectGradOk('dot', dot, [a, b], worst));
  });

  it.each([
    { name: 'tril', f: tril },
    { name: 'triu', f: triu },
  ])('$name with a diagonal offset', ({ name, f }) => {
    const arb = fc.tuple(
      shapeArb(2, 3).chain((s) => tensorArb(s, values)),
      uniformInt(-2, 2),
    );
    check(arb, ([x, k]) => expectGradOk(name, (t) => f(t, k), [x], worst));
  });

  it('cholesky (batches of SPD matrices)', () => {
    check(choleskyArb, (a) => expectGradOk('cholesky', cholesky, [a], worst));
  });

  it('triangularSolve: lower/upper, adjoint or not, broadcasting batches', () => {
    check(triangularSolveArb, ({ l, b, options }) =>
      expectGradOk('triangularSolve', (x, y) => triangularSolve(x, y, options), [l, b], worst),
    );
  });
});

describe('linalg second derivatives', () => {
  it('matmul: Hessian-vector products of sum((A x)²) against central differences', () => {
    const arb = fc
      .tuple(axisLength, axisLength)
      .chain(([n, k]) =>
        fc.tuple(tensorArb([n, k], values), tensorArb([k], values), tensorArb([k], values)),
      );
    check(arb, ([A, x, v]) => {
      const f = (a: Tensor, y: Tensor): Tensor => sum(square(matmul(a, y)));
      // ⟨∇ₓf, v⟩ as a function of (A, x): its gradient is (∂²f/∂A∂x v, ∂²f/∂x² v)
      const dirDeriv = (a: Tensor, y: Tensor): Tensor => sum(mul(grad(f, { argnums: 1 })(a, y), v));
      const [hA, hx] = grad(dirDeriv, { argnums: [0, 1] })(A, x);
      const [nA, nx] = numericalGradient(dirDeriv, [A, x]);
      expectClose(hA, nA, 1e-8, 1e-10);
      expectClose(hx, nx, 1e-8, 1e-10);
      // closed form: ∇ₓf = 2 AᵀA x, so ∂²f/∂x² v = 2 AᵀA v
      expectClose(hx, mul(matmul(transpose(A), matmul(A, v)), 2), 1e-13, 1e-14);
    });
  });

  it('matmul: VJP of the VJP on broadcasting batches', () => {
    check(
      matmulArb,
      (xs) => expectSecondOrderOk('matmul', matmul, xs, cotangentFor(matmul, xs), worst),
      {
        numRuns: 10,
      },
    );
  });

  it('cholesky: VJP of the VJP', () => {
    const arb = uniformInt(1, 3).chain((n) => spdArb([], n));
    check(
      arb,
      (a) => expectSecondOrderOk('cholesky', cholesky, [a], cotangentFor(cholesky, [a]), worst),
      {
        numRuns: 8,
      },
    );
  });

  it('triangularSolve: VJP of the VJP', () => {
    check(
      triangularSolveArb,
      ({ l, b, options }) => {
        const f: Fn = (x, y) => triangularSolve(x, y, options);
        expectSecondOrderOk('triangularSolve', f, [l, b], cotangentFor(f, [l, b]), worst);
      },
      { numRuns: 8 },
    );
  });
});

describe('linalg forward values', () => {
  it('matmul [2,1,3,4] @ [5,4,2] -> [2,5,3,2] equals a naive loop', () => {
    const [a, b] = named[0];
    const y = matmul(a, b);
    expect(y.shape).toEqual([2, 5, 3, 2]);
    expectClose(y, matmulRef(a, b), 1e-15, 1e-15);
  });

  it('matmul equals a naive loop on random shapes (vectors included)', () => {
    check(matmulArb, ([a, b]) => expectClose(matmul(a, b), matmulRef(a, b), 1e-14, 1e-14));
  });

  it('vector cases drop the added axis', () => {
    expect(matmul([1, 2, 3], [4, 5, 6]).shape).toEqual([]);
    expect(dot([1, 2, 3], [4, 5, 6]).item()).toBe(32);
    expect(
      matmul(
        [1, 2],
        [
          [1, 0],
          [0, 1],
        ],
      ).toArray(),
    ).toEqual([1, 2]);
    expect(
      matmul(
        [
          [1, 2],
          [3, 4],
        ],
        [5, 6],
      ).toArray(),
    ).toEqual([17, 39]);
    expect(matmul([1, 2], tensor([1, 0, 0, 1, 2, 0, 0, 2], [2, 2, 2])).toArray()).toEqual([
      [1, 2],
      [2, 4],
    ]);
  });

  it('tril and triu with offsets', () => {
    const x = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    expect(tril(x).toArray()).toEqual([
      [1, 0, 0],
      [4, 5, 0],
      [7, 8, 9],
    ]);
    expect(triu(x, 1).toArray()).toEqual([
      [0, 2, 3],
      [0, 0, 6],
      [0, 0, 0],
    ]);
    expect(tril(x, -1).toArray()).toEqual([
      [0, 0, 0],
      [4, 0, 0],
      [7, 8, 0],
    ]);
    expect(triu([[[1, 2]], [[3, 4]]]).toArray()).toEqual([[[1, 2]], [[3, 4]]]);
  });

  it('cholesky of known matrices', () => {
    expectClose(
      cholesky([
        [4, 2],
        [2, 3],
      ]),
      [
        [2, 0],
        [1, Math.SQRT2],
      ],
      1e-16,
    );
    expect(
      cholesky([
        [4, 12, -16],
        [12, 37, -43],
        [-16, -43, 98],
      ]).toArray(),
    ).toEqual([
      [2, 0, 0],
      [6, 1, 0],
      [-8, 5, 3],
    ]);
  });

  it('cholesky reproduces A = L Lᵀ with L lower triangular and a positive diagonal', () => {
    check(choleskyArb, (a) => {
      const L = cholesky(a);
      const r = L.rank;
      const perm = [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2];
      expectClose(matmul(L, transpose(L, perm)), a, 1e-14, 1e-14);
      expectClose(tril(L), L, 0);
      const n = L.shape[r - 1];
      for (let b = 0; b < L.size; b += n * n)
        for (let i = 0; i < n; i++) expect(L.data[b + i * n + i]).toBeGreaterThan(0);
    });
  });

  it('triangularSolve: the residual M X - B vanishes in every mode', () => {
    check(triangularSolveArb, ({ l, b, options }) => {
      const x = triangularSolve(l, b, options);
      const r = l.rank;
      const tri = options.lower ? tril(l) : triu(l);
      const m = options.adjoint
        ? transpose(tri, [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2])
        : tri;
      const residual = matmul(m, x);
      expectClose(residual, broadcastTo(b, residual.shape), 1e-13, 1e-13);
    });
    expect(
      triangularSolve(
        [
          [2, 0],
          [1, 1],
        ],
        [[2], [3]],
      ).toArray(),
    ).toEqual([[1], [2]]);
  });
});

describe('bad input', () => {
  it('matmul with a scalar names both shapes', () => {
    expect(() => matmul(2, [1, 2])).toThrow(ShapeError);
    expect(() => matmul(2, [1, 2])).toThrow(
      'matmul: needs tensors of rank >= 1, got a with shape [] and b with shape [2]',
    );
    expect(() => matmul([[1]], 3)).toThrow(/b with shape \[\]/);
  });

  it('matmul with mismatched inner dimensions names both shapes', () => {
    const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(() => matmul(a, a)).toThrow(
      'matmul: inner dimensions differ: a has shape [2,3] and b has shape [2,3] (3 vs 2)',
    );
    expect(() => matmul([1, 2], [1, 2, 3])).toThrow(
      'matmul: inner dimensions differ: a has shape [2] and b has shape [3]',
    );
    expect(() => dot([1, 2], [1, 2, 3])).toThrow(ShapeError);
  });

  it('matmul with non-broadcasting batches', () => {
    expect(() =>
      matmul(tensor(new Float64Array(8), [2, 2, 2]), tensor(new Float64Array(12), [3, 2, 2])),
    ).toThrow('matmul: cannot broadcast shapes [2] and [3]');
  });

  it('cholesky of a non-positive-definite or non-square matrix', () => {
    expect(() =>
      cholesky([
        [1, 2],
        [2, 1],
      ]),
    ).toThrow(ArgumentError);
    expect(() =>
      cholesky([
        [1, 2],
        [2, 1],
      ]),
    ).toThrow('cholesky: matrix is not positive definite: pivot 1 is -3');
    expect(() => cholesky([[[1]], [[-1]]])).toThrow(
      /matrix 1 of the batch is not positive definite/,
    );
    expect(() => cholesky([[1, 2, 3]])).toThrow(ShapeError);
    expect(() => cholesky([1, 2])).toThrow(
      /cholesky: argument 'a' must be a \(batch of\) square matrices/,
    );
  });

  it('triangularSolve with mismatched shapes', () => {
    expect(() =>
      triangularSolve(
        [
          [1, 0],
          [0, 1],
        ],
        [[1], [2], [3]],
      ),
    ).toThrow(
      'triangularSolve: b must have shape [..., 2, k] to match l of shape [2,2], got [3,1]',
    );
    expect(() => triangularSolve([[1, 0]], [[1]])).toThrow(ShapeError);
    expect(() =>
      triangularSolve(
        [
          [1, 0],
          [0, 1],
        ],
        [1, 2],
      ),
    ).toThrow(ShapeError);
  });

  it('tril/triu need rank >= 2', () => {
    expect(() => tril([1, 2])).toThrow('tril: needs a tensor of rank >= 2, got shape [2]');
    expect(() => triu(1)).toThrow(ShapeError);
  });

  it('non-numeric data names the op and argument', () => {
    expect(() => matmul([['x']] as unknown as TensorLike, [[1]])).toThrow(ArgumentError);
    expect(() => matmul([[1]], [[true, 'y']] as unknown as TensorLike)).toThrow(
      /matmul: argument 'b'/,
    );
    expect(() => cholesky({} as unknown as TensorLike)).toThrow(/cholesky: argument 'a'/);
  });
});

describe('matmul sums each element over the inner axis in order, in every layout', () => {
  /** Σ_p a[i,p]·b[p,j] accumulated from 0 in p order: the reference, bit for bit. */
  const naive = (a: number[][], b: number[][]): number[][] =>
    a.map((row) =>
      b[0].map((_, j) => {
        let s = 0;
        for (let p = 0; p < row.length; p++) s += row[p] * b[p][j];
        return s;
      }),
    );
  const T = (x: number[][]): number[][] => x[0].map((_, j) => x.map((r) => r[j]));
  const rand = (r: number, c: number, seed: number): number[][] =>
    Array.from({ length: r }, (_, i) =>
      Array.from({ length: c }, (_, j) => Math.sin(seed * 7.1 + i * 1.3 + j * 0.7) * 3),
    );
  it('forward and both VJPs (which read transposes in place) equal naive sums bit for bit', () => {
    for (const [n, k, m] of [
      [1, 1, 1],
      [2, 3, 4],
      [3, 5, 7],
      [5, 2, 9],
      [8, 8, 8],
      [7, 13, 1],
      [1, 6, 5],
    ]) {
      const a = rand(n, k, n + k);
      const b = rand(k, m, k + m);
      const g = rand(n, m, n * m);
      const { value, vjp: back } = vjp((x, y) => matmul(x, y), a, b);
      expect(value.toArray()).toEqual(naive(a, b));
      const [ga, gb] = back(g);
      expect(ga.toArray()).toEqual(naive(g, T(b))); // G Bᵀ
      expect(gb.toArray()).toEqual(naive(T(a), g)); // Aᵀ G
    }
  });
});

/** Elementwise Object.is (bit-identical up to NaN payloads). */
function expectSame(got: Tensor, want: Tensor, what: string): void {
  expect(got.shape).toEqual(want.shape);
  for (let q = 0; q < got.size; q++)
    if (!Object.is(got.data[q], want.data[q]))
      expect.fail(`${what}: element ${q} is ${got.data[q]}, want ${want.data[q]}`);
}

const mT2 = (t: Tensor): Tensor => transpose(t, [1, 0]);

/** The textbook substitution loop, column by column, for one matrix. */
function solveRef(l: Tensor, b: Tensor, lower: boolean, adjoint: boolean): Tensor {
  const [n, k] = b.shape;
  const at = (i: number, j: number): number => (adjoint ? l.data[j * n + i] : l.data[i * n + j]);
  const o = new Float64Array(n * k);
  const mLower = lower !== adjoint;
  for (let c = 0; c < k; c++)
    for (let s = 0; s < n; s++) {
      const i = mLower ? s : n - 1 - s;
      let v = b.data[i * k + c];
      if (mLower) for (let j = 0; j < i; j++) v -= at(i, j) * o[j * k + c];
      else for (let j = i + 1; j < n; j++) v -= at(i, j) * o[j * k + c];
      o[i * k + c] = v / at(i, i);
    }
  return tensor(o, [n, k]);
}

/** The row-by-row Cholesky loop of the textbook, for one matrix. */
function choleskyRef(a: Tensor): Tensor {
  const n = a.shape[0];
  const o = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0.5 * (a.data[i * n + j] + a.data[j * n + i]);
      for (let p = 0; p < j; p++) s -= o[i * n + p] * o[j * n + p];
      o[i * n + j] = i === j ? Math.sqrt(s) : s / o[j * n + j];
    }
  return tensor(o, [n, n]);
}

describe.each(['wasm', 'js'] as const)('linalg on the %s kernels', (backend) => {
  it('cholesky equals the textbook loop bit for bit, and names the same failing pivot', () => {
    setKernelBackend(backend);
    for (const n of [0, 1, 2, 3, 7, 8, 9, 10, 11, 12, 13, 33]) {
      const m = tensorFrom([n, n], n + 1);
      const a = add(matmul(m, transpose(m)), mul(eye(n), n)); // slightly asymmetric rounding
      expectSame(cholesky(a), choleskyRef(a), `n=${n}`);
      const batch = cholesky(broadcastTo(a, [2, n, n]));
      expectSame(tensor(batch.data.slice(n * n), [n, n]), choleskyRef(a), `batch n=${n}`);
    }
    const bad = add(
      mul(eye(12), 1),
      mul(
        tensor(
          Float64Array.from({ length: 144 }, (_, q) => (q === 5 * 13 ? -3 : 0)),
          [12, 12],
        ),
        1,
      ),
    );
    expect(() => cholesky(bad)).toThrow('pivot 5 is -2');
  });

  it('triangularSolve equals textbook substitution bit for bit (odd, unit, empty sizes)', () => {
    setKernelBackend(backend);
    for (const n of [0, 1, 2, 3, 9, 17])
      for (const k of [0, 1, 2, 3, 4, 5, 8, 9, 19])
        for (const lower of [true, false])
          for (const adjoint of [true, false]) {
            const l = add(tensorFrom([n, n], n), mul(eye(n), 3));
            const b = tensorFrom([k === 0 ? 2 : 1, n, k], k);
            const x = triangularSolve(l, b, { lower, adjoint });
            for (let q = 0; q < b.shape[0]; q++) {
              const bq = tensor(b.data.slice(q * n * k, (q + 1) * n * k), [n, k]);
              const xq = tensor(x.data.slice(q * n * k, (q + 1) * n * k), [n, k]);
              expectSame(xq, solveRef(l, bq, lower, adjoint), `n=${n} k=${k} ${lower} ${adjoint}`);
            }
          }
  });

  afterAll(() => setKernelBackend('auto'));

  it('equals the naive loop bit for bit (batches, vectors)', () => {
    setKernelBackend(backend);
    check(matmulArb, ([a, b]) => expectSame(matmul(a, b), matmulRef(a, b), 'matmul'));
  });

  it('both VJPs equal naive loops bit for bit, odd, unit and empty sizes', () => {
    setKernelBackend(backend);
    for (const [n, k, m] of [
      [0, 3, 2],
      [3, 0, 2],
      [2, 3, 0],
      [1, 1, 1],
      [1, 7, 1],
      [9, 5, 1],
      [1, 5, 9],
      [17, 3, 5],
      [4, 9, 8],
    ]) {
      const [a, b, g] = [
        tensorFrom([n, k], n + k),
        tensorFrom([k, m], k + m),
        tensorFrom([n, m], 7),
      ];
      const [ga, gb] = vjp(matmul, a, b).vjp(g);
      expectSame(ga, matmulRef(g, mT2(b)), `ḡa for ${n}x${k}x${m}`);
      expectSame(gb, matmulRef(mT2(a), g), `ḡb for ${n}x${k}x${m}`);
    }
  });

  it('gradcheck: first and second order through the kernels', () => {
    setKernelBackend(backend);
    check(matmulArb, ([a, b]) => expectGradOk('matmul', matmul, [a, b], worst), { numRuns: 20 });
    check(
      matmulArb,
      (xs) => expectSecondOrderOk('matmul', matmul, xs, cotangentFor(matmul, xs), worst),
      { numRuns: 5 },
    );
  });

  it('jit and eager agree bit for bit (regression-shaped value and gradient)', () => {
    setKernelBackend(backend);
    const x = tensorFrom([301, 7], 3);
    const y = tensorFrom([301], 4);
    const f = (w: Tensor): Tensor => sum(square(add(matmul(x, w), mul(y, -1))));
    const w = tensorFrom([7], 5);
    const eager = valueAndGrad(f)(w);
    const compiled = jit(valueAndGrad(f));
    for (let r = 0; r < 2; r++) {
      const c = compiled(w);
      expectSame(c.value, eager.value, 'value');
      expectSame(c.grad, eager.grad, 'gradient');
    }
  });
});
