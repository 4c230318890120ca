/** Pinyin initials for catalogue search: 餐饮服务 → cyfw. Letters and digits in the text are kept. */
import { pinyin } from 'pinyin-pro';

export function pinyinInitials(text: string): string {
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
