// Which model start may still change what the window shows. Comlink delivers a start's progress
// callbacks on the proxy's own MessagePort and its reply on the endpoint's port, and messages on
// different ports are not ordered with each other: the last progress event can arrive after the
// reply (and, unguarded, put a ready engine back to "loading" for good). A start that a newer one
// superseded must not report either.
export class ModelStartSequence {
  private latest = 0;
  private settled = 0;

  /** A new start; every earlier one stops reporting. */
  begin(): number {
    this.latest += 1;
    return this.latest;
  }

  /** Whether progress from start `id` may still be shown: it is the newest and has not settled. */
  acceptsProgress(id: number): boolean {
    return id === this.latest && this.settled !== id;
  }

  /** `report`, called only while start `id` may show progress. */
  progressOf<T>(id: number, report: (p: T) => void): (p: T) => void {
    return (p) => {
      if (this.acceptsProgress(id)) report(p);
    };
  }

  /** Marks start `id` settled; true when its outcome is the one to show (no newer start began). */
  settle(id: number): boolean {
    if (id !== this.latest) return false;
    this.settled = id;
    return true;
  }
}
