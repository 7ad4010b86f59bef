"""The Chinese wording of the merged document and its pages, in one place."""

from __future__ import annotations

TITLE = "政务集约化平台 API"
DOCS_TITLE = "政务集约化平台 API 文档"
GATEWAY_GROUP = "API 网关"
DESCRIPTION = """\
政务集约化平台对外接口的统一说明：网关自身的接口，以及经网关转发的各后端服务接口\
（路径前缀 `/api/<服务>`，如 `/api/content/…`）。按服务分组，每组标签以服务名称开头。

**认证**：需要身份的接口请在请求头携带网关签发的 JWT：`Authorization: Bearer <令牌>`；\
合作方系统使用分配的接口密钥：`X-API-Key: <密钥>`。公开接口无需认证。

**错误**：统一以 `application/problem+json`（RFC 9457）返回，`code` 字段稳定，供程序判断；\
`title`、`detail` 供人阅读。"""
UNAVAILABLE_NOTE = "以下服务暂时无法获取接口说明，本文档暂未包含其接口，请稍后刷新："
BEARER_DESCRIPTION = "网关签发的 JWT，放在 `Authorization: Bearer <令牌>` 请求头中。"
API_KEY_DESCRIPTION = "合作方系统的接口密钥，放在 `X-API-Key` 请求头中。"
