from django.contrib.auth import views as auth_views
from django.urls import path

from . import passwords, second_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", passwords.PasswordChange.as_view(), name="password_change"),
    path("password/reset/", passwords.PasswordReset.as_view(), name="password_reset"),
    path("password/reset/sent/", passwords.PasswordResetSent.as_view(), name="password_reset_sent"),
    path(
        "password/reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path("two-step/", second_factor_views.two_step, name="two_step"),
    path("two-step/enrol/", second_factor_views.two_step_enrol, name="two_step_enrol"),
    path("two-step/codes/", second_factor_views.two_step_codes, name="two_step_codes"),
    path("two-step/verify/", second_factor_views.two_step_verify, name="two_step_verify"),
    path("two-step/reset/", second_factor_views.two_step_reset, name="two_step_reset"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("audit/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("locks/", views.lock_list, name="lock_list"),
    path("locks/lift/", views.lock_lift, name="lock_lift"),
]
