// .wgsl sources are imported as strings (see augment-shaders.ts).
declare module '*.wgsl' {
  const source: string;
  export default source;
}
