from govkit.errors import AppError


class AccountLocked(AppError):
    status, code, title = 423, "account_locked", "账号已锁定"
