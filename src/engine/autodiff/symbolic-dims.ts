// Tensor facts for shape inference: symbolic dimensions (the batch) kept as monomials so
// that products and quotients from shape subgraphs cancel exactly, broadcasting, and the
// small integer tensors whose values shape subgraphs compute.
import { toInt, type ValueInfoProto } from './onnx-codec.ts';

export type Dim = number | string;
export interface TensorInfo {
  elemType?: number;
  shape?: Dim[];
  /** Contents of a small tensor (<= MAX_VALUE_SIZE elements); strings are symbolic integers. */
  value?: Dim[];
}
export type ShapeMap = Map<string, TensorInfo>;

export const MAX_VALUE_SIZE = 64;
let symbolCounter = 0;
export function freshSymbol(hint: string): string {
  symbolCounter += 1;
  return `?${hint}${symbolCounter}`;
}

export function valueInfoToTensorInfo(info: ValueInfoProto): TensorInfo {
  const tensorType = info.type?.tensorType;
  if (!tensorType) return {};
  const out: TensorInfo = { elemType: tensorType.elemType ?? undefined };
  if (tensorType.shape) {
    out.shape = (tensorType.shape.dim ?? []).map((d, i) => {
      if (d.dimValue !== null && d.dimValue !== undefined && (d.dimParam ?? '') === '') return toInt(d.dimValue);
      return d.dimParam ? d.dimParam : freshSymbol(`${info.name ?? ''}_${i}_`);
    });
  }
  return out;
}

export function broadcastDims(a: Dim[], b: Dim[]): Dim[] {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x === 1) out.push(y);
    else if (y === 1) out.push(x);
    else if (typeof x === 'number') out.push(x);
    else out.push(y);
  }
  return out;
}

export function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

// Symbolic dims are kept as monomials "c*s1*s2" (canonical order), so that batch*heads
// from a Shape subgraph and the -1 of the Reshape that follows cancel out exactly.
interface Monomial {
  coef: number;
  symbols: string[];
}

function toMonomial(d: Dim): Monomial {
  if (typeof d === 'number') return { coef: d, symbols: [] };
  if (d.includes('(')) return { coef: 1, symbols: [d] };
  const m: Monomial = { coef: 1, symbols: [] };
  for (const part of d.split('*')) {
    const n = Number(part);
    if (part !== '' && Number.isFinite(n)) m.coef *= n;
    else m.symbols.push(part);
  }
  return m;
}

function fromMonomial(m: Monomial): Dim {
  if (m.symbols.length === 0) return m.coef;
  const symbols = [...m.symbols].sort();
  return m.coef === 1 ? symbols.join('*') : `${m.coef}*${symbols.join('*')}`;
}

export function multiply(a: Dim, b: Dim): Dim {
  const x = toMonomial(a);
  const y = toMonomial(b);
  return fromMonomial({ coef: x.coef * y.coef, symbols: [...x.symbols, ...y.symbols] });
}

/** a / b when b divides a exactly as monomials, else undefined. */
export function divide(a: Dim, b: Dim): Dim | undefined {
  const x = toMonomial(a);
  const y = toMonomial(b);
  if (y.coef === 0 || x.coef % y.coef !== 0) return undefined;
  const rest = [...x.symbols];
  for (const s of y.symbols) {
    const i = rest.indexOf(s);
    if (i < 0) return undefined;
    rest.splice(i, 1);
  }
  return fromMonomial({ coef: x.coef / y.coef, symbols: rest });
}

export function product(dims: Dim[]): Dim {
  return dims.reduce<Dim>((acc, d) => multiply(acc, d), 1);
}

export function arith(op: string, x: Dim, y: Dim, integer = true): Dim {
  if (typeof x === 'number' && typeof y === 'number') {
    switch (op) {
      case 'Add':
        return x + y;
      case 'Sub':
        return x - y;
      case 'Mul':
        return x * y;
      case 'Div':
        return integer ? Math.trunc(x / y) : x / y;
      case 'Equal':
        return x === y ? 1 : 0;
      case 'Less':
        return x < y ? 1 : 0;
      case 'Greater':
        return x > y ? 1 : 0;
      case 'Max':
        return Math.max(x, y);
      case 'Min':
        return Math.min(x, y);
      default:
        return freshSymbol('v');
    }
  }
  if (op === 'Mul') return multiply(x, y);
  if (op === 'Div' && integer) {
    const q = divide(x, y);
    if (q !== undefined) return q;
  }
  if ((op === 'Add' || op === 'Sub') && y === 0) return x;
  if (op === 'Equal' && x === y) return 1;
  // Symbolic dims are sizes, never negative: the exporters' Expand pattern compares them with -1.
  if (op === 'Equal' && ((typeof x === 'number' && x < 0) || (typeof y === 'number' && y < 0))) return 0;
  return `(${String(x)}${op}${String(y)})`;
}

export function broadcastValues(op: string, a: Dim[], b: Dim[], integer: boolean): Dim[] | undefined {
  if (a.length !== b.length && a.length !== 1 && b.length !== 1) return undefined;
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) out.push(arith(op, a[a.length === 1 ? 0 : i]!, b[b.length === 1 ? 0 : i]!, integer));
  return out;
}

export function constValue(info: TensorInfo | undefined): number[] | undefined {
  const v = info?.value;
  if (!v || v.some((x) => typeof x !== 'number')) return undefined;
  return v as number[];
}
