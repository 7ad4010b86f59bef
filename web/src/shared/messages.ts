// Words the shared components show (both the portal and the console use them).
export const sharedMessages = {
  loading: '正在加载…',
  retry: '重试',
  empty: '暂无信息',
  networkError: '网络连接失败，请检查网络后重试。',
  tooMany: (seconds: number) => `访问过于频繁，请 ${seconds} 秒后再试。`,
  unavailable: '服务暂时不可用，请稍后重试。',
  notFound: '您要找的内容不存在或已被删除。',
  failed: '加载失败，请稍后重试。',
  pager: (total: number, page: number, pages: number) =>
    `共 ${total} 条 第 ${page}/${Math.max(pages, 1)} 页`,
  pagerLabel: '分页',
  firstPage: '首页',
  previousPage: '上一页',
  nextPage: '下一页',
  lastPage: '末页',
  jumpTo: '跳转到第',
  jumpUnit: '页',
  jump: '跳转',
  pageOutOfRange: (pages: number) => `请输入 1 到 ${pages} 之间的页码`,
} as const
