from django.urls import path

import sanxiang.core.converters  # noqa: F401  (registers <id:...>, the bounded integer)
from sanxiang.accounts import views, views_second_factor, views_users

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views_second_factor.login_code_view, name="login_code"),
    path("login/enrol/", views_second_factor.login_enrol_view, name="login_enrol"),
    path("logout/", views.logout_view, name="logout"),
    path("second-factor/", views_second_factor.second_factor_view, name="second_factor"),
    path("password/", views.password_change_view, name="password_change"),
    path("", views.workbench_view, name="workbench"),
    # administrators: user accounts
    path("users/", views_users.users_view, name="users"),
    path("users/new/", views_users.user_create_view, name="user_create"),
    path("users/<id:pk>/", views_users.user_view, name="user"),
    path("users/<id:pk>/edit/", views_users.user_edit_view, name="user_edit"),
    path("users/<id:pk>/active/", views_users.user_active_view, name="user_active"),
    path("users/<id:pk>/password/", views_users.user_password_view, name="user_password"),
    path("users/<id:pk>/unlock/", views_users.user_unlock_view, name="user_unlock"),
    path("users/<id:pk>/second-factor/", views_users.user_second_factor_view, name="user_second_factor"),
    # administrators: API tokens of an agency
    path("agency/<id:pk>/tokens/", views_users.tokens_view, name="tokens"),
    path("token/<id:pk>/revoke/", views_users.token_revoke_view, name="token_revoke"),
]
