import { FakeFigma } from '../fake-figma/fake-figma.ts';

/** The text colour of the text-frame fixtures (#cc3366), as Figma's 0..1 RGB. */
export const TEXT_COLOUR = { r: 204 / 255, g: 51 / 255, b: 102 / 255 };

export interface TextFrameSpec {
  characters: string;
  fontSize: number;
  width: number;
  height: number;
  x: number;
  y: number;
}

/** A fake Figma document with one selected frame holding one solid-filled TEXT node (DejaVu outlines). */
export function fakeTextFrame(spec: TextFrameSpec) {
  const f = new FakeFigma();
  const frame = f.createFrame();
  frame.resize(spec.width, spec.height);
  const text = f.createText();
  frame.appendChild(text);
  text.characters = spec.characters;
  text.fontSize = spec.fontSize;
  text.x = spec.x;
  text.y = spec.y;
  text.fills = [{ type: 'SOLID', color: TEXT_COLOUR }];
  f.select(frame);
  return { f, frame, text };
}
