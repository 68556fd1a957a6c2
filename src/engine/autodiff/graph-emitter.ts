// Appends nodes to a graph being differentiated, in the node forms of the model's opset
// (axes as attributes or inputs, etc.), and keeps shape inference current so that later
// rules can ask for the shapes of gradients.
import { makeAttr, type AttrValue } from './onnx-attributes.ts';
import type { NodeProto, TensorProto } from './onnx-codec.ts';
import { inferInto, type Dim, type ShapeMap } from './shape-inference.ts';
import { DataType, makeFloatTensor, makeInt64Tensor } from './tensor-data.ts';

export const MIN_OPSET = 11;

export class GraphEmitter {
  private counter = 0;
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];

  constructor(
    readonly opset: number,
    readonly shapes: ShapeMap,
    private readonly takenNames: Set<string>,
    private readonly prefix = 'grad',
  ) {
    if (opset < MIN_OPSET) throw new Error(`ONNX opset ${opset} is too old for the gradient builder (needs >= ${MIN_OPSET})`);
  }

  fresh(hint: string): string {
    let name: string;
    do {
      this.counter += 1;
      name = `${this.prefix}/${hint}_${this.counter}`;
    } while (this.takenNames.has(name));
    this.takenNames.add(name);
    return name;
  }

  /** Emits one node; returns its output names. */
  emit(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outputCount = 1, hint = op): string[] {
    const outputs = Array.from({ length: outputCount }, () => this.fresh(hint));
    const node: NodeProto = {
      opType: op,
      name: this.fresh(`${op}_node`),
      input: inputs,
      output: outputs,
      attribute: Object.entries(attrs).map(([k, v]) => makeAttr(k, v)),
    };
    this.nodes.push(node);
    inferInto(node, this.shapes, this.opset);
    return outputs;
  }

  op(op: string, inputs: string[], attrs: Record<string, AttrValue> = {}): string {
    return this.emit(op, inputs, attrs)[0]!;
  }

  private addInitializer(tensor: TensorProto): string {
    this.initializers.push(tensor);
    const dims = (tensor.dims ?? []) as number[];
    this.shapes.set(tensor.name!, { elemType: tensor.dataType ?? undefined, shape: dims });
    return tensor.name!;
  }

  elemType(name: string): number {
    return this.shapes.get(name)?.elemType ?? DataType.FLOAT;
  }

  /** A float constant in the element type of `like`. */
  constFloat(values: number[], dims: number[], like: string): string {
    const name = this.fresh('const');
    this.addInitializer(makeFloatTensor(name, this.elemType(like), dims, values));
    this.shapes.get(name)!.value = values;
    return name;
  }

  scalar(value: number, like: string): string {
    return this.constFloat([value], [], like);
  }

  constInt64(values: number[], dims: number[] = [values.length]): string {
    const name = this.fresh('ints');
    this.addInitializer(makeInt64Tensor(name, dims, values));
    this.shapes.get(name)!.value = values;
    return name;
  }

  shapeOf(name: string, why: string): Dim[] {
    const shape = this.shapes.get(name)?.shape;
    if (!shape) throw new Error(`gradient of ${why}: the shape of tensor "${name}" could not be inferred`);
    return shape;
  }

  private reduce(op: string, x: string, axes: number[], keepdims: boolean, inputSince: number): string {
    if (this.opset >= inputSince) return this.op(op, [x, this.constInt64(axes)], { keepdims: keepdims ? 1 : 0 });
    return this.op(op, [x], { axes, keepdims: keepdims ? 1 : 0 });
  }

  reduceSum(x: string, axes: number[], keepdims: boolean): string {
    return this.reduce('ReduceSum', x, axes, keepdims, 13);
  }

  reduceMean(x: string, axes: number[], keepdims: boolean): string {
    return this.reduce('ReduceMean', x, axes, keepdims, 18);
  }

  unsqueeze(x: string, axes: number[]): string {
    if (this.opset >= 13) return this.op('Unsqueeze', [x, this.constInt64(axes)]);
    return this.op('Unsqueeze', [x], { axes });
  }

  squeeze(x: string, axes: number[]): string {
    if (this.opset >= 13) return this.op('Squeeze', [x, this.constInt64(axes)]);
    return this.op('Squeeze', [x], { axes });
  }

  split(x: string, sizes: number[], axis: number): string[] {
    if (this.opset >= 13) return this.emit('Split', [x, this.constInt64(sizes)], { axis }, sizes.length);
    return this.emit('Split', [x], { axis, split: sizes }, sizes.length);
  }

  /** Zero padding; pads as ONNX orders them (all begins, then all ends). */
  pad(x: string, pads: number[]): string {
    return this.op('Pad', [x, this.constInt64(pads)], { mode: 'constant' });
  }

  transpose(x: string, perm: number[]): string {
    return this.op('Transpose', [x], { perm });
  }

  /** Swaps the last two axes. */
  transposeLast2(x: string, why: string): string {
    const rank = this.shapeOf(x, why).length;
    const perm = Array.from({ length: rank }, (_, i) => i);
    perm[rank - 1] = rank - 2;
    perm[rank - 2] = rank - 1;
    return this.transpose(x, perm);
  }

  add(a: string, b: string): string {
    return this.op('Add', [a, b]);
  }
  sub(a: string, b: string): string {
    return this.op('Sub', [a, b]);
  }
  mul(a: string, b: string): string {
    return this.op('Mul', [a, b]);
  }
  div(a: string, b: string): string {
    return this.op('Div', [a, b]);
  }
  neg(a: string): string {
    return this.op('Neg', [a]);
  }

  /** A static Reshape target: the one symbolic dim becomes -1; undefined if more than one. */
  private staticTarget(shape: Dim[]): number[] | undefined {
    const symbolic = shape.filter((d) => typeof d !== 'number').length;
    if (symbolic > 1 || shape.some((d) => d === 0)) return undefined;
    return shape.map((d) => (typeof d === 'number' ? d : -1));
  }

  /** Reshapes `g` to the shape of `target` (statically where one dim at most is symbolic). */
  reshapeLike(g: string, target: string, why: string): string {
    const shape = this.shapeOf(target, why);
    const gShape = this.shapes.get(g)?.shape;
    if (gShape && sameDims(gShape, shape)) return g;
    const fixed = this.staticTarget(shape);
    const shapeTensor = fixed ? this.constInt64(fixed) : this.op('Shape', [target]);
    const out = this.op('Reshape', [g, shapeTensor]);
    this.shapes.get(out)!.shape = shape;
    return out;
  }

  /** Broadcasts `g` (same rank as `target`, size 1 on reduced axes) back to `target`'s shape. */
  expandLike(g: string, target: string, why: string): string {
    const shape = this.shapeOf(target, why);
    const gShape = this.shapeOf(g, why);
    const symbolsCarried = shape.every((d, i) => typeof d === 'number' || gShape[i] === d);
    const shapeTensor = symbolsCarried ? this.constInt64(shape.map((d) => (typeof d === 'number' ? d : 1))) : this.op('Shape', [target]);
    const out = this.op('Expand', [g, shapeTensor]);
    this.shapes.get(out)!.shape = shape;
    return out;
  }

  /** Sums `g` over the axes along which `target` was broadcast, giving `target`'s shape. */
  unbroadcast(g: string, target: string, why: string): string {
    const gShape = this.shapeOf(g, why);
    const tShape = this.shapeOf(target, why);
    const lead = gShape.length - tShape.length;
    if (lead < 0) throw new Error(`gradient of ${why}: "${g}" has lower rank than "${target}"`);
    const axes: number[] = [];
    for (let i = 0; i < lead; i++) axes.push(i);
    tShape.forEach((d, i) => {
      if (d === 1 && gShape[lead + i] !== 1) axes.push(lead + i);
    });
    if (axes.length === 0) return g;
    let out = this.reduceSum(g, axes, true);
    if (lead > 0)
      out = this.squeeze(
        out,
        Array.from({ length: lead }, (_, i) => i),
      );
    this.shapes.get(out)!.shape = tShape;
    return out;
  }
}

export function sameDims(a: Dim[], b: Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
