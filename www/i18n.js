// UI text in English and Simplified Chinese, chosen from navigator.language.
// Article text is never translated; only the page's own words are.

const STRINGS = {
  en: {
    tagline: 'Read scraped news archives as articles. Your files never leave this computer.',
    remoteImages: 'Load remote images',
    addFiles: 'Add files',
    dropHere: 'Drop files, folders or .zip archives here',
    dropNow: 'Drop to read',
    pickFiles: 'Choose files…',
    pickFolder: 'Choose a folder…',
    trySample: 'Try the sample corpus',
    privacyNote: 'Nothing is uploaded: reading, extraction and search run in this page.',
    cancel: 'Cancel',
    articles: 'Articles',
    searchLabel: 'Search articles',
    searchPlaceholder: 'Search — 搜索 (press /)',
    sortBy: 'Sort by',
    sortRelevance: 'Relevance',
    sortNewest: 'Newest',
    sortOldest: 'Oldest',
    noMatches: 'No article matches.',
    problems: 'Problems',
    problemsNote: 'These files could not be read as articles.',
    previous: 'Previous article',
    next: 'Next article',
    close: 'Close',
    keys: 'Keys:',
    keySearch: 'search',
    keyMove: 'move',
    keyOpen: 'open',
    keyClose: 'close',
    // Counts: {n} is a formatted number.
    nArticles: (n, c) => `${n} ${c === 1 ? 'article' : 'articles'}`,
    nProblems: (n, c) => `${n} ${c === 1 ? 'problem' : 'problems'}`,
    nDuplicates: (n, c) => `${n} ${c === 1 ? 'duplicate' : 'duplicates'}`,
    progress: (read, total, articles, problems) => `${read} of ${total} files read · ${articles} · ${problems}`,
    cancelled: (n) => `Cancelled after ${n} files.`,
    matches: (n, c) => `${n} ${c === 1 ? 'match' : 'matches'}`,
    duplicate: 'Duplicate',
    duplicateOf: (path) => `Same file as ${path}`,
    imageFrom: (host) => `Image from ${host}`,
    image: 'Image',
    untitled: '(untitled)',
    by: 'By',
    editor: 'Editor',
    captured: 'Captured',
    published: 'Published',
    sourceFile: 'Source file',
    original: 'Original article',
    format: 'Format',
    encoding: 'Encoding',
    warnings: 'Notes from the extractor',
    tags: 'Tags',
    coreFailed: (msg) => `The reader could not start: ${msg}`,
    readFailed: (msg) => `the browser could not read this file (${msg})`,
    sampleFailed: (msg) => `The sample corpus could not be loaded: ${msg}`,
    readerCrashed: 'the reader crashed on this file; the other files were not affected',
    archiveCrashed: 'the reader crashed while reading this archive; the files read from it before are kept',
    coreCrashed: (msg) => `The reader crashed (${msg}).`,
    workerLost: (what) => `A background worker stopped (${what}).`,
    workersFailed: (msg) => `The readers could not be restarted: ${msg}`,
    indexLost: (msg) => `The search index could not be rebuilt: ${msg}`,
    loadFailed: (msg) => `Loading stopped; what was read is kept. ${msg}`,
    rebuilding: 'A background worker stopped; rebuilding the search index from the articles loaded…',
    tooLarge: (mib, limit) => `not read: ${mib} MiB is more than the page reads (${limit} MiB); the command line reads larger files`,
    dateOnly: 'date only',
    filters: 'Filters',
    facet_outlet: 'Outlet',
    facet_year: 'Year',
    facet_month: 'Month',
    facet_section: 'Section',
    facet_tag: 'Tag',
    facet_author: 'Author',
    facet_format: 'Format',
    facet_language: 'Language',
  },
  'zh-Hans': {
    tagline: '把抓取的新闻存档读成文章。你的文件不会离开这台电脑。',
    remoteImages: '加载远程图片',
    addFiles: '添加文件',
    dropHere: '把文件、文件夹或 .zip 压缩包拖到这里',
    dropNow: '松开即可读取',
    pickFiles: '选择文件…',
    pickFolder: '选择文件夹…',
    trySample: '试试示例语料',
    privacyNote: '不上传任何内容：读取、提取和搜索都在本页面内完成。',
    cancel: '取消',
    articles: '文章',
    searchLabel: '搜索文章',
    searchPlaceholder: '搜索 — Search（按 /）',
    sortBy: '排序',
    sortRelevance: '相关度',
    sortNewest: '最新',
    sortOldest: '最早',
    noMatches: '没有匹配的文章。',
    problems: '问题',
    problemsNote: '这些文件无法读取为文章。',
    previous: '上一篇',
    next: '下一篇',
    close: '关闭',
    keys: '按键：',
    keySearch: '搜索',
    keyMove: '移动',
    keyOpen: '打开',
    keyClose: '关闭',
    nArticles: (n) => `${n} 篇文章`,
    nProblems: (n) => `${n} 个问题`,
    nDuplicates: (n) => `${n} 个重复`,
    progress: (read, total, articles, problems) => `已读 ${read} / ${total} 个文件 · ${articles} · ${problems}`,
    cancelled: (n) => `已取消，读取了 ${n} 个文件。`,
    matches: (n) => `${n} 条结果`,
    duplicate: '重复',
    duplicateOf: (path) => `与 ${path} 相同`,
    imageFrom: (host) => `来自 ${host} 的图片`,
    image: '图片',
    untitled: '（无标题）',
    by: '作者',
    editor: '责任编辑',
    captured: '抓取时间',
    published: '发布时间',
    sourceFile: '源文件',
    original: '原文链接',
    format: '格式',
    encoding: '编码',
    warnings: '提取说明',
    tags: '标签',
    coreFailed: (msg) => `阅读器无法启动：${msg}`,
    readFailed: (msg) => `浏览器无法读取此文件（${msg}）`,
    sampleFailed: (msg) => `无法加载示例语料：${msg}`,
    readerCrashed: '读取器在处理此文件时崩溃；其他文件不受影响',
    archiveCrashed: '读取器在读取此压缩包时崩溃；此前从中读出的文件已保留',
    coreCrashed: (msg) => `读取器崩溃（${msg}）。`,
    workerLost: (what) => `一个后台线程已停止（${what}）。`,
    workersFailed: (msg) => `无法重新启动读取器：${msg}`,
    indexLost: (msg) => `无法重建搜索索引：${msg}`,
    loadFailed: (msg) => `读取已停止；已读取的内容仍保留。${msg}`,
    rebuilding: '一个后台线程已停止；正在用已加载的文章重建搜索索引…',
    tooLarge: (mib, limit) => `未读取：${mib} MiB 超过页面可读取的上限（${limit} MiB）；命令行工具可读取更大的文件`,
    dateOnly: '仅日期',
    filters: '筛选',
    facet_outlet: '媒体',
    facet_year: '年份',
    facet_month: '月份',
    facet_section: '栏目',
    facet_tag: '标签',
    facet_author: '作者',
    facet_format: '格式',
    facet_language: '语言',
  },
};

/** The UI language: Simplified Chinese for any `zh*` preference, else English. */
export const lang = (navigator.languages?.[0] || navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh-Hans' : 'en';
/** The locale dates and numbers are formatted in: the reader's own. */
export const locale = navigator.language || 'en';

const table = STRINGS[lang];

/** A UI string; functions are called with `args`. */
export function t(key, ...args) {
  const s = table[key] ?? STRINGS.en[key] ?? key;
  return typeof s === 'function' ? s(...args) : s;
}

const numberFormat = new Intl.NumberFormat(locale);
/** 1234 → "1,234" in the reader's locale. */
export const num = (n) => numberFormat.format(n);

/** "1,234 articles" and friends: `key` names a count string. */
export const count = (key, n) => t(key, num(n), n);

/** Fills the static page text (`data-i18n`, `data-i18n-placeholder`, `data-i18n-label`). */
export function translatePage(root = document) {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-Hans';
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}
