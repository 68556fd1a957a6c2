import { useRef, useState } from 'preact/hooks';
import type { EngineHostApi, PreviewState } from '../engine-host/engine-host-api.ts';
import type { Scene } from '../scene/scene.ts';
import { isCompareKey, previewSceneOf, type PreviewView } from './compare-view.ts';

// The preview once a result is on screen: the candidate, the original while Compare is held
// (button or key), or both side by side. Draws go through the engine one at a time, in order,
// so a quick press and release never ends on the original.

export interface CompareHandle {
  /** What the preview shows now. */
  view: PreviewView;
  /** Draws `candidate` (from `source`) in the chosen view (not the held one). */
  show(source: Scene, candidate: Scene): void;
  /** The pair for Compare when the candidate is on screen already (a run's last preview). */
  attach(source: Scene, candidate: Scene): void;
  hold(held: boolean): void;
  setSideBySide(on: boolean): void;
  /** Forget the pair (a new run draws its own previews). */
  reset(): void;
  keyHandlers: { onKeyDown(e: KeyboardEvent): void; onKeyUp(e: KeyboardEvent): void; onBlur(): void };
}

export function useCompare(
  api: Pick<EngineHostApi, 'showSceneAsync'> | undefined,
  onDrawn: (p: (s: PreviewState) => PreviewState) => void,
  report: (e: unknown) => void,
): CompareHandle {
  const [view, setView] = useState<PreviewView>('candidate');
  const chosen = useRef<Exclude<PreviewView, 'original'>>('candidate');
  const held = useRef(false);
  const pair = useRef<{ source: Scene; candidate: Scene } | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());

  const draw = () => {
    const p = pair.current;
    if (!api || !p) return;
    const v: PreviewView = held.current ? 'original' : chosen.current;
    const scene = previewSceneOf(v, p.source, p.candidate);
    queue.current = queue.current
      .then(() => api.showSceneAsync(scene))
      .then(() => {
        setView(v);
        onDrawn((s) => ({ count: s.count + 1, iteration: -1 }));
      }, report);
  };
  const hold = (on: boolean) => {
    if (held.current === on || !pair.current) return;
    held.current = on;
    draw();
  };
  return {
    view,
    show: (source, candidate) => {
      pair.current = { source, candidate };
      draw();
    },
    attach: (source, candidate) => {
      pair.current = { source, candidate };
      if (chosen.current !== 'candidate') draw();
    },
    hold,
    setSideBySide: (on) => {
      chosen.current = on ? 'side-by-side' : 'candidate';
      draw();
    },
    reset: () => {
      pair.current = null;
      held.current = false;
      chosen.current = 'candidate';
      setView('candidate');
    },
    keyHandlers: {
      onKeyDown: (e) => {
        if (!isCompareKey(e.key)) return;
        e.preventDefault();
        if (!e.repeat) hold(true);
      },
      onKeyUp: (e) => {
        if (!isCompareKey(e.key)) return;
        e.preventDefault();
        hold(false);
      },
      onBlur: () => hold(false),
    },
  };
}
