"""Demo accounts, one per role (all share the demo password; see the README)."""

from __future__ import annotations

from govkit.validators import uscc_check_char

DEMO_CREDIT_CODE_BASE = "91360100MA35K8Q2X"
DEMO_CREDIT_CODE = DEMO_CREDIT_CODE_BASE + uscc_check_char(DEMO_CREDIT_CODE_BASE)

# username, display name, kind, org, [(role, scope)]
ACCOUNTS = [
    ("admin", "平台管理员", "staff", "zfb", [("platform_admin", "*")]),
    ("portal_editor", "门户网站采编", "staff", "zfb", [("site_editor", "site:portal")]),
    ("portal_reviewer", "门户网站审核", "staff", "zfb", [("site_reviewer", "site:portal")]),
    ("xc_editor", "新城区网站采编", "staff", "xc", [("site_editor", "site:xc-district")]),
    ("dispatcher", "热线派单员", "staff", "rx12345", [("dispatcher", "*")]),
    ("xc_handler", "新城区承办人员", "staff", "xc", [("unit_handler", "org:xc")]),
    ("dongjie_handler", "东街街道承办人员", "staff", "xc-01", [("unit_handler", "org:xc-01")]),
    ("supervisor", "督办人员", "staff", "zfb", [("unit_supervisor", "*")]),
    ("policy_officer", "政策专员", "staff", "fgw", [("policy_officer", "*")]),
    ("enterprise_demo", "江城示范科技有限公司", "enterprise", None, [("enterprise", "*")]),
    ("citizen_demo", "张三", "citizen", None, [("citizen", "*")]),
]
