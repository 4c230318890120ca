// The wording of the industry (行业) in a business name, offered for the scope items the
// applicant chose (秒报: choose, don't type): derived from the item's standard wording
// and its keywords. 图文设计制作 → 图文设计, 图文设计制作, 图文, 名片; 理发服务 → 理发 …
// Words that name a kind of shop (饭店, 餐馆, 网吧) are left out: they are the
// organisation form's business, and 店 or 馆 would then appear twice in the name.

/** Endings that say how a trade is carried on rather than what it is: 理发服务 → 理发. */
const GENERIC_ENDINGS = ['服务', '销售', '零售', '批发', '经营', '活动', '制作', '代理'];
/** Keywords that say nothing of the trade on their own. */
const TOO_GENERAL = new Set(['批发', '管理', '制作', '开发', '出租', '注册', '产品', '收购', '连锁', '工具', '配件', '系统', '经营', '综合']);
const SHOP_ENDING = /[店馆厅廊行部房院室吧楼档场城社厂]$/u;
const HAN = /^\p{Script=Han}+$/u;
const MAX_TERMS = 8;

export function industryTermsOf(item: { name: string; keywords: readonly string[] }): string[] {
  const terms: string[] = [];
  const add = (term: string, min = 2, max = 8) => {
    const length = Array.from(term).length;
    if (length >= min && length <= max && HAN.test(term) && !SHOP_ENDING.test(term) && !TOO_GENERAL.has(term) && !terms.includes(term)) terms.push(term);
  };
  const wording = item.name.replace(/（[^）]*）|\([^)]*\)/gu, '');
  for (const part of wording.split(/[、，,]/u)) {
    add(withoutGenericEndings(part));
    add(part);
  }
  for (const keyword of item.keywords) add(keyword, 2, 4);
  return terms.slice(0, MAX_TERMS);
}

function withoutGenericEndings(text: string): string {
  for (const ending of GENERIC_ENDINGS) {
    if (text.endsWith(ending) && Array.from(text).length - ending.length >= 2) return withoutGenericEndings(text.slice(0, -ending.length));
  }
  return text;
}
