import type { Scene } from '../scene/scene.ts';

// Layers locked in Figma become frozen groups: the engine keeps every parameter of their
// shapes bit for bit. "An object is locked if `.locked == true` for itself or **any** of its
// parents" (SceneNodeMixin.locked), so the parents count, up to the selected layers
// themselves: a designer often locks the frame they work in against dragging, and reading
// that as "freeze everything" would leave nothing to edit.

/** Indices of scene.groups drawn from a locked layer, or from one inside a locked layer below the selection. */
export async function lockedGroupsAsync(api: PluginAPI, scene: Scene, selection: readonly SceneNode[]): Promise<number[]> {
  const roots = new Set(selection.map((n) => n.id));
  const cache = new Map<string, boolean>();
  const lockedAsync = async (id: string): Promise<boolean> => {
    const hit = cache.get(id);
    if (hit !== undefined) return hit;
    let locked = false;
    let node: BaseNode | null = await api.getNodeByIdAsync(id);
    while (node && !locked && !roots.has(node.id) && node.type !== 'PAGE' && node.type !== 'DOCUMENT') {
      locked = 'locked' in node && node.locked;
      node = node.parent;
    }
    cache.set(id, locked);
    return locked;
  };
  const out: number[] = [];
  for (const [i, g] of scene.groups.entries()) if (g.source.kind === 'figma' && (await lockedAsync(g.source.ref))) out.push(i);
  return out;
}
