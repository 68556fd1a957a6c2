import type { Page } from 'playwright-core';

// The one bridge between Node (the CLI, tests, benchmarks) and a page entry running in headless
// Chromium. A page publishes an object of methods under a name (exposePageApi); Node calls one
// by name through page.evaluate (callPageAsync). The name carries the API's type, so a call
// with the wrong method, arguments or result type does not compile. Arguments and results
// cross by structured clone: plain data only.

/** A page API's global name, tagged with the API's type. */
export interface PageApiName<A> {
  readonly name: string;
  /** Type tag only; never set. */
  readonly api?: A;
}

export function pageApiName<A>(name: string): PageApiName<A> {
  return { name };
}

type Method<A, K extends keyof A> = A[K] extends (...args: infer P) => infer R ? { args: P; result: Awaited<R> } : never;
/** The arguments of method K of page API A. */
export type PageArgs<A, K extends keyof A> = Method<A, K>['args'];
/** What method K of page API A resolves to. */
export type PageResult<A, K extends keyof A> = Method<A, K>['result'];

/** Page side: publish `api` under its name and mark the page ready (openBrowserEngineAsync waits for that). */
export function exposePageApi<A extends object>(name: PageApiName<A>, api: A): void {
  publishPageApi(name, api);
  Reflect.set(globalThis, '__engineReady', true);
}

/** Page side: publish `api` under its name without marking the page ready (another API does that). */
export function publishPageApi<A extends object>(name: PageApiName<A>, api: A): void {
  Reflect.set(globalThis, name.name, api);
}

/** Node side: call `method` of the page's API with `args`; resolves to its (awaited) result. */
export function callPageAsync<A, K extends keyof A & string>(page: Page, name: PageApiName<A>, method: K, ...args: PageArgs<A, K>): Promise<PageResult<A, K>> {
  type Result = PageResult<A, K>;
  // Runs in the page (serialised by Playwright): only its arguments cross, not closures.
  return page.evaluate(
    async ([apiName, m, a]) => {
      const api: Record<string, ((...x: unknown[]) => Result | Promise<Result>) | undefined> | undefined = Reflect.get(globalThis, apiName);
      const f = api?.[m];
      if (!f) throw new Error(`this page has no ${apiName}.${m}`);
      return f.apply(api, a);
    },
    [name.name, method, args] as const,
  );
}
