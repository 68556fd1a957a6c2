// Which op types of a graph the autodiff has no rule for, so a host can refuse a model
// before downloading the rest of it rather than when the gradient graph is built.
import type { GraphProto } from './onnx-codec.ts';
import { NON_DIFFERENTIABLE, VJP_TABLE } from './vjp-table.ts';

export function opsWithoutGradientRule(graph: GraphProto): string[] {
  const missing = new Set<string>();
  for (const node of graph.node ?? []) {
    const op = node.opType ?? '';
    const domain = node.domain ?? '';
    if (domain !== '' && domain !== 'ai.onnx') missing.add(`${domain}:${op}`);
    else if (!VJP_TABLE[op] && !NON_DIFFERENTIABLE.has(op)) missing.add(op);
  }
  return [...missing].sort();
}
