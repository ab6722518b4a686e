"""Login paths. Names are the contract other apps use: accounts:login, accounts:logout (POST),
accounts:signup <slug>, accounts:phone_login, accounts:otp_verify, accounts:otp_setup,
accounts:esia_start (?town=<slug>&next=...), accounts:esia_callback."""

from django.urls import path

from . import views, views_esia, views_otp, views_phone

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
]
