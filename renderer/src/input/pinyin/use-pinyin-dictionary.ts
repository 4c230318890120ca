/**
 * The shipped pinyin dictionary (built by scripts/build-pinyin-dictionary.ts into the
 * renderer's folder), fetched from the app's own origin once per page and kept: it is
 * public data, nothing of the applicant's.
 */
import { useEffect, useState } from 'react';
import { PinyinDictionary } from './pinyin-engine';

const DICTIONARY_URL = './pinyin/dictionary.txt';
let loading: Promise<PinyinDictionary> | undefined;

export function loadPinyinDictionary(): Promise<PinyinDictionary> {
  loading ??= fetch(DICTIONARY_URL)
    .then((response) => {
      if (!response.ok) throw new Error(`${DICTIONARY_URL}: HTTP ${response.status}`);
      return response.text();
    })
    .then((text) => PinyinDictionary.parse(text))
    .catch((error: unknown) => {
      loading = undefined; // the next keyboard tries again
      throw error;
    });
  return loading;
}

export type DictionaryState = { kind: 'loading' } | { kind: 'ready'; dictionary: PinyinDictionary } | { kind: 'failed' };

export function usePinyinDictionary(): DictionaryState {
  const [state, setState] = useState<DictionaryState>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    loadPinyinDictionary().then(
      (dictionary) => live && setState({ kind: 'ready', dictionary }),
      () => live && setState({ kind: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
