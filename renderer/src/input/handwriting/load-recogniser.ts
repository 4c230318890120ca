/**
 * The recogniser in the renderer: the template file is fetched from the app's own origin
 * (built into dist/renderer/handwriting by scripts/build.mjs, never the network) once per
 * page, on the first pad that needs it.
 */
import { HandwritingRecogniser } from './recognise';
import { decodeTemplates } from './template-file';

export const TEMPLATES_URL = 'handwriting/templates.bin';

let loading: Promise<HandwritingRecogniser> | undefined;

export function loadRecogniser(): Promise<HandwritingRecogniser> {
  loading ??= fetch(TEMPLATES_URL)
    .then(async (response) => {
      if (!response.ok) throw new Error(`${TEMPLATES_URL}: HTTP ${response.status}`);
      return new HandwritingRecogniser(decodeTemplates(new Uint8Array(await response.arrayBuffer())));
    })
    .catch((error: unknown) => {
      loading = undefined; // the next pad tries again
      throw error;
    });
  return loading;
}
