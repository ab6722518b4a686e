"""Login paths. Names are the contract other apps use: accounts:login, accounts:logout (POST),
accounts:signup <slug>, accounts:phone_login, accounts:otp_verify, accounts:otp_setup,
accounts:esia_start (?town=<slug>&next=...), accounts:esia_callback, accounts:confirm (?next=...),
accounts:confirm_phone, accounts:confirm_email_link, accounts:password_reset (by e-mail) and
accounts:password_phone (by SMS code) with their steps."""

from django.urls import path

from . import views, views_confirm, views_esia, views_otp, views_phone
from . import views_recovery as recovery

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("signup/<slug:slug>/", views.signup_view, name="signup"),
    path("phone/", views_phone.phone_login, name="phone_login"),
    path("phone/code/", views_phone.phone_login_code, name="phone_login_code"),
    path("otp/", views_otp.otp_verify, name="otp_verify"),
    path("otp/setup/", views_otp.otp_setup, name="otp_setup"),
    path("esia/", views_esia.esia_start, name="esia_start"),
    path("esia/callback/", views_esia.esia_callback, name="esia_callback"),
    path("confirm/", views_confirm.confirm, name="confirm"),
    path("confirm/phone/", views_confirm.confirm_phone, name="confirm_phone"),
    path("confirm/email/<uidb64>/<token>/", views_confirm.confirm_email_link,
         name="confirm_email_link"),
    path("password/reset/", recovery.RecoveryByEmail.as_view(), name="password_reset"),
    path("password/reset/sent/", recovery.RecoveryEmailSent.as_view(),
         name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", recovery.RecoveryNewPassword.as_view(),
         name="password_reset_confirm"),
    path("password/reset/done/", recovery.RecoveryDone.as_view(),
         name="password_reset_complete"),
    path("password/phone/", recovery.recovery_phone, name="password_phone"),
    path("password/phone/code/", recovery.recovery_phone_code, name="password_phone_code"),
    path("password/phone/new/", recovery.recovery_phone_set, name="password_phone_set"),
]
