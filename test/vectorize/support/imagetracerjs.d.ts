// imagetracerjs ships no types; the adapter beside this file types the one call we make.
declare module 'imagetracerjs' {
  const tracer: unknown;
  export default tracer;
}
