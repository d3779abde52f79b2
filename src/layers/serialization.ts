/**
 * Weights as JSON, bit for bit: each float64 array is stored as base64 of its
 * little-endian bytes (so -0, NaN payloads, subnormals and ±Infinity survive, which
 * JSON numbers cannot carry) with an FNV-1a checksum, and validated before anything is
 * assigned. Weights are matched to the model's by position, as Keras's `load_weights`
 * does (so a fresh model, whose layers are named `dense_1`, ... loads them); count and
 * shapes must agree.
 * @module
 */
import { PathwiseError, type Variable } from '../autodiff/index.js';
import { fmt, sizeOf } from '../autodiff/shape.js';

/**
 * A weights file that cannot be loaded: not JSON, not a pathwise weights file, a
 * checksum mismatch, or weights that do not fit the model. The message says which.
 * @example
 * ```ts
 * import { Dense, WeightsFormatError } from 'pathwise';
 * const d = new Dense({ units: 1 });
 * d.apply([[1]]);
 * try { d.loadWeightsJSON('{"format":'); } catch (e) { console.log(e instanceof WeightsFormatError); } // true
 * ```
 */
export class WeightsFormatError extends PathwiseError {}

/**
 * The JSON form of a layer's (or model's) weights.
 * @example
 * ```ts
 * import { Dense, type WeightsJSON } from 'pathwise';
 * const d = new Dense({ units: 1, name: 'out', kernelInitializer: 'ones' });
 * d.apply([[1, 2]]);
 * const json: WeightsJSON = d.weightsToJSON();
 * json.weights.map((w) => w.name); // ['out/kernel', 'out/bias']
 * json.weights[0].shape; // [2, 1]
 * ```
 */
export interface WeightsJSON {
  /** Always `'pathwise-weights'`. */
  format: 'pathwise-weights';
  /** Format version (1). */
  version: 1;
  /** One entry per weight, in the model's order. */
  weights: {
    /** The Variable's name, e.g. `'dense/kernel'`. */
    name: string;
    /** Its shape. */
    shape: number[];
    /** Always `'float64'`. */
    dtype: 'float64';
    /** Base64 of the little-endian float64 bytes, row-major. */
    data: string;
    /** FNV-1a (32-bit, hex) of those bytes. */
    checksum: string;
  }[];
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    s += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    s += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    s += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return s;
}

/** Decodes base64; null if the text is not valid base64. */
function fromBase64(s: string): Uint8Array | null {
  if (s.length % 4 !== 0) return null;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = s.charCodeAt(i + k);
      const v = c === 61 && i + k >= s.length - pad ? 0 : c < 128 ? B64_INDEX[c] : -1;
      if (v < 0) return null;
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

function fnv1a(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

/** The little-endian bytes of `data` (copied as bytes, so NaN payloads are kept). */
function bytesOf(data: Float64Array): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  if (!LITTLE_ENDIAN) for (let i = 0; i < bytes.length; i += 8) bytes.subarray(i, i + 8).reverse();
  return bytes;
}

/** The float64 values of little-endian `bytes` (length a multiple of 8). */
function valuesOf(bytes: Uint8Array): Float64Array {
  const b = bytes.slice();
  if (!LITTLE_ENDIAN) for (let i = 0; i < b.length; i += 8) b.subarray(i, i + 8).reverse();
  return new Float64Array(b.buffer, 0, b.length / 8);
}

/** @internal The JSON form of `variables`. */
export function encodeWeights(variables: readonly Variable[]): WeightsJSON {
  return {
    format: 'pathwise-weights',
    version: 1,
    weights: variables.map((v) => {
      const bytes = bytesOf(v.data);
      return {
        name: v.name,
        shape: [...v.shape],
        dtype: 'float64',
        data: toBase64(bytes),
        checksum: fnv1a(bytes),
      };
    }),
  };
}

/**
 * A weight name without the numbering that makes auto-generated layer names unique in
 * one process (`dense_2/kernel` → `dense/kernel`), so weights saved by one run load
 * into the same architecture built in another.
 */
function baseName(name: string): string {
  return name
    .split('/')
    .map((part) => part.replace(/_\d+$/, ''))
    .join('/');
}

/**
 * @internal Checks `json` (text or parsed) against `variables` and returns their new
 * values, or throws a {@link WeightsFormatError} saying what is wrong. Assigns nothing.
 */
export function decodeWeights(
  op: string,
  source: string,
  json: unknown,
  variables: readonly Variable[],
): Float64Array[] {
  const fail = (msg: string): never => {
    throw new WeightsFormatError(op, `${source} ${msg}`);
  };
  let doc = json;
  if (typeof json === 'string') {
    try {
      doc = JSON.parse(json);
    } catch (e) {
      fail(`is not valid JSON (${(e as Error).message})`);
    }
  }
  const d = doc as Partial<WeightsJSON> | null;
  if (d === null || typeof d !== 'object' || d.format !== 'pathwise-weights')
    fail(`is not a pathwise weights file (its "format" is not "pathwise-weights")`);
  if (d?.version !== 1) fail(`has version ${String(d?.version)}; this pathwise reads version 1`);
  const ws = d?.weights;
  if (!Array.isArray(ws)) fail('has no "weights" list');
  const list = ws as WeightsJSON['weights'];
  if (list.length !== variables.length)
    fail(
      `holds ${list.length} weight(s) but the model has ${variables.length} (${variables.map((v) => v.name).join(', ')})`,
    );
  return variables.map((v, i) => {
    const w = list[i];
    const where = `weight ${i} ('${w?.name ?? '?'}')`;
    if (
      w === null ||
      typeof w !== 'object' ||
      !Array.isArray(w.shape) ||
      typeof w.data !== 'string'
    )
      fail(`${where} is malformed: it needs a "shape" array and a "data" string`);
    if (w.dtype !== 'float64') fail(`${where} has dtype ${String(w.dtype)}, not float64`);
    if (typeof w.name !== 'string' || baseName(w.name) !== baseName(v.name))
      fail(
        `${where} does not match the model's weight ${i} ('${v.name}'): the names differ (a numbering suffix such as dense_2 vs dense is ignored)`,
      );
    if (fmt(w.shape) !== fmt(v.shape))
      fail(
        `${where} has shape ${fmt(w.shape)} but the model's weight ${i} ('${v.name}') has shape ${fmt(v.shape)}`,
      );
    const bytes = fromBase64(w.data);
    if (bytes === null) fail(`${where} has data that is not valid base64`);
    const b = bytes as Uint8Array;
    if (b.length !== sizeOf(v.shape) * 8)
      fail(
        `${where} has ${b.length} bytes of data; shape ${fmt(v.shape)} needs ${sizeOf(v.shape) * 8}`,
      );
    if (fnv1a(b) !== w.checksum) fail(`${where} is corrupt: its checksum does not match its data`);
    return valuesOf(b);
  });
}
