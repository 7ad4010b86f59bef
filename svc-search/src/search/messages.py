"""Every Chinese sentence svc-search shows people, in one place."""

QUERY_EMPTY = "请输入要搜索的内容"
QUERY_TOO_LONG = "搜索内容过长，请精简到 {limit} 个字以内"
UNKNOWN_PARAMETER = "不支持的查询参数：{names}"
UNKNOWN_FACET = "不支持的分面：{names}（可用：{allowed}）"
BAD_PARAMETER = "参数 {name} 的取值无效"
PAGE_TOO_DEEP = "最多只能翻到第 {limit} 页，请缩小搜索范围"
DOCUMENT_NOT_FOUND = "要置顶的文档不存在或已撤下"
BEST_BET_NOT_FOUND = "置顶推荐不存在"
SYNONYM_NOT_FOUND = "同义词组不存在"
SYNONYM_TOO_FEW = "同义词组至少需要两个不同的词"
ALL_SITES_NEEDS_ADMIN = "全站置顶只能由平台管理员设置"
QA_UNKNOWN = "不知道。暂时没有找到足够可靠的答案，建议拨打 12345 热线或换个说法再问。"
EDITOR_ROLE_MISSING = "只有站点编辑或平台管理员可以执行此操作"
SERVICE_TITLE = "统一搜索"
MY_DATA_NOTE = (
    "统一搜索不按用户保存任何信息：检索记录只含去除个人信息后的检索词，不记录账号、IP 或令牌。"
)
