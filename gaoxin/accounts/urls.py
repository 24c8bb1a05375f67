from django.contrib.auth import views as auth_views
from django.urls import path

from gaoxin.accounts import views

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    # The admin site signs in on the same page, so its sign-in has the same checks (second factor, throttle).
    path("admin/login/", views.LoginView.as_view(), name="admin-login"),
    path("accounts/login/code/", views.login_code, name="login-code"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/second-factor/", views.second_factor, name="second-factor"),
    path("accounts/password/", views.password_change, name="password-change"),
    path("accounts/password/reset/", views.password_reset, name="password-reset"),
    path("accounts/password/reset/code/", views.password_reset_code, name="password-reset-code"),
]
