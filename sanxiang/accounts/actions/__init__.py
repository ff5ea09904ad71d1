"""Writes for accounts, one module per concern: users, passwords and API tokens (``users``);
signing in under the lockouts (``sign_in``); the authenticator app (``second_factor``)."""

from sanxiang.accounts.actions.second_factor import (
    accept_code,
    code_required,
    confirm_enrolment,
    reset_second_factor,
)
from sanxiang.accounts.actions.sign_in import (
    SignIn,
    locked_until,
    second_factor_required,
    sign_in,
    sign_in_enrolling,
    sign_in_with_code,
    unlock_account,
)
from sanxiang.accounts.actions.users import (
    API_SCOPES,
    PASSWORD_LABEL,
    USER_EDIT_SPECS,
    USER_SPECS,
    change_password,
    create_user,
    issue_api_token,
    reset_password,
    revoke_api_token,
    set_user_active,
    token_for_secret,
    update_user,
)

__all__ = [
    "API_SCOPES",
    "PASSWORD_LABEL",
    "USER_EDIT_SPECS",
    "USER_SPECS",
    "SignIn",
    "accept_code",
    "change_password",
    "code_required",
    "confirm_enrolment",
    "create_user",
    "issue_api_token",
    "locked_until",
    "reset_password",
    "reset_second_factor",
    "revoke_api_token",
    "second_factor_required",
    "set_user_active",
    "sign_in",
    "sign_in_enrolling",
    "sign_in_with_code",
    "token_for_secret",
    "unlock_account",
    "update_user",
]
