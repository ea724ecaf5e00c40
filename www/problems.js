// Problems in the reader's language, from the core's stable codes (see the
// README's table). English shows the core's own sentence, which carries the
// details (sizes, dates); other languages show the code's translation, with
// the English detail kept as a tooltip.

import { lang } from './i18n.js';

const ZH = {
  empty: '空文件',
  blank: '文件只有空白',
  image: '图片，不是文字文章',
  document: '文档格式（PDF、旧版 Office 等），不是文字文章',
  media: '音频或视频，不是文字文章',
  archive: '压缩文件或其他归档，不是文字文章（ZIP 内的 ZIP 不会打开）',
  program: '程序文件，不是文字文章',
  binary: '二进制数据，不是文字文章',
  undecodable: '无法解码的文本（不是支持的编码）',
  'not-article': '不是新闻文章：既不是 RSS 存档、镜像页面，也不是 HTML 页面',
  'no-text': 'HTML 页面既无标题也无正文',
  'zip-damaged': 'ZIP 压缩包或其中一项已损坏',
  'zip-empty': '空的 ZIP 压缩包（没有文件）',
  'zip-unsafe-path': '未读取：压缩包内的路径含 “..” 或绝对路径',
  'zip-too-large': '未读取：解压后超过大小限制',
  'zip-too-many-entries': '压缩包的条目超过上限，其余未读取',
  'zip-encrypted': '加密的压缩包条目（不支持密码）',
  'too-large': '未读取：文件超过大小限制',
  'not-regular-file': '未读取：不是普通文件',
  'not-followed': '未跟随的链接（指向文件夹的符号链接）',
  unreadable: '无法读取此文件',
  internal: '读取此文件时出错（程序缺陷）；其他文件不受影响',
  'generic-reader': '由通用 HTML 读取器读取，准确度较低：请核对标题、日期和正文',
  'no-title': '没有标题',
  'no-body': '没有正文',
  'no-url': '没有原文链接',
  'from-front-matter': '部分字段取自 Jekyll 前言，而不是存档本身',
  'bad-capture-time': '抓取时间（<!--epoch-ms-->）不合理，已忽略',
  'bad-date': '无法识别的日期',
  'date-without-zone': '日期行有时间但没有时区，只保留日期',
  'date-after-capture': '发布时间晚于抓取时间，其中之一有误',
  'date-conflict': '两个来源的发布日期不一致',
  'decoding-errors': '部分字节无法解码，已替换',
  'unsafe-url': '已删除非 http(s) 链接（javascript:、data: 等）',
  'deep-nesting': 'HTML 嵌套过深，深层元素已展平（文字保留）',
  truncated: '过长的字段已截断',
  'control-characters': '已从文本中删除控制字符或双向覆盖字符',
  'zip-duplicate-name': '压缩包中另有同名条目；此条路径以 #2、#3… 结尾',
  'query-unknown-field': '未知的字段名：按字面文字搜索',
  'query-empty-date-range': '日期条件互相矛盾，没有文章能满足',
  // Malformed queries: functions of the parts the core sends with the code (QueryError).
  'query-unclosed-quote': ({ quote, close }) => `引号 ${quote} 没有闭合：请补上 ${close}`,
  'query-or-without-term': () => 'OR 两边都需要一个词，例如：乌克兰 OR 俄罗斯',
  'query-exclude-in-or': () => '“-”（排除）不能用在 OR 组里；请分别排除每个词',
  'query-lone-minus': () => '单独的“-”不排除任何内容：请紧贴在词前，例如 -广告',
  'query-missing-value': ({ field, example }) => `${field}: 后面需要一个值，例如 ${field}:${example}`,
  'query-bad-date': ({ field, example, value }) => `${field}: 需要日期，例如 ${field}:${example}，而不是“${value}”`,
  'query-too-many-terms': ({ max }) => `查询的条件超过 ${max} 个；请缩短`,
  other: '未知的问题',
};

/** The sentence to show for a problem, and the detail to keep as a tooltip (or null). */
export function problemText(code, message) {
  // The core writes English; a message in Chinese was written by the page
  // itself (a crash, a file too large for the browser), already translated.
  const translated = /\p{Script=Han}/u.test(message || '');
  if (lang === 'en' || translated || !code || !(code in ZH)) return { text: message || code || '', detail: null };
  const text = typeof ZH[code] === 'function' ? ZH[code]({}) : ZH[code];
  return { text, detail: message && message !== text ? message : null };
}

/**
 * The sentence for a malformed query (the core's `{ code, message, field,
 * example, value, quote, close, max }`): the core's English, or its code's
 * translation filled with those parts.
 */
export function queryErrorText(error) {
  if (typeof error === 'string') return error;
  const translate = ZH[error?.code];
  if (lang === 'en' || typeof translate !== 'function') return error?.message || '';
  return translate(error);
}
