// The few parts of fontkit (pdfkit's own font engine, installed with it) that
// core/documents uses; fontkit ships no type declarations.
declare module 'fontkit' {
  export interface Font {
    readonly postscriptName: string;
    readonly unitsPerEm: number;
    layout(text: string): unknown;
  }
  export function create(data: Uint8Array, postscriptName?: string): Font;
}
